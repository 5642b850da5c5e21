package io.firefly.offlineaws.cloudformation;

import java.util.regex.Pattern;

/**
 * What CloudFormation answers for a RoleARN (the service role a stack operation runs with) that cannot be
 * one: the API's length constraint (1 to 2048 characters, at least 20), then {@code <value> is not a valid
 * RoleARN} for a value that is no ARN, then {@code Role <arn> is invalid or cannot be assumed} for an ARN
 * that names no IAM role. There is no IAM here, so any well-formed role ARN is taken to exist and to trust
 * CloudFormation.
 */
final class ServiceRoleCheck {

    private static final int MIN_LENGTH = 20;
    private static final int MAX_LENGTH = 2048;
    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\\d{12})?:.+");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");

    private ServiceRoleCheck() {
    }

    /** Accepts null: the request names no role, and the stack keeps the one it has. */
    static void require(String roleArn) {
        if (roleArn == null) {
            return;
        }
        if (roleArn.length() < MIN_LENGTH) {
            throw CloudFormationError.validation("1 validation error detected: Value '" + roleArn + "' at 'roleARN' "
                    + "failed to satisfy constraint: Member must have length greater than or equal to " + MIN_LENGTH);
        }
        if (roleArn.length() > MAX_LENGTH) {
            throw CloudFormationError.validation("1 validation error detected: Value '" + roleArn + "' at 'roleARN' "
                    + "failed to satisfy constraint: Member must have length less than or equal to " + MAX_LENGTH);
        }
        if (!ARN.matcher(roleArn).matches()) {
            throw CloudFormationError.validation(roleArn + " is not a valid RoleARN");
        }
        if (!ROLE_ARN.matcher(roleArn).matches()) {
            throw CloudFormationError.validation("Role " + roleArn + " is invalid or cannot be assumed");
        }
    }
}
