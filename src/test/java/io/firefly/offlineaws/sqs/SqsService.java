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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Amazon SQS over its JSON 1.0 protocol ({@code X-Amz-Target: AmazonSQS.*}), what the AWS SDK for Java v2,
 * boto3 and the AWS CLI speak: CreateQueue, GetQueueUrl, ListQueues, GetQueueAttributes, SetQueueAttributes,
 * SendMessage, ReceiveMessage with long polling, DeleteMessage, DeleteMessageBatch, PurgeQueue and DeleteQueue.
 * Each call acts in the caller's account: its queues are that account's, and a queue URL of another account
 * is refused as SQS refuses a queue whose policy does not let the caller in. Errors carry both the JSON
 * {@code __type} and the {@code x-amzn-query-error} header with the Query API's code, as SQS sends them for
 * clients that still know the older codes.
 */
public final class SqsService implements AwsService<JsonCall> {

    public static final String TARGET_PREFIX = "AmazonSQS.";
    private static final String JSON = "application/x-amz-json-1.0";
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    /** SQS's longest long poll and largest batch. */
    private static final int MAX_WAIT_SECONDS = 20;
    private static final int MAX_MESSAGES = 10;
    /** ListQueues's largest page. */
    private static final int MAX_RESULTS = 1000;

    private final Function<String, Queues> queuesOfAccount;
    private final ObjectMapper json = new ObjectMapper();

    public SqsService(Function<String, Queues> queuesOfAccount) {
        this.queuesOfAccount = queuesOfAccount;
    }

    /** One call: its JSON body, who made it and the queues of the caller's account. */
    private record SqsRequest(JsonCall call, JsonNode body, Identity caller, Queues queues) {

        JsonNode path(String field) {
            return body.path(field);
        }

        boolean has(String field) {
            return body.has(field);
        }
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

    @Override
    public Outcome handle(JsonCall call, Identity caller) {
        try {
            SqsRequest request = new SqsRequest(call, body(call), caller, queuesOfAccount.apply(caller.accountId()));
            return switch (call.action()) {
                case "CreateQueue" -> createQueue(request);
                case "GetQueueUrl" -> ok(json.createObjectNode().put("QueueUrl", url(request, queueNamed(request))));
                case "ListQueues" -> listQueues(request);
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
                    request.queues().delete(queue(request).name());
                    yield ok(json.createObjectNode());
                }
                default -> throw new SqsError("InvalidAction", "InvalidAction",
                        "The action or operation requested is invalid. Verify that the action is typed correctly.");
            };
        } catch (SqsError e) {
            return error(e);
        }
    }

    private Outcome createQueue(SqsRequest request) {
        String name = request.path("QueueName").asText("");
        if (!QUEUE_NAME.matcher(name).matches()) {
            throw new SqsError("InvalidParameterValue", "InvalidParameterValue", "Can only include alphanumeric"
                    + " characters, hyphens, or underscores. 1 to 80 in length");
        }
        Queue queue = request.queues().create(name, attributes(request.path("Attributes")));
        return ok(json.createObjectNode().put("QueueUrl", url(request, queue)));
    }

    /** The caller's account's queues; a page of {@code MaxResults} with a {@code NextToken} when it is given. */
    private Outcome listQueues(SqsRequest request) {
        List<Queue> named = request.queues().named(request.path("QueueNamePrefix").asText(""));
        int max = request.has("MaxResults") ? request.path("MaxResults").asInt() : MAX_RESULTS;
        if (max < 1 || max > MAX_RESULTS) {
            throw new SqsError("InvalidParameterValue", "InvalidParameterValue", "Value " + max
                    + " for parameter MaxResults is invalid. Reason: Must be between 1 and 1000, if provided.");
        }
        String after = request.path("NextToken").asText("");
        List<Queue> rest = named.stream().filter(q -> q.name().compareTo(after) > 0).toList();
        ObjectNode reply = json.createObjectNode();
        if (!rest.isEmpty()) {
            ArrayNode urls = reply.putArray("QueueUrls");
            rest.stream().limit(max).forEach(q -> urls.add(url(request, q)));
        }
        if (request.has("MaxResults") && rest.size() > max) {
            reply.put("NextToken", rest.get(max - 1).name());
        }
        return ok(reply);
    }

