package io.firefly.offlineaws.control;

import io.firefly.offlineaws.control.RoleArn;

import java.time.Instant;

/**
 * One request the offline AWS received.
 *
 * @param service       "cloudformation", "dynamodb", "sqs", "events" or "sts"
 * @param action        the API operation, e.g. "CreateChangeSet" or "PutItem"
 * @param stackName     the stack the call names, or the stack its change set belongs to; null when none
 * @param changeSetName the change set the call names (its name, also when the call gave its ARN); null when none
 * @param changeSetType CREATE, UPDATE or IMPORT: the type CreateChangeSet asked for, or the type of the change set
 *                      another call names; null when the call names none
 * @param errorCode     the AWS error code returned, null on success
 * @param accessKeyId   the access key the request was signed with, which tells callers apart; null when unsigned
 * @param identityArn   who made the call: {@code arn:aws:iam::<account>:user/firefly-operator} for any key STS did
 *                      not issue, {@code arn:aws:sts::<account>:assumed-role/<role>/<session>} for a role session's
 * @param accountId     the account the call acted in: the identity's, whose stacks and tables it saw
 */
public record AwsCall(Instant at, String service, String action, String stackName, String changeSetName,
                      String changeSetType, String errorCode, String accessKeyId, String identityArn, String accountId) {

    public boolean failed() {
        return errorCode != null;
    }

    /**
     * Whether a session of this role made the call: the identity is
     * {@code arn:aws:sts::<the role's account>:assumed-role/<the role's name>/...}, whatever the session name.
     */
    public boolean madeByRole(String roleArn) {
        return identityArn != null && RoleArn.parse(roleArn).map(role -> identityArn.startsWith(role.assumedRoleArn(""))).orElse(false);
    }
}
