package io.firefly.operator.reconcile.deploy;

import io.firefly.operator.port.ObservedStack;
import io.firefly.operator.reconcile.inputs.DesiredStack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a stack the operator deployed was changed by someone else since, read from what the shared
 * DescribeStacks listing already holds (no call of its own): a LastUpdatedTime the operator did not cause,
 * parameter values, tags, capabilities or a service role that differ from the spec.
 */
final class StackDrift {
    /** CloudFormation shows the value of a NoEcho parameter as this mask: it cannot be compared. */
    private static final String MASKED = "****";

    private StackDrift() {
    }

    /**
     * @param defaults  the template's parameter defaults: the values of parameters the spec does not set
     * @param appliedAt the stack's LastUpdatedTime when the operator saw its own change applied (ISO-8601);
     *                  null when it has none yet
     * @param confirmed CloudFormation found nothing to change at {@code appliedAt}: the stack matched the spec
     *                  then, so values that still read differently (a list parameter's spacing) are not drift
     * @return what differs, in words; empty when the stack is as the operator left it
     */
    static Optional<String> between(DesiredStack desired, Map<String, String> defaults, ObservedStack stack, String appliedAt,
                                    boolean confirmed) {
        boolean updatedSince = appliedAt != null && stack.lastUpdatedAt() != null
                && stack.lastUpdatedAt().isAfter(Instant.parse(appliedAt));
        if (!updatedSince && confirmed) {
            return Optional.empty();
        }
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> parameter : desired.parameters().entrySet()) {
            differs(stack, parameter.getKey(), parameter.getValue())
                    .ifPresent(actual -> differences.add("parameter " + parameter.getKey() + " is '" + actual
                            + "', the spec says '" + parameter.getValue() + "'"));
        }
        for (Map.Entry<String, String> parameter : defaults.entrySet()) {
            if (!desired.parameters().containsKey(parameter.getKey())) {
                differs(stack, parameter.getKey(), parameter.getValue())
                        .ifPresent(actual -> differences.add("parameter " + parameter.getKey() + " is '" + actual
                                + "', the template's default is '" + parameter.getValue() + "'"));
            }
        }
        if (!desired.tags().equals(stack.tags())) {
            TreeSet<String> keys = new TreeSet<>(desired.tags().keySet());
            keys.addAll(stack.tags().keySet());
            keys.removeIf(k -> Objects.equals(desired.tags().get(k), stack.tags().get(k)));
            differences.add("tags " + String.join(", ", keys) + " differ");
        }
        if (!Set.copyOf(desired.capabilities()).equals(Set.copyOf(stack.capabilities()))) {
            differences.add("capabilities are " + new TreeSet<>(stack.capabilities()) + ", the spec says "
                    + desired.capabilities());
        }
        if (desired.roleArn() != null && !desired.roleArn().equals(stack.roleArn())) {
            differences.add("service role is " + stack.roleArn() + ", the spec says " + desired.roleArn());
        }
        if (updatedSince) {
            differences.add("updated at " + stack.lastUpdatedAt() + ", after the operator's last change at " + appliedAt);
        }
        return differences.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", differences));
    }

    /** The stack's value of a parameter where it is readable and not the expected one. */
    private static Optional<String> differs(ObservedStack stack, String name, String expected) {
        String actual = stack.parameters().get(name);
        return actual != null && !MASKED.equals(actual) && !actual.equals(expected) ? Optional.of(actual) : Optional.empty();
    }
}
