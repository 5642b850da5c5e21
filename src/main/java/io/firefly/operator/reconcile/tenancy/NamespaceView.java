package io.firefly.operator.reconcile.tenancy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.firefly.operator.api.AccountNamespaces;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A namespace as a FireflyAccount's spec.namespaces sees it: its name and labels. */
public record NamespaceView(String name, Map<String, String> labels) {

    public NamespaceView {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Named, or matched by the selector (Kubernetes label selector semantics: {} matches every namespace). */
    boolean isIn(AccountNamespaces allowed) {
        if (allowed == null) {
            return false;
        }
        if (allowed.names() != null && allowed.names().contains(name)) {
            return true;
        }
        return allowed.selector() != null && matches(allowed.selector());
    }

    private boolean matches(LabelSelector selector) {
        if (selector.getMatchLabels() != null && !selector.getMatchLabels().entrySet().stream()
                .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()))) {
            return false;
        }
        return selector.getMatchExpressions() == null || selector.getMatchExpressions().stream().allMatch(this::matches);
    }

    private boolean matches(LabelSelectorRequirement requirement) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false; // the API server refuses other operators; match nothing rather than everything
        };
    }

    /** The selection as a person reads it, for messages. */
    static String describe(AccountNamespaces allowed) {
        StringBuilder text = new StringBuilder();
        if (allowed.names() != null) {
            text.append("names ").append(String.join(", ", allowed.names()));
        }
        LabelSelector selector = allowed.selector();
        if (selector != null) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append("selector ");
            List<String> parts = new java.util.ArrayList<>();
            if (selector.getMatchLabels() != null) {
                selector.getMatchLabels().forEach((k, v) -> parts.add(k + "=" + v));
            }
            if (selector.getMatchExpressions() != null) {
                selector.getMatchExpressions().forEach(e -> parts.add(e.getKey() + " " + e.getOperator()
                        + (e.getValues() == null || e.getValues().isEmpty() ? "" : " (" + String.join(", ", e.getValues()) + ")")));
            }
            text.append(parts.isEmpty() ? "{} (every namespace)" : String.join(", ", parts));
        }
        return text.toString();
    }
}
