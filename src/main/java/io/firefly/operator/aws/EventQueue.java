package io.firefly.operator.aws;

import io.firefly.operator.port.AwsIdentity;
import java.util.Optional;

/**
 * A queue of CloudFormation's stack events and whose account it serves: the operator's own
 * ({@code firefly.events.queue-url}) or a FireflyAccount's ({@code spec.events.queueUrl}), read with that
 * account's identity: the operator's, or the account-wide session of the FireflyAccount's role.
 *
 * @param account the FireflyAccount's name; empty for the operator's own account
 */
public record EventQueue(Optional<String> account, AwsIdentity identity, String url) {

    public static EventQueue operators(String url) {
        return new EventQueue(Optional.empty(), AwsIdentity.OPERATOR, url);
    }

    public static EventQueue ofAccount(String account, AwsIdentity.AssumedRole role, String url) {
        return new EventQueue(Optional.of(account), AccountSessions.accountWide(role), url);
    }

    /** For the log: "queue URL" or "queue URL of FireflyAccount NAME". */
    String describe() {
        return account.map(name -> url + " of FireflyAccount " + name).orElse(url);
    }
}
