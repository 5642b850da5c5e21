package io.firefly.offlineaws.sts;

import io.firefly.offlineaws.http.QueryRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parameters of an AssumeRole request, checked against the constraints of the STS API reference
 * (AssumeRole, Tag): every violation is named in one ValidationError, as AWS lists them.
 *
 * @param durationSeconds as asked, or AWS's default of 3600
 */
record AssumeRoleInput(String roleArn, String sessionName, String externalId, int durationSeconds, Map<String, String> tags) {

    static final int DEFAULT_DURATION_SECONDS = 3600;
    private static final int MIN_DURATION_SECONDS = 900;
    private static final int MAX_DURATION_SECONDS = 43_200;
    private static final int MAX_TAGS = 50;
    private static final String SESSION_NAME_PATTERN = "[\\w+=,.@-]*";
    private static final String EXTERNAL_ID_PATTERN = "[\\w+=,.@:\\/-]*";
    private static final String TAG_KEY_PATTERN = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+";
    private static final String TAG_VALUE_PATTERN = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*";

    static AssumeRoleInput read(QueryRequest call) {
        List<String> violations = new ArrayList<>();
        String roleArn = call.value("RoleArn");
        String sessionName = call.value("RoleSessionName");
        String externalId = call.value("ExternalId");
        checkText(violations, "roleArn", roleArn, true, 20, 2048, null);
        checkText(violations, "roleSessionName", sessionName, true, 2, 64, SESSION_NAME_PATTERN);
        checkText(violations, "externalId", externalId, false, 2, 1224, EXTERNAL_ID_PATTERN);
        int duration = DEFAULT_DURATION_SECONDS;
        String durationText = call.value("DurationSeconds");
        if (durationText != null) {
            try {
                duration = Integer.parseInt(durationText);
                if (duration < MIN_DURATION_SECONDS) {
                    violations.add(violation("durationSeconds", durationText, "Member must have value greater than or equal to " + MIN_DURATION_SECONDS));
                } else if (duration > MAX_DURATION_SECONDS) {
                    violations.add(violation("durationSeconds", durationText, "Member must have value less than or equal to " + MAX_DURATION_SECONDS));
                }
            } catch (NumberFormatException e) {
                violations.add(violation("durationSeconds", durationText, "Member must be a number"));
            }
        }
        List<QueryRequest> tagMembers = call.members("Tags");
        if (tagMembers.size() > MAX_TAGS) {
            violations.add("Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to " + MAX_TAGS);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < tagMembers.size(); i++) {
            QueryRequest tag = tagMembers.get(i);
            String at = "tags." + (i + 1) + ".member.";
            checkText(violations, at + "key", tag.value("Key"), true, 1, 128, TAG_KEY_PATTERN);
            checkText(violations, at + "value", tag.value("Value") == null ? "" : tag.value("Value"), true, 0, 256, TAG_VALUE_PATTERN);
            tags.put(tag.value("Key"), tag.value("Value") == null ? "" : tag.value("Value"));
        }
        if (!violations.isEmpty()) {
            throw StsError.validation(violations.size() + " validation error" + (violations.size() == 1 ? "" : "s")
                    + " detected: " + String.join("; ", violations));
        }
        return new AssumeRoleInput(roleArn, sessionName, externalId, duration, tags);
    }

    private static void checkText(List<String> violations, String field, String value, boolean required, int min, int max,
                                  String pattern) {
        if (value == null) {
            if (required) {
                violations.add("Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
            }
            return;
        }
        if (value.length() < min) {
            violations.add(violation(field, value, "Member must have length greater than or equal to " + min));
        } else if (value.length() > max) {
            violations.add(violation(field, value, "Member must have length less than or equal to " + max));
        } else if (pattern != null && !Pattern.matches(pattern, value)) {
            violations.add(violation(field, value, "Member must satisfy regular expression pattern: " + pattern));
        }
    }

    private static String violation(String field, String value, String constraint) {
        return "Value '" + value + "' at '" + field + "' failed to satisfy constraint: " + constraint;
    }
}
