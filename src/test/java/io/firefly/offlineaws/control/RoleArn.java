package io.firefly.offlineaws.control;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IAM role's ARN, {@code arn:aws:iam::<account>:role/<path><name>}: the account it lives in and its name,
 * which (without the path) is what the assumed-role ARN of a session names.
 */
public record RoleArn(String arn, String accountId, String roleName) {

    private static final Pattern ROLE = Pattern.compile("arn:aws:iam::(\\d{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]{1,64})");

    /** Empty when the text is no IAM role ARN (a user's ARN, another service's, or no ARN at all). */
    public static Optional<RoleArn> parse(String text) {
        Matcher m = ROLE.matcher(text);
        return m.matches() ? Optional.of(new RoleArn(text, m.group(1), m.group(2))) : Optional.empty();
    }

    /** The principal of a session of this role: {@code arn:aws:sts::<account>:assumed-role/<role name>/<session name>}. */
    public String assumedRoleArn(String sessionName) {
        return "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName;
    }
}
