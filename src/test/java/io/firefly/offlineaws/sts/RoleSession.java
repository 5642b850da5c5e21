package io.firefly.offlineaws.sts;

import io.firefly.offlineaws.control.Identity;
import io.firefly.offlineaws.control.RoleArn;

import java.time.Instant;
import java.util.Map;

/**
 * Temporary credentials AssumeRole issued, and what they were issued for.
 *
 * @param externalId the ExternalId the caller gave, or null
 * @param tags       the session tags, in the order given
 * @param caller     who assumed the role
 * @param identity   who the credentials act as: the role's account and the assumed-role ARN
 */
public record RoleSession(String accessKeyId, String secretAccessKey, String sessionToken, RoleArn role, String sessionName,
                          String externalId, Map<String, String> tags, Identity caller, Identity identity, Instant issuedAt,
                          Instant expiration) {

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiration);
    }

    RoleSession expiringAt(Instant at) {
        return new RoleSession(accessKeyId, secretAccessKey, sessionToken, role, sessionName, externalId, tags, caller,
                identity, issuedAt, at);
    }
}
