package io.firefly.offlineaws.control;

/**
 * Who made a request, as STS GetCallerIdentity names the caller: the account that owns it, its ARN and its
 * unique id (the {@code aws:userid} of IAM's policy variables: {@code AIDA...} for a user,
 * {@code AROA...:<session name>} for an assumed role).
 */
public record Identity(String accountId, String arn, String userId) {

    /** An IAM user: {@code arn:aws:iam::<account>:user/<name>}. */
    public static Identity user(String accountId, String userName, String userId) {
        return new Identity(accountId, "arn:aws:iam::" + accountId + ":user/" + userName, userId);
    }

    /** Whether this is a session of an assumed role, {@code arn:aws:sts::<account>:assumed-role/<role>/<session>}. */
    public boolean roleSession() {
        return arn.startsWith("arn:aws:sts::");
    }
}
