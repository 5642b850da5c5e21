package io.firefly.offlineaws.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firefly.offlineaws.sqs.Queues;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One account's default event bus: rules with an event pattern and targets. An event published here goes to
 * every SQS queue that an enabled, matching rule targets, as the event's JSON in the message body, through
 * the {@link EventDelivery} all accounts share. Targets other than SQS queues of this account (another
 * account's queue included) are accepted and receive nothing.
 */
public final class EventBus {

    static final String NAME = "default";

    /** A rule and its targets (id to ARN). */
    record Rule(String name, String arn, JsonNode pattern, String patternText, boolean enabled, String description,
                Map<String, String> targets) {

        Rule withTargets(Map<String, String> newTargets) {
            return new Rule(name, arn, pattern, patternText, enabled, description, Map.copyOf(newTargets));
        }
    }

    private final String region;
    private final String accountId;
    private final Queues queues;
    private final EventDelivery delivery;
    private final Map<String, Rule> rules = new LinkedHashMap<>();

    public EventBus(String region, String accountId, Queues queues, EventDelivery delivery) {
        this.region = region;
        this.accountId = accountId;
        this.queues = queues;
        this.delivery = delivery;
    }

    /** The delivery faults, shared by every account's bus. */
    public EventDeliveryFaults faults() {
        return delivery.faults();
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /** Creates or replaces the rule, keeping its targets; returns its ARN. */
    public synchronized String putRule(String name, JsonNode pattern, String patternText, boolean enabled, String description) {
        String arn = "arn:aws:events:" + region + ":" + accountId + ":rule/" + name;
        Map<String, String> targets = Optional.ofNullable(rules.get(name)).map(Rule::targets).orElse(Map.of());
        rules.put(name, new Rule(name, arn, pattern, patternText, enabled, description, targets));
        return arn;
    }

    /** Adds or replaces targets by id. */
    public synchronized void putTargets(String ruleName, Map<String, String> targets) {
        Rule rule = rule(ruleName);
        Map<String, String> all = new LinkedHashMap<>(rule.targets());
        all.putAll(targets);
        rules.put(ruleName, rule.withTargets(all));
    }

    synchronized void removeTargets(String ruleName, List<String> ids) {
        Rule rule = rule(ruleName);
        Map<String, String> all = new LinkedHashMap<>(rule.targets());
        ids.forEach(all::remove);
        rules.put(ruleName, rule.withTargets(all));
    }

    synchronized void deleteRule(String ruleName) {
        Rule rule = rules.get(ruleName);
        if (rule == null) {
            return;
        }
        if (!rule.targets().isEmpty()) {
            throw new EventBridgeError("ValidationException", "Rule can't be deleted since it has targets.");
        }
        rules.remove(ruleName);
    }

    synchronized Rule rule(String name) {
        Rule rule = rules.get(name);
        if (rule == null) {
            throw new EventBridgeError("ResourceNotFoundException", "Rule " + name + " does not exist on EventBus " + NAME + ".");
        }
        return rule;
    }

    synchronized List<Rule> rules(String prefix) {
        return rules.values().stream().filter(r -> prefix == null || r.name().startsWith(prefix)).toList();
    }

    /** Sends the event to every queue a matching rule targets. */
    public void publish(ObjectNode event) {
        List<String> targets;
        synchronized (this) {
            targets = rules.values().stream()
                    .filter(r -> r.enabled() && EventPattern.matches(r.pattern(), event))
                    .flatMap(r -> r.targets().values().stream())
                    .toList();
        }
        String body = event.toString();
        for (String target : targets) {
            queues.byArn(target).ifPresent(queue -> delivery.deliver(queue, body));
        }
    }
}
