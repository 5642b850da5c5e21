package io.firefly.operator.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.firefly.offlineaws.AwsClients;
import io.firefly.offlineaws.OfflineAws;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Wires the offline AWS that {@link OfflineAwsTestResource} started as docs/events.md wires AWS: an SQS queue,
 * and an EventBridge rule sending CloudFormation's settled stack status changes to it; the operator reads that
 * queue. {@link #wireQueue} does the same in another account, for a FireflyAccount. One stack that no FireflyStack manages is created at once, so that the operator has heard from the
 * region by the time a test starts. With {@code missing=true} the operator is given a queue that does not exist.
 */
public class EventQueueTestResource implements QuarkusTestResourceLifecycleManager {
    static final String QUEUE = "firefly-stack-events";
    /** As examples/events has it: settled statuses only. */
    static final String PATTERN = "{\"source\":[\"aws.cloudformation\"],\"detail-type\":[\"CloudFormation Stack Status Change\"],"
            + "\"detail\":{\"status-details\":{\"status\":[{\"anything-but\":{\"suffix\":\"_IN_PROGRESS\"}}]}}}";

    private boolean missing;

    @Override
    public void init(Map<String, String> initArgs) {
        missing = Boolean.parseBoolean(initArgs.getOrDefault("missing", "false"));
    }

    /** After the offline AWS is up. */
    @Override
    public int order() {
        return 10;
    }

    @Override
    public Map<String, String> start() {
        OfflineAws aws = OfflineAwsTestResource.aws();
        if (missing) {
            return Map.of("firefly.events.queue-url", aws.endpoint() + "/" + aws.accountId() + "/no-such-queue");
        }
        String queueUrl = wireQueue(aws, aws.accountId());
        try (var cfn = AwsClients.cloudFormation(aws)) {
            cfn.createStack(b -> b.stackName("unmanaged-warm-up").templateBody("Resources: {Topic: {Type: AWS::SNS::Topic}}"));
        }
        return Map.of("firefly.events.queue-url", queueUrl);
    }

    /** The account's queue and the rule on the account's event bus that sends its stack status changes there. */
    static String wireQueue(OfflineAws aws, String accountId) {
        var queue = aws.queues(accountId).create(QUEUE, Map.of());
        aws.eventBus(accountId).putRule(QUEUE, pattern(), PATTERN, true, null);
        aws.eventBus(accountId).putTargets(QUEUE, Map.of("queue", queue.arn()));
        return aws.endpoint() + "/" + accountId + "/" + QUEUE;
    }

    private static com.fasterxml.jackson.databind.JsonNode pattern() {
        try {
            return new ObjectMapper().readTree(PATTERN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // the queue goes with the offline AWS
    }
}
