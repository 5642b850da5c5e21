package io.firefly.offlineaws.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares a resource's template properties with its actual ones, property by property down to the
 * values, the way DescribeStackResourceDrifts reports the result. Only what the template declares is
 * compared: a property the resource has and the template does not mention is not drift.
 */
final class PropertyComparison {

    /** What AWS's reply carries as the actual value of a property the resource no longer has. */
    private static final String ABSENT = "null";

    private PropertyComparison() {
    }

    static List<PropertyDifference> differences(JsonNode expected, JsonNode actual) {
        List<PropertyDifference> differences = new ArrayList<>();
        compare("", expected, actual, differences);
        return differences;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<PropertyDifference> differences) {
        for (Map.Entry<String, JsonNode> property : expected.properties()) {
            String at = path + "/" + property.getKey();
            JsonNode wanted = property.getValue();
            JsonNode found = actual.get(property.getKey());
            if (found == null || found.isNull()) {
                differences.add(new PropertyDifference(at, text(wanted), ABSENT, "REMOVE"));
            } else if (wanted.isObject() && found.isObject()) {
                compare(at, wanted, found, differences);
            } else if (!sameValue(wanted, found)) {
                differences.add(new PropertyDifference(at, text(wanted), text(found), "NOT_EQUAL"));
            }
        }
    }

    /**
     * A template often gives as a string what the resource holds as a boolean or a number ({@code "true"} from
     * a parameter, {@code "35"}): the same value, as CloudFormation reads it against the resource's schema.
     */
    private static boolean sameValue(JsonNode wanted, JsonNode found) {
        return wanted.isValueNode() && found.isValueNode() ? wanted.asText().equals(found.asText()) : wanted.equals(found);
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
