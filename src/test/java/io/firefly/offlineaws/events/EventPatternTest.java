package io.firefly.offlineaws.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firefly.offlineaws.cloudformation.StackStatusListener.StackStatusChange;
import io.firefly.offlineaws.sqs.Queue;
import io.firefly.offlineaws.sqs.Queues;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The comparison operators of EventBridge event patterns (Amazon EventBridge User Guide, "Comparison operators
 * for use in event patterns") that the offline EventBridge matches, with their matching and non-matching
 * cases, and the filters it does not implement, which match nothing.
 */
class EventPatternTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT = """
            {"source": "aws.s3", "region": "eu-west-1", "detail": {"file": "photo.png", "size": 5, "state": "running",
             "tags": ["blue", "green"], "empty": ""}}""";
    private static final String SETTLED_STACK_EVENTS = """
            {"source": ["aws.cloudformation"], "detail-type": ["CloudFormation Stack Status Change"],
             "detail": {"status-details": {"status": [{"anything-but": {"suffix": "_IN_PROGRESS"}}]}}}""";

    @Test
    void suffixMatchesStringsEndingWithIt() {
        assertThat(matches("{\"detail\": {\"file\": [{\"suffix\": \".png\"}]}}")).isTrue();
        assertThat(matches("{\"detail\": {\"file\": [{\"suffix\": \".jpg\"}]}}")).isFalse();
        assertThat(matches("{\"detail\": {\"missing\": [{\"suffix\": \"\"}]}}")).isFalse();
        assertThat(matches("{\"detail\": {\"size\": [{\"suffix\": \"5\"}]}}")).as("a number is not a string").isFalse();
    }

    @Test
    void anythingButAValueOrAListOfValues() {
        assertThat(matches("{\"detail\": {\"state\": [{\"anything-but\": \"initializing\"}]}}")).isTrue();
        assertThat(matches("{\"detail\": {\"state\": [{\"anything-but\": \"running\"}]}}")).isFalse();
        assertThat(matches("{\"detail\": {\"state\": [{\"anything-but\": [\"stopped\", \"overloaded\"]}]}}")).isTrue();
        assertThat(matches("{\"detail\": {\"state\": [{\"anything-but\": [\"stopped\", \"running\"]}]}}")).isFalse();
        assertThat(matches("{\"detail\": {\"size\": [{\"anything-but\": 5}]}}")).isFalse();
        assertThat(matches("{\"detail\": {\"size\": [{\"anything-but\": 5.0}]}}")).as("numbers compare by value").isFalse();
        assertThat(matches("{\"detail\": {\"size\": [{\"anything-but\": [100, 200]}]}}")).isTrue();
        assertThat(matches("{\"detail\": {\"size\": [{\"anything-but\": \"5\"}]}}")).as("the string \"5\" is not 5").isTrue();
    }

    @Test
    void anythingButAPrefixOrASuffix() {
        assertThat(matches("{\"region\": [{\"anything-but\": {\"prefix\": \"us-\"}}]}")).isTrue();
        assertThat(matches("{\"region\": [{\"anything-but\": {\"prefix\": \"eu-\"}}]}")).isFalse();
        assertThat(matches("{\"detail\": {\"file\": [{\"anything-but\": {\"suffix\": \".txt\"}}]}}")).isTrue();
        assertThat(matches("{\"detail\": {\"file\": [{\"anything-but\": {\"suffix\": \".png\"}}]}}")).isFalse();
    }

    @Test
    void anythingButNeedsTheFieldAndMatchesAnArrayWithOneOtherElement() {
        assertThat(matches("{\"detail\": {\"missing\": [{\"anything-but\": \"x\"}]}}")).isFalse();
        assertThat(matches("{\"detail\": {\"missing\": [{\"anything-but\": {\"suffix\": \"x\"}}]}}")).isFalse();
        assertThat(matches("{\"detail\": {\"tags\": [{\"anything-but\": \"blue\"}]}}")).isTrue();
        assertThat(matches("{\"detail\": {\"tags\": [{\"anything-but\": [\"blue\", \"green\"]}]}}")).isFalse();
    }

    @Test
    void theOtherFiltersStillMatch() {
        assertThat(matches("{\"source\": [\"aws.ec2\", \"aws.s3\"], \"detail\": {\"size\": [5]}}")).isTrue();
        assertThat(matches("{\"region\": [{\"prefix\": \"eu-\"}], \"detail\": {\"empty\": [\"\"]}}")).isTrue();
        assertThat(matches("{\"detail\": {\"state\": [{\"exists\": true}], \"missing\": [{\"exists\": false}]}}")).isTrue();
        assertThat(matches("{\"detail\": {\"missing\": [{\"exists\": true}]}}")).isFalse();
        assertThat(matches("{\"source\": [\"aws.s3\"], \"region\": [\"us-east-1\"]}")).as("every field must match").isFalse();
    }

    @Test
    void unimplementedFiltersMatchNothing() {
        assertThat(matches("{\"detail\": {\"size\": [{\"numeric\": [\">\", 0]}]}}")).isFalse();
        assertThat(matches("{\"detail\": {\"state\": [{\"equals-ignore-case\": \"RUNNING\"}]}}")).isFalse();
        assertThat(matches("{\"detail\": {\"state\": [{\"anything-but\": {\"equals-ignore-case\": \"stopped\"}}]}}")).isFalse();
        assertThat(matches("{\"detail\": {\"file\": [{\"anything-but\": {\"wildcard\": \"*.txt\"}}]}}")).isFalse();
        assertThat(matches("{\"detail\": {\"state\": [{\"anything-but\": [{\"prefix\": \"s\"}]}]}}")).isFalse();
    }

    @Test
    void theRuleForSettledStacksTakesCompleteStatusesAndLeavesEveryInProgressOneOut() {
        JsonNode pattern = json(SETTLED_STACK_EVENTS);
        try (EventDelivery delivery = new EventDelivery()) {
            CloudFormationEvents events = new CloudFormationEvents(new EventBus("us-east-1", "222222222222",
                    new Queues("us-east-1", "222222222222", Clock.systemUTC()), delivery));

            assertThat(EventPattern.matches(pattern, events.envelope(change("CREATE_COMPLETE")))).isTrue();
            assertThat(EventPattern.matches(pattern, events.envelope(change("UPDATE_ROLLBACK_COMPLETE")))).isTrue();
            assertThat(EventPattern.matches(pattern, events.envelope(change("CREATE_IN_PROGRESS")))).isFalse();
            assertThat(EventPattern.matches(pattern, events.envelope(change("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")))).isFalse();
            assertThat(EventPattern.matches(pattern, events.envelope(change("REVIEW_IN_PROGRESS")))).isFalse();
        }
    }

    @Test
    void theBusDeliversToTheQueueOnlyWhatTheRuleForSettledStacksTakes() {
        Queues queues = new Queues("us-east-1", "222222222222", Clock.systemUTC());
        Queue queue = queues.create("settled", Map.of());
        try (EventDelivery delivery = new EventDelivery()) {
            EventBus bus = new EventBus("us-east-1", "222222222222", queues, delivery);
            bus.putRule("settled", json(SETTLED_STACK_EVENTS), SETTLED_STACK_EVENTS, true, null);
            bus.putTargets("settled", Map.of("queue", queue.arn()));
            CloudFormationEvents events = new CloudFormationEvents(bus);

            events.changed(change("CREATE_IN_PROGRESS"));
            assertThat(queue.attributes()).containsEntry("ApproximateNumberOfMessages", "0");
            events.changed(change("CREATE_COMPLETE"));
            assertThat(queue.attributes()).containsEntry("ApproximateNumberOfMessages", "1");
            events.changed(change("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"));
            assertThat(queue.attributes()).containsEntry("ApproximateNumberOfMessages", "1");
        }
    }

    private static StackStatusChange change(String status) {
        return new StackStatusChange("arn:aws:cloudformation:us-east-1:222222222222:stack/app/6a0c1e70-0000-11ef-9d3a-0a1b2c3d4e5f",
                "app", status, null, Instant.parse("2024-05-01T10:00:00.250Z"));
    }

    private static boolean matches(String pattern) {
        return EventPattern.matches(json(pattern), json(EVENT));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
