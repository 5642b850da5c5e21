package io.firefly.operator.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message of the events queue, read as the Amazon EventBridge event an SQS target receives: the
 * event's JSON is the message body. Only CloudFormation's "CloudFormation Stack Status Change" events
 * concern the operator (AWS CloudFormation User Guide, "Stack Status Change event detail"); any other
 * well-formed event is ignored, anything else is malformed. The event only says that a stack changed:
 * the operator reads the stack itself, so a late, repeated or out-of-order event cannot mislead it.
 */
public sealed interface StackEventMessage {

    String SOURCE = "aws.cloudformation";
    String DETAIL_TYPE = "CloudFormation Stack Status Change";

    /**
     * A stack status change.
     *
     * @param time when CloudFormation sent it, to the second (EventBridge's {@code time})
     */
    record StatusChange(String stackId, String stackName, String region, String status, String reason, Instant time)
            implements StackEventMessage {

        /**
         * Whether the stack stopped moving: a status that does not end in {@code _IN_PROGRESS}. Only then has
         * the operator something to do; the start of an operation is followed by the event of its end.
         */
        public boolean settled() {
            return !status.endsWith("_IN_PROGRESS");
        }
    }

    /** An EventBridge event of another kind, such as a resource status change or a drift detection result. */
    record Ignored(String source, String detailType) implements StackEventMessage {
    }

    record Malformed(String problem) implements StackEventMessage {
    }

    /** {@code arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/ID}, in any partition. */
    Pattern STACK_ID = Pattern.compile("arn:[^:]+:cloudformation:([^:]+):[^:]*:stack/([^/]+)/.+");

    ObjectMapper JSON = new ObjectMapper();

    static StackEventMessage parse(String body) {
        JsonNode event;
        try {
            event = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            return new Malformed("not JSON: " + e.getOriginalMessage());
        }
        if (event == null || !event.isObject() || !event.path("source").isTextual() || !event.path("detail-type").isTextual()) {
            return new Malformed("not an EventBridge event (no source and detail-type)");
        }
        String source = event.get("source").asText();
        String detailType = event.get("detail-type").asText();
        if (!SOURCE.equals(source) || !DETAIL_TYPE.equals(detailType)) {
            return new Ignored(source, detailType);
        }
        JsonNode detail = event.path("detail");
        Matcher id = STACK_ID.matcher(detail.path("stack-id").asText(""));
        String status = detail.path("status-details").path("status").asText("");
        if (!id.matches() || status.isEmpty()) {
            return new Malformed("a stack status change without a stack id or status");
        }
        Instant time;
        try {
            time = Instant.parse(event.path("time").asText(""));
        } catch (DateTimeParseException e) {
            return new Malformed("a stack status change without a time");
        }
        String reason = detail.path("status-details").path("status-reason").asText("");
        return new StatusChange(id.group(0), id.group(2), id.group(1), status, reason, time);
    }
}
