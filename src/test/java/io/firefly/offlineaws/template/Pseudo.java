package io.firefly.offlineaws.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Optional;
import java.util.Set;

/** The pseudo parameters {@code AWS::*} that {@code Ref} and {@code Fn::Sub} accept. */
final class Pseudo {

    /** Marks a value that {@code AWS::NoValue} removed; the enclosing object or array drops it. */
    static final JsonNode NO_VALUE = MissingNode.getInstance();

    static final Set<String> NAMES = Set.of("AWS::Region", "AWS::AccountId", "AWS::StackName", "AWS::StackId",
            "AWS::Partition", "AWS::URLSuffix", "AWS::NoValue", "AWS::NotificationARNs");

    private Pseudo() {
    }

    static boolean isPseudo(String name) {
        return NAMES.contains(name);
    }

    /** The value, an empty array for AWS::NotificationARNs (no topics offline) and {@link #NO_VALUE} for AWS::NoValue. */
    static Optional<JsonNode> value(String name, PseudoParameters pseudo) {
        String text = switch (name) {
            case "AWS::Region" -> pseudo.region();
            case "AWS::AccountId" -> pseudo.accountId();
            case "AWS::StackName" -> pseudo.stackName();
            case "AWS::StackId" -> pseudo.stackId();
            case "AWS::Partition" -> pseudo.partition();
            case "AWS::URLSuffix" -> pseudo.urlSuffix();
            case "AWS::NoValue" -> null;
            case "AWS::NotificationARNs" -> null;
            default -> throw new IllegalArgumentException("not a pseudo parameter: " + name);
        };
        if (text != null) {
            return Optional.of(Json.NODES.textNode(text));
        }
        return Optional.of(name.equals("AWS::NoValue") ? NO_VALUE : Json.NODES.arrayNode());
    }
}
