package io.firefly.offlineaws.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import io.firefly.offlineaws.control.Identity;
import io.firefly.offlineaws.http.AwsService;
import io.firefly.offlineaws.http.CredentialProblem;
import io.firefly.offlineaws.http.JsonCall;
import io.firefly.offlineaws.http.Outcome;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Amazon SQS over its JSON 1.0 protocol ({@code X-Amz-Target: AmazonSQS.*}), what the AWS SDK for Java v2,
 * boto3 and the AWS CLI speak: CreateQueue, GetQueueUrl, GetQueueAttributes, SetQueueAttributes, SendMessage,
 * ReceiveMessage with long polling, DeleteMessage, DeleteMessageBatch, PurgeQueue and DeleteQueue. Errors
 * carry both the JSON {@code __type} and the {@code x-amzn-query-error} header with the Query API's code, as
 * SQS sends them for clients that still know the older codes.
 */
public final class SqsService implements AwsService<JsonCall> {

    public static final String TARGET_PREFIX = "AmazonSQS.";
    private static final String JSON = "application/x-amz-json-1.0";
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    /** SQS's longest long poll and largest batch. */
    private static final int MAX_WAIT_SECONDS = 20;
    private static final int MAX_MESSAGES = 10;

    private final Queues queues;
    private final ObjectMapper json = new ObjectMapper();

    public SqsService(Queues queues) {
        this.queues = queues;
    }

    @Override
    public String name() {
        return "sqs";
    }

    @Override
    public JsonCall read(Headers headers, byte[] body) {
        return JsonCall.of(TARGET_PREFIX, headers, body);
    }

    @Override
    public Outcome throttled(JsonCall call, Identity caller) {
        return error(new SqsError("RequestThrottled", "AWS.SimpleQueueService.RequestThrottled", "Rate exceeded"));
    }

    @Override
    public Outcome unservedRegion(JsonCall call, Identity caller, String signedRegion) {
        return error(new SqsError("InvalidSignatureException", "InvalidSignatureException",
                "Credential should be scoped to a valid region. "));
    }

    @Override
    public Outcome unauthenticated(JsonCall call, Identity caller, CredentialProblem problem) {
        return error(new SqsError(problem.jsonType(), problem.queryCode(), problem.message()));
    }

    /** Queues are not kept per account: every caller sees the same ones. */
    @Override
    public Outcome handle(JsonCall call, Identity caller) {
        try {
            JsonNode request = body(call);
            return switch (call.action()) {
                case "CreateQueue" -> createQueue(call, request);
                case "GetQueueUrl" -> ok(json.createObjectNode().put("QueueUrl", url(call, queueNamed(request.path("QueueName").asText()))));
                case "GetQueueAttributes" -> getQueueAttributes(request);
                case "SetQueueAttributes" -> {
                    queue(request).setAttributes(attributes(request.path("Attributes")));
                    yield ok(json.createObjectNode());
                }
                case "SendMessage" -> sendMessage(request);
                case "ReceiveMessage" -> receiveMessage(request);
                case "DeleteMessage" -> deleteMessage(request);
                case "DeleteMessageBatch" -> deleteMessageBatch(request);
                case "PurgeQueue" -> {
                    queue(request).purge();
                    yield ok(json.createObjectNode());
                }
                case "DeleteQueue" -> {
                    queues.delete(queue(request).name());
                    yield ok(json.createObjectNode());
                }
                default -> throw new SqsError("InvalidAction", "InvalidAction",
                        "The action or operation requested is invalid. Verify that the action is typed correctly.");
            };
        } catch (SqsError e) {
            return error(e);
        }
    }

    private Outcome createQueue(JsonCall call, JsonNode request) {
        String name = request.path("QueueName").asText("");
        if (!QUEUE_NAME.matcher(name).matches()) {
            throw new SqsError("InvalidParameterValue", "InvalidParameterValue", "Can only include alphanumeric"
                    + " characters, hyphens, or underscores. 1 to 80 in length");
        }
        Queue queue = queues.create(name, attributes(request.path("Attributes")));
        return ok(json.createObjectNode().put("QueueUrl", url(call, queue)));
    }

    private Outcome getQueueAttributes(JsonNode request) {
        Queue queue = queue(request);
        List<String> names = strings(request.path("AttributeNames"));
        ObjectNode attributes = json.createObjectNode();
        queue.attributes().forEach((k, v) -> {
            if (names.contains("All") || names.contains(k)) {
                attributes.put(k, v);
            }
        });
        ObjectNode reply = json.createObjectNode();
        if (!attributes.isEmpty()) {
            reply.set("Attributes", attributes);
        }
        return ok(reply);
    }

    private Outcome sendMessage(JsonNode request) {
        Queue queue = queue(request);
        String body = request.path("MessageBody").asText("");
        if (body.isEmpty()) {
            throw new SqsError("MissingParameter", "MissingParameter", "The request must contain the parameter MessageBody.");
        }
        String id = queue.send(body);
        return ok(json.createObjectNode().put("MessageId", id).put("MD5OfMessageBody", Queue.md5(body)));
    }

