package io.firefly.offlineaws.events;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Amazon EventBridge's rules on the caller's default event bus, over its JSON 1.1 protocol
 * ({@code X-Amz-Target: AWSEvents.*}): PutRule, DescribeRule, ListRules, DeleteRule, PutTargets,
 * ListTargetsByRule and RemoveTargets. Enough to route CloudFormation's stack events to an SQS queue, in
 * each account.
 */
public final class EventBridgeService implements AwsService<JsonCall> {

    public static final String TARGET_PREFIX = "AWSEvents.";
    private static final String JSON = "application/x-amz-json-1.1";

    private final Function<String, EventBus> busOfAccount;
    private final ObjectMapper json = new ObjectMapper();

    public EventBridgeService(Function<String, EventBus> busOfAccount) {
        this.busOfAccount = busOfAccount;
    }

    @Override
    public String name() {
        return "events";
    }

    @Override
    public JsonCall read(Headers headers, byte[] body) {
        return JsonCall.of(TARGET_PREFIX, headers, body);
    }

    @Override
    public Outcome throttled(JsonCall call, Identity caller) {
        return error(new EventBridgeError("ThrottlingException", "Rate exceeded"));
    }

    @Override
    public Outcome unservedRegion(JsonCall call, Identity caller, String signedRegion) {
        return error(new EventBridgeError("InvalidSignatureException", "Credential should be scoped to a valid region. "));
    }

    @Override
    public Outcome unauthenticated(JsonCall call, Identity caller, CredentialProblem problem) {
        return error(new EventBridgeError(problem.jsonType(), problem.message()));
    }

    /** A call acts on the default bus of the caller's account, as each AWS account has its own. */
    @Override
    public Outcome handle(JsonCall call, Identity caller) {
        try {
            JsonNode request = body(call);
            EventBus bus = busOfAccount.apply(caller.accountId());
            requireDefaultBus(request, bus);
            return switch (call.action()) {
                case "PutRule" -> putRule(bus, request);
                case "DescribeRule" -> ok(describe(bus.rule(required(request, "Name"))));
                case "ListRules" -> listRules(bus, request);
                case "DeleteRule" -> {
                    bus.deleteRule(required(request, "Name"));
                    yield ok(json.createObjectNode());
                }
                case "PutTargets" -> putTargets(bus, request);
                case "ListTargetsByRule" -> listTargets(bus, request);
                case "RemoveTargets" -> {
                    List<String> ids = new ArrayList<>();
                    request.path("Ids").forEach(id -> ids.add(id.asText()));
                    bus.removeTargets(required(request, "Rule"), ids);
                    yield ok(json.createObjectNode().put("FailedEntryCount", 0).set("FailedEntries", json.createArrayNode()));
                }
                default -> throw new EventBridgeError("UnknownOperationException", null);
            };
        } catch (EventBridgeError e) {
            return error(e);
        }
    }

    private Outcome putRule(EventBus bus, JsonNode request) {
        String name = required(request, "Name");
        String patternText = request.path("EventPattern").asText("");
        if (patternText.isEmpty()) {
            throw new EventBridgeError("ValidationException", "Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }
        JsonNode pattern;
        try {
            pattern = json.readTree(patternText);
        } catch (IOException e) {
            throw new EventBridgeError("InvalidEventPatternException", "Event pattern is not valid. Reason: " + e.getMessage());
        }
        if (pattern == null || !pattern.isObject()) {
            throw new EventBridgeError("InvalidEventPatternException", "Event pattern is not valid. Reason: Filter is not an object");
        }
        boolean enabled = !"DISABLED".equals(request.path("State").asText("ENABLED"));
        String arn = bus.putRule(name, pattern, patternText, enabled, request.path("Description").asText(null));
        return ok(json.createObjectNode().put("RuleArn", arn));
    }

    private Outcome putTargets(EventBus bus, JsonNode request) {
        String rule = required(request, "Rule");
        Map<String, String> targets = new LinkedHashMap<>();
        for (JsonNode target : request.path("Targets")) {
            targets.put(target.path("Id").asText(), target.path("Arn").asText());
        }
        if (targets.isEmpty()) {
            throw new EventBridgeError("ValidationException", "1 validation error detected: Value null at 'targets' failed"
                    + " to satisfy constraint: Member must not be null");
        }
        bus.putTargets(rule, targets);
        return ok(json.createObjectNode().put("FailedEntryCount", 0).set("FailedEntries", json.createArrayNode()));
    }

    private Outcome listRules(EventBus bus, JsonNode request) {
        ObjectNode reply = json.createObjectNode();
        ArrayNode rules = reply.putArray("Rules");
        bus.rules(request.path("NamePrefix").asText(null)).forEach(r -> rules.add(describe(r)));
        return ok(reply);
    }

    private Outcome listTargets(EventBus bus, JsonNode request) {
        ObjectNode reply = json.createObjectNode();
        ArrayNode targets = reply.putArray("Targets");
        bus.rule(required(request, "Rule")).targets().forEach((id, arn) -> targets.addObject().put("Id", id).put("Arn", arn));
        return ok(reply);
    }

    private ObjectNode describe(EventBus.Rule rule) {
        ObjectNode node = json.createObjectNode().put("Name", rule.name()).put("Arn", rule.arn())
                .put("EventPattern", rule.patternText()).put("State", rule.enabled() ? "ENABLED" : "DISABLED")
                .put("EventBusName", EventBus.NAME);
        if (rule.description() != null) {
            node.put("Description", rule.description());
        }
        return node;
    }

    /** The default bus by name, or by the ARN of the caller's account's: another account's bus is not found. */
    private static void requireDefaultBus(JsonNode request, EventBus bus) {
        String name = request.path("EventBusName").asText(EventBus.NAME);
        String arn = "arn:aws:events:" + bus.region() + ":" + bus.accountId() + ":event-bus/" + EventBus.NAME;
        if (!name.equals(EventBus.NAME) && !name.equals(arn)) {
            throw new EventBridgeError("ResourceNotFoundException", "Event bus " + name + " does not exist.");
        }
    }

    private static String required(JsonNode request, String field) {
        String value = request.path(field).asText("");
        if (value.isEmpty()) {
            throw new EventBridgeError("ValidationException", "1 validation error detected: Value null at '"
                    + Character.toLowerCase(field.charAt(0)) + field.substring(1) + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private JsonNode body(JsonCall call) {
        try {
            JsonNode node = json.readTree(call.body());
            return node == null ? json.createObjectNode() : node;
        } catch (IOException e) {
            throw new EventBridgeError("SerializationException", "Start of structure or map found where not expected.");
        }
    }

    private Outcome ok(JsonNode reply) {
        return new Outcome(200, JSON, reply.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("x-amzn-RequestId", UUID.randomUUID().toString()), null, null, null, null);
    }

    private Outcome error(EventBridgeError e) {
        ObjectNode reply = json.createObjectNode().put("__type", e.type());
        if (e.getMessage() != null) {
            reply.put("message", e.getMessage());
        }
        return new Outcome(400, JSON, reply.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("x-amzn-RequestId", UUID.randomUUID().toString()), e.type(), null, null, null);
    }
}
