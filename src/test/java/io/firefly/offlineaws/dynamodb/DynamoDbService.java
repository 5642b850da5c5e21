package io.firefly.offlineaws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import io.firefly.offlineaws.control.Identity;
import io.firefly.offlineaws.http.AwsService;
import io.firefly.offlineaws.http.CredentialProblem;
import io.firefly.offlineaws.http.Outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * The DynamoDB API: requests go to DynamoDB Local as they came, signed anew for the caller's account so that
 * they reach that account's tables, except the operations it lacks (point-in-time recovery and tags), which
 * are answered here from the account's {@link TableStore}. ARNs in DynamoDB Local's replies are rewritten to
 * this server's region and the caller's account.
 */
public final class DynamoDbService implements AwsService<DynamoDbCall> {

    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String JSON = "application/x-amz-json-1.0";
    private static final List<String> FORWARDED_HEADERS = List.of("Content-Type", "X-Amz-Target");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Function<String, TableStore> tablesOfAccount;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    /** @param tablesOfAccount the tables of an account, by account id */
    public DynamoDbService(Function<String, TableStore> tablesOfAccount, Clock clock) {
        this.tablesOfAccount = tablesOfAccount;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "dynamodb";
    }

    @Override
    public DynamoDbCall read(Headers headers, byte[] body) {
        String target = headers.getFirst("X-Amz-Target");
        return new DynamoDbCall(target.substring(TARGET_PREFIX.length()), headers, body);
    }

    @Override
    public Outcome throttled(DynamoDbCall call, Identity caller) {
        return error("com.amazon.coral.availability#ThrottlingException", "ThrottlingException", "Rate exceeded");
    }

    /** DynamoDB's wording names no region, unlike the Query services'. */
    @Override
    public Outcome unservedRegion(DynamoDbCall call, Identity caller, String signedRegion) {
        return error("com.amazon.coral.service#InvalidSignatureException", "InvalidSignatureException",
                "Credential should be scoped to a valid region. ");
    }

    @Override
    public Outcome unauthenticated(DynamoDbCall call, Identity caller, CredentialProblem problem) {
        return error("com.amazon.coral.service#" + problem.jsonType(), problem.jsonType(), problem.message());
    }

    @Override
    public Outcome handle(DynamoDbCall call, Identity caller) {
        TableStore tables = tablesOfAccount.apply(caller.accountId());
        try {
            return switch (call.action()) {
                case "UpdateContinuousBackups" -> updateContinuousBackups(tables, body(call));
                case "DescribeContinuousBackups" -> describeContinuousBackups(tables, body(call));
                case "TagResource" -> tagResource(tables, body(call));
                case "UntagResource" -> untagResource(tables, body(call));
                case "ListTagsOfResource" -> listTagsOfResource(tables, body(call));
                case "CreateTable" -> createTable(tables, call);
                case "DeleteTable" -> deleteTable(tables, call);
                default -> forward(tables, call);
            };
        } catch (DynamoDbError e) {
            return error(e.type(), e.code(), e.getMessage());
        }
    }

    private JsonNode body(DynamoDbCall call) {
        try {
            return json.readTree(call.body());
        } catch (IOException e) {
            throw new DynamoDbError("com.amazon.coral.service#SerializationException", "SerializationException",
                    "Start of structure or map found where not expected.");
        }
    }

    /** DynamoDB Local ignores tags given at creation; they are kept here so ListTagsOfResource shows them. */
    private Outcome createTable(TableStore tables, DynamoDbCall call) {
        Outcome outcome = forward(tables, call);
        JsonNode request = body(call);
        if (outcome.errorCode() == null && request.has("Tags")) {
            tables.tag(request.path("TableName").asText(), tags(request.path("Tags")));
        }
        return outcome;
    }

    private Outcome deleteTable(TableStore tables, DynamoDbCall call) {
        Outcome outcome = forward(tables, call);
        if (outcome.errorCode() == null) {
            tables.forget(TableStore.tableNameOf(body(call).path("TableName").asText()));
        }
        return outcome;
    }

    private Outcome updateContinuousBackups(TableStore tables, JsonNode request) {
        String table = existingTable(tables, request.path("TableName").asText());
        JsonNode spec = request.path("PointInTimeRecoverySpecification");
        if (!spec.has("PointInTimeRecoveryEnabled")) {
            throw validation("1 validation error detected: Value null at 'pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled' failed to satisfy constraint: Member must not be null");
        }
        int days = spec.path("RecoveryPeriodInDays").asInt(TableSettings.DEFAULT_RECOVERY_PERIOD_DAYS);
        if (days < 1 || days > 35) {
            throw validation("RecoveryPeriodInDays must be between 1 and 35, got " + days);
        }
        tables.setPitr(table, spec.path("PointInTimeRecoveryEnabled").asBoolean(), days);
        return continuousBackups(tables, table);
    }

    private Outcome describeContinuousBackups(TableStore tables, JsonNode request) {
        return continuousBackups(tables, existingTable(tables, request.path("TableName").asText()));
    }