    private Outcome receiveMessage(JsonNode request) {
        Queue queue = queue(request);
        int max = request.path("MaxNumberOfMessages").asInt(1);
        if (max < 1 || max > MAX_MESSAGES) {
            throw new SqsError("InvalidParameterValue", "InvalidParameterValue", "Value " + max
                    + " for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
        }
        int wait = request.has("WaitTimeSeconds") ? request.path("WaitTimeSeconds").asInt()
                : Integer.parseInt(queue.attributes().getOrDefault("ReceiveMessageWaitTimeSeconds", "0"));
        if (wait < 0 || wait > MAX_WAIT_SECONDS) {
            throw new SqsError("InvalidParameterValue", "InvalidParameterValue", "Value " + wait
                    + " for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.");
        }
        Optional<Duration> visibility = request.has("VisibilityTimeout")
                ? Optional.of(Duration.ofSeconds(request.path("VisibilityTimeout").asLong())) : Optional.empty();
        List<String> wanted = new java.util.ArrayList<>(strings(request.path("AttributeNames")));
        wanted.addAll(strings(request.path("MessageSystemAttributeNames")));
        ObjectNode reply = json.createObjectNode();
        List<Queue.Received> received = queue.receive(max, Duration.ofSeconds(wait), visibility);
        if (!received.isEmpty()) {
            ArrayNode messages = reply.putArray("Messages");
            for (Queue.Received r : received) {
                ObjectNode m = messages.addObject().put("MessageId", r.messageId()).put("ReceiptHandle", r.receiptHandle())
                        .put("MD5OfBody", r.md5OfBody()).put("Body", r.body());
                ObjectNode attributes = json.createObjectNode();
                if (wanted.contains("All") || wanted.contains("SentTimestamp")) {
                    attributes.put("SentTimestamp", Long.toString(r.sentAt().toEpochMilli()));
                }
                if (wanted.contains("All") || wanted.contains("ApproximateReceiveCount")) {
                    attributes.put("ApproximateReceiveCount", Integer.toString(r.receiveCount()));
                }
                if (!attributes.isEmpty()) {
                    m.set("Attributes", attributes);
                }
            }
        }
        return ok(reply);
    }

    private Outcome deleteMessage(JsonNode request) {
        Queue queue = queue(request);
        String receipt = request.path("ReceiptHandle").asText("");
        if (!queue.delete(receipt) && !receipt.contains("#")) {
            throw new SqsError("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid",
                    "The input receipt handle \"" + receipt + "\" is not a valid receipt handle.");
        }
        return ok(json.createObjectNode());
    }

    /** A receipt handle of a message deleted already is accepted again, as SQS does. */
    private Outcome deleteMessageBatch(JsonNode request) {
        Queue queue = queue(request);
        JsonNode entries = request.path("Entries");
        if (entries.isEmpty()) {
            throw new SqsError("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest",
                    "There should be at least one DeleteMessageBatchRequestEntry in the request.");
        }
        if (entries.size() > MAX_MESSAGES) {
            throw new SqsError("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
                    "Maximum number of entries per request are 10. You have sent " + entries.size() + ".");
        }
        ObjectNode reply = json.createObjectNode();
        ArrayNode successful = reply.putArray("Successful");
        ArrayNode failed = reply.putArray("Failed");
        for (JsonNode entry : entries) {
            String receipt = entry.path("ReceiptHandle").asText("");
            if (queue.delete(receipt) || receipt.contains("#")) {
                successful.addObject().put("Id", entry.path("Id").asText());
            } else {
                failed.addObject().put("Id", entry.path("Id").asText()).put("SenderFault", true)
                        .put("Code", "ReceiptHandleIsInvalid").put("Message", "The input receipt handle is invalid.");
            }
        }
        return ok(reply);
    }

    private Queue queue(JsonNode request) {
        String url = request.path("QueueUrl").asText("");
        if (url.isEmpty()) {
            throw new SqsError("MissingParameter", "MissingParameter", "The request must contain the parameter QueueUrl.");
        }
        return queues.byUrl(url).orElseThrow(SqsService::noSuchQueue);
    }

    private Queue queueNamed(String name) {
        return queues.byName(name).orElseThrow(SqsService::noSuchQueue);
    }

    private static SqsError noSuchQueue() {
        return new SqsError("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.");
    }

    /** The queue's URL on this endpoint, the host the client called: requests for it come back here. */
    private String url(JsonCall call, Queue queue) {
        String host = Optional.ofNullable(call.headers().getFirst("Host")).orElse("127.0.0.1");
        return "http://" + host + "/" + queues.accountId() + "/" + queue.name();
    }

    private JsonNode body(JsonCall call) {
        try {
            JsonNode node = json.readTree(call.body());
            return node == null ? json.createObjectNode() : node;
        } catch (IOException e) {
            throw new SqsError("SerializationException", "SerializationException", "Start of structure or map found where not expected.");
        }
    }

    private static Map<String, String> attributes(JsonNode node) {
        Map<String, String> attributes = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        return attributes;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private Outcome ok(JsonNode reply) {
        return new Outcome(200, JSON, reply.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("x-amzn-RequestId", UUID.randomUUID().toString()), null, null, null, null);
    }

    private Outcome error(SqsError e) {
        ObjectNode reply = json.createObjectNode().put("__type", "com.amazonaws.sqs#" + e.type).put("message", e.getMessage());
        return new Outcome(400, JSON, reply.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("x-amzn-RequestId", UUID.randomUUID().toString(), "x-amzn-query-error", e.queryCode + ";Sender"),
                e.queryCode, null, null, null);
    }

    /** An SQS error: the JSON {@code __type} shape name and the Query API's code. */
    private static final class SqsError extends RuntimeException {
        private final String type;
        private final String queryCode;

        SqsError(String type, String queryCode, String message) {
            super(message);
            this.type = type;
            this.queryCode = queryCode;
        }
    }
}
