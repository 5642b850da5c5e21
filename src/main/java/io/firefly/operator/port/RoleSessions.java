package io.firefly.operator.port;

/** The STS sessions of FireflyAccount roles, as the account's status reports them. */
@FunctionalInterface
public interface RoleSessions {
    /**
     * Makes sure a session of the role exists: assumes the role when none is cached (one STS call), else
     * nothing. Throws an {@link AwsFailure} when STS refuses.
     */
    void assume(AwsIdentity.AssumedRole role);
}
