package io.firefly.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the operator makes of a message of its events queue, and of the queue's URL. */
class StackEventMessageTest {
    private static final String STACK_ID =
            "arn:aws:cloudformation:eu-west-1:123456789012:stack/firefly-users/5e3c2b10-0d3f-11ef-8f0e-0a1b2c3d4e5f";

    @Test
    void aStackStatusChangeNamesTheStackItsRegionAndWhetherItSettled() {
        StackEventMessage message = StackEventMessage.parse("""
                {"version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
                 "detail-type": "CloudFormation Stack Status Change", "source": "aws.cloudformation",
                 "account": "123456789012", "time": "2026-12-03T09:12:44Z", "region": "eu-west-1",
                 "resources": ["%s"],
                 "detail": {"stack-id": "%s",
                            "status-details": {"status": "UPDATE_ROLLBACK_COMPLETE", "status-reason": "Resource creation cancelled"}}}
                """.formatted(STACK_ID, STACK_ID));

        assertThat(message).isEqualTo(new StackEventMessage.StatusChange(STACK_ID, "firefly-users", "eu-west-1",
                "UPDATE_ROLLBACK_COMPLETE", "Resource creation cancelled", Instant.parse("2026-12-03T09:12:44Z")));
        assertThat(((StackEventMessage.StatusChange) message).settled()).isTrue();
        assertThat(((StackEventMessage.StatusChange) StackEventMessage.parse(event("UPDATE_ROLLBACK_IN_PROGRESS"))).settled())
                .isFalse();
    }

    @Test
    void otherEventsAreIgnoredAndAnythingElseIsMalformed() {
        assertThat(StackEventMessage.parse("""
                {"source": "aws.cloudformation", "detail-type": "CloudFormation Resource Status Change", "detail": {}}"""))
                .isEqualTo(new StackEventMessage.Ignored("aws.cloudformation", "CloudFormation Resource Status Change"));
        assertThat(StackEventMessage.parse("not json")).isInstanceOf(StackEventMessage.Malformed.class);
        assertThat(StackEventMessage.parse("{\"Type\": \"Notification\", \"Message\": \"{}\"}"))
                .isInstanceOf(StackEventMessage.Malformed.class);
        assertThat(StackEventMessage.parse(event("CREATE_COMPLETE").replace(STACK_ID, "firefly-users")))
                .as("a stack id that is no ARN").isInstanceOf(StackEventMessage.Malformed.class);
        assertThat(StackEventMessage.parse(event("CREATE_COMPLETE").replace("2026-12-03T09:12:44Z", "yesterday")))
                .isInstanceOf(StackEventMessage.Malformed.class);
    }

    @Test
    void theQueueRegionComesFromItsUrl() {
        assertThat(EventQueues.regionOf("https://sqs.eu-west-1.amazonaws.com/123456789012/q", "us-east-1")).isEqualTo("eu-west-1");
        assertThat(EventQueues.regionOf("https://ap-south-1.queue.amazonaws.com/123456789012/q", "us-east-1")).isEqualTo("ap-south-1");
        assertThat(EventQueues.regionOf("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q", "us-east-1")).isEqualTo("cn-north-1");
        assertThat(EventQueues.regionOf("http://127.0.0.1:4566/123456789012/q", "us-east-1")).isEqualTo("us-east-1");
    }

    private static String event(String status) {
        return """
                {"detail-type": "CloudFormation Stack Status Change", "source": "aws.cloudformation",
                 "time": "2026-12-03T09:12:44Z", "detail": {"stack-id": "%s", "status-details": {"status": "%s"}}}
                """.formatted(STACK_ID, status);
    }
}