    private Outcome getQueueAttributes(SqsRequest request) {
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

    private Outcome sendMessage(SqsRequest request) {
        Queue queue = queue(request);
        String body = request.path("MessageBody").asText("");
        if (body.isEmpty()) {
            throw new SqsError("MissingParameter", "MissingParameter", "The request must contain the parameter MessageBody.");
        }
        String id = queue.send(body);
        return ok(json.createObjectNode().put("MessageId", id).put("MD5OfMessageBody", Queue.md5(body)));
    }

    private Outcome receiveMessage(SqsRequest request) {
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

    private Outcome deleteMessage(SqsRequest request) {
        Queue queue = queue(request);
        String receipt = request.path("ReceiptHandle").asText("");
        if (!queue.delete(receipt) && !receipt.contains("#")) {
            throw new SqsError("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid",
                    "The input receipt handle \"" + receipt + "\" is not a valid receipt handle.");
        }
        return ok(json.createObjectNode());
    }

    /** A receipt handle of a message deleted already is accepted again, as SQS does. */
    private Outcome deleteMessageBatch(SqsRequest request) {
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

    /** The queue the {@code QueueUrl} names, in the caller's account; another account's is denied. */
    private Queue queue(SqsRequest request) {
        String url = request.path("QueueUrl").asText("");
        if (url.isEmpty()) {
            throw new SqsError("MissingParameter", "MissingParameter", "The request must contain the parameter QueueUrl.");
        }
        QueueUrl named = QueueUrl.parse(url).orElseThrow(SqsService::noSuchQueue);
        requireOwnAccount(request, named.accountId(), named.name());
        return request.queues().byName(named.name()).orElseThrow(SqsService::noSuchQueue);
    }

    /** The queue of {@code QueueName}, in {@code QueueOwnerAWSAccountId} when given, which must be the caller's. */
    private Queue queueNamed(SqsRequest request) {
        String name = request.path("QueueName").asText();
        requireOwnAccount(request, request.path("QueueOwnerAWSAccountId").asText(request.caller().accountId()), name);
        return request.queues().byName(name).orElseThrow(SqsService::noSuchQueue);
    }

    /**
     * Another account's queue is refused whether it exists or not: its owner's queue policy would have to let
     * the caller in, and queues here have none. SQS answers HTTP 403 {@code AccessDenied} (Query code, in
     * {@code x-amzn-query-error}; {@code com.amazon.coral.service#AccessDeniedException} in the JSON body) with
     * IAM's explanation naming the caller, the action and the queue ARN.
     */
    private static void requireOwnAccount(SqsRequest request, String ownerAccountId, String name) {
        if (ownerAccountId.equals(request.caller().accountId())) {
            return;
        }
        String action = "sqs:" + request.call().action().toLowerCase(Locale.ROOT);
        String arn = "arn:aws:sqs:" + request.queues().region() + ":" + ownerAccountId + ":" + name;
        throw new SqsError(403, "com.amazon.coral.service#AccessDeniedException", "AccessDenied", "User: "
                + request.caller().arn() + " is not authorized to perform: " + action + " on resource: " + arn
                + " because no resource-based policy allows the " + action + " action");
    }

    private static SqsError noSuchQueue() {
        return new SqsError("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.");
    }

    /** The queue's URL on this endpoint, the host the client called: requests for it come back here. */
    private static String url(SqsRequest request, Queue queue) {
        String host = Optional.ofNullable(request.call().headers().getFirst("Host")).orElse("127.0.0.1");
        return "http://" + host + "/" + request.queues().accountId() + "/" + queue.name();
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
        ObjectNode reply = json.createObjectNode().put("__type", e.type).put("message", e.getMessage());
        return new Outcome(e.status, JSON, reply.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("x-amzn-RequestId", UUID.randomUUID().toString(), "x-amzn-query-error", e.queryCode + ";Sender"),
                e.queryCode, null, null, null);
    }

    /** An SQS error: its HTTP status, the JSON {@code __type} and the Query API's code. */
    private static final class SqsError extends RuntimeException {
        private final int status;
        private final String type;
        private final String queryCode;

        /** One of SQS's own errors, HTTP 400 with a {@code com.amazonaws.sqs#} shape. */
        SqsError(String shape, String queryCode, String message) {
            this(400, "com.amazonaws.sqs#" + shape, queryCode, message);
        }

        SqsError(int status, String type, String queryCode, String message) {
            super(message);
            this.status = status;
            this.type = type;
            this.queryCode = queryCode;
        }
    }
}
