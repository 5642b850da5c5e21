package io.firefly.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * Where CloudFormation's stack status changes of a FireflyAccount's AWS account arrive: an SQS queue of that
 * account, fed by an Amazon EventBridge rule there, read with the account's role.
 */
public record AccountEvents(
        @Required @Pattern(AccountEvents.QUEUE_URL_PATTERN) @Size(max = 2048)
        @JsonPropertyDescription("URL of the SQS queue the account's EventBridge rule sends CloudFormation stack"
                + " status changes to, such as https://sqs.eu-west-1.amazonaws.com/111122223333/firefly-stack-events."
                + " The role needs sqs:ReceiveMessage and sqs:DeleteMessage on it.") String queueUrl) {

    /** An http(s) URL whose path ends in the queue's account and name, as SQS's GetQueueUrl answers it. */
    public static final String QUEUE_URL_PATTERN = "^https?://[^/\\s]+(/[^/\\s]+)*/[0-9]{12}/[A-Za-z0-9_-]{1,80}(\\.fifo)?$";
}
