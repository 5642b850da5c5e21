package io.firefly.offlineaws.sts;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The roles STS lets callers assume. There is no IAM here: by default any well-formed role ARN exists and
 * trusts every caller, with AWS's default maximum session duration of one hour. A test declares what a real
 * trust policy would say: an ExternalId the caller must give (the {@code sts:ExternalId} condition of a
 * cross-account role), a role nobody may assume, a longer maximum session.
 */
public final class Roles {

    /** AWS's default MaxSessionDuration of a role (IAM User Guide, "Update the maximum session duration for a role"). */
    public static final Duration DEFAULT_MAX_SESSION = Duration.ofHours(1);

    /** What is declared of one role; null fields are left at their defaults. */
    record Trust(String externalId, boolean denied, Duration maxSession) {

        static final Trust DEFAULT = new Trust(null, false, DEFAULT_MAX_SESSION);
    }

    private final Map<String, Trust> declared = new ConcurrentHashMap<>();

    /** The role can be assumed only with this ExternalId: without it, or with another, AssumeRole is AccessDenied. */
    public Roles requireExternalId(String roleArn, String externalId) {
        declared.merge(roleArn, new Trust(externalId, false, DEFAULT_MAX_SESSION),
                (old, added) -> new Trust(externalId, old.denied(), old.maxSession()));
        return this;
    }

    /** Nobody may assume the role: AssumeRole is AccessDenied, as when the trust policy does not name the caller. */
    public Roles deny(String roleArn) {
        declared.merge(roleArn, new Trust(null, true, DEFAULT_MAX_SESSION),
                (old, added) -> new Trust(old.externalId(), true, old.maxSession()));
        return this;
    }

    /** The role's MaxSessionDuration (1 to 12 hours in IAM): the most DurationSeconds may ask for. */
    public Roles maxSessionDuration(String roleArn, Duration max) {
        declared.merge(roleArn, new Trust(null, false, max),
                (old, added) -> new Trust(old.externalId(), old.denied(), max));
        return this;
    }

    /** Forgets every declaration: any role may be assumed again. */
    public void clear() {
        declared.clear();
    }

    Trust trust(String roleArn) {
        return Optional.ofNullable(declared.get(roleArn)).orElse(Trust.DEFAULT);
    }
}