    private Outcome continuousBackups(TableStore tables, String table) {
        TableSettings settings = tables.settings(table);
        ObjectNode reply = json.createObjectNode();
        ObjectNode description = reply.putObject("ContinuousBackupsDescription");
        description.put("ContinuousBackupsStatus", "ENABLED");
        ObjectNode pitr = description.putObject("PointInTimeRecoveryDescription");
        pitr.put("PointInTimeRecoveryStatus", settings.pitrEnabled() ? "ENABLED" : "DISABLED");
        if (settings.pitrEnabled()) {
            Instant now = clock.instant();
            pitr.put("RecoveryPeriodInDays", settings.recoveryPeriodInDays());
            pitr.put("EarliestRestorableDateTime", epochSeconds(settings.pitrEnabledAt()));
            pitr.put("LatestRestorableDateTime", epochSeconds(now));
        }
        return ok(reply);
    }

    private static String existingTable(TableStore tables, String nameOrArn) {
        String table = TableStore.tableNameOf(nameOrArn);
        if (!tables.exists(table)) {
            throw new DynamoDbError("com.amazonaws.dynamodb.v20120810#TableNotFoundException", "TableNotFoundException",
                    "Table not found: " + table);
        }
        return table;
    }

    private Outcome tagResource(TableStore tables, JsonNode request) {
        String table = taggedTable(tables, request.path("ResourceArn").asText());
        tables.tag(table, tags(request.path("Tags")));
        return ok(json.createObjectNode());
    }

    private Outcome untagResource(TableStore tables, JsonNode request) {
        String table = taggedTable(tables, request.path("ResourceArn").asText());
        List<String> keys = new ArrayList<>();
        request.path("TagKeys").forEach(k -> keys.add(k.asText()));
        tables.untag(table, keys);
        return ok(json.createObjectNode());
    }

    private Outcome listTagsOfResource(TableStore tables, JsonNode request) {
        String table = taggedTable(tables, request.path("ResourceArn").asText());
        ObjectNode reply = json.createObjectNode();
        ArrayNode list = reply.putArray("Tags");
        tables.settings(table).tags().forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
        return ok(reply);
    }

    /** A table of the caller's account, named by an ARN of that account: another account's ARN finds nothing. */
    private static String taggedTable(TableStore tables, String arn) {
        String table = TableStore.tableNameOf(arn);
        if (!arn.startsWith(tables.arnPrefix()) || !tables.exists(table)) {
            throw new DynamoDbError("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "ResourceNotFoundException",
                    "Requested resource not found: ResourceArn: " + arn + " not found");
        }
        return table;
    }

    private static Map<String, String> tags(JsonNode list) {
        Map<String, String> tags = new LinkedHashMap<>();
        list.forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        return tags;
    }

    private static double epochSeconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    /**
     * DynamoDB Local reads the access key and region of the signature to choose the database, and checks
     * nothing else of it: the request is signed anew, as the account.
     */
    private Outcome forward(TableStore tables, DynamoDbCall call) {
        String amzDate = AMZ_DATE.format(clock.instant());
        HttpRequest.Builder request = HttpRequest.newBuilder(tables.localEndpoint())
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()))
                .header("X-Amz-Date", amzDate)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + tables.localAccessKey() + "/"
                        + amzDate.substring(0, 8) + "/" + tables.region() + "/dynamodb/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0".repeat(64));
        for (String header : FORWARDED_HEADERS) {
            String value = call.headers().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("DynamoDB Local did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for DynamoDB Local", e);
        }
        String text = new String(response.body(), StandardCharsets.UTF_8)
                .replace(TableStore.LOCAL_ARN_PREFIX, tables.arnPrefix());
        String requestId = response.headers().firstValue("x-amzn-RequestId").orElse(UUID.randomUUID().toString());
        String errorCode = response.statusCode() >= 400 ? errorCode(text) : null;
        return reply(response.statusCode(), text, requestId, errorCode);
    }

    private String errorCode(String body) {
        try {
            String type = json.readTree(body).path("__type").asText("");
            return type.substring(type.indexOf('#') + 1);
        } catch (IOException e) {
            return "InternalServerError";
        }
    }

    private Outcome ok(JsonNode reply) {
        return reply(200, reply.toString(), UUID.randomUUID().toString(), null);
    }

    private Outcome error(String type, String code, String message) {
        ObjectNode reply = json.createObjectNode().put("__type", type).put("message", message);
        return reply(400, reply.toString(), UUID.randomUUID().toString(), code);
    }

    /** Clients check {@code x-amz-crc32} against the body, so it is computed over what is actually sent. */
    private static Outcome reply(int status, String text, String requestId, String errorCode) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        Map<String, String> headers = Map.of("x-amzn-RequestId", requestId, "x-amz-crc32", Long.toString(crc.getValue()));
        return new Outcome(status, JSON, bytes, headers, errorCode, null, null, null);
    }

    private static DynamoDbError validation(String message) {
        return new DynamoDbError("com.amazon.coral.validate#ValidationException", "ValidationException", message);
    }

    /** A DynamoDB error reply: the {@code __type} clients map to an exception, its short code and message. */
    private static final class DynamoDbError extends RuntimeException {
        private final String type;
        private final String code;

        DynamoDbError(String type, String code, String message) {
            super(message);
            this.type = type;
            this.code = code;
        }

        String type() {
            return type;
        }

        String code() {
            return code;
        }
    }
}
