package io.firefly.offlineaws.sts;

import io.firefly.offlineaws.control.Identity;
import io.firefly.offlineaws.control.RoleArn;
import io.firefly.offlineaws.http.Authenticator;
import io.firefly.offlineaws.http.CredentialProblem;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who signed each request. The access key ids STS issued belong to their role session (its account and
 * assumed-role ARN); any other key, and an unsigned request, is the base identity: the IAM user the
 * operator runs as, in the default account. Signatures are not verified; a session's token and
 * expiration are.
 */
public final class Identities implements Authenticator {

    /** The IAM user that every key this endpoint did not issue stands for. */
    public static final String BASE_USER = "firefly-operator";
    /** Characters of AWS access key ids and unique ids after their prefix. */
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final SecureRandom random = new SecureRandom();
    private final Identity base;
    private final Clock clock;
    private final Map<String, RoleSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, String> roleIds = new ConcurrentHashMap<>();

    public Identities(String baseAccountId, Clock clock) {
        this.base = Identity.user(baseAccountId, BASE_USER, "AIDA" + randomKey(17));
        this.clock = clock;
    }

    public Identity base() {
        return base;
    }

    /**
     * @param accessKeyId  the key of the request's SigV4 credential, empty when unsigned
     * @param sessionToken its {@code X-Amz-Security-Token}, or null
     */
    @Override
    public Authentication authenticate(Optional<String> accessKeyId, String sessionToken) {
        RoleSession session = accessKeyId.map(sessions::get).orElse(null);
        if (session == null) {
            return new Authentication(base, Optional.empty());
        }
        if (!session.sessionToken().equals(sessionToken)) {
            return new Authentication(session.identity(), Optional.of(CredentialProblem.INVALID));
        }
        if (session.expiredAt(clock.instant())) {
            return new Authentication(session.identity(), Optional.of(CredentialProblem.EXPIRED));
        }
        return new Authentication(session.identity(), Optional.empty());
    }

    /** Every session issued so far, expired ones included, oldest first. */
    public List<RoleSession> sessions() {
        return sessions.values().stream().sorted(Comparator.comparing(RoleSession::issuedAt)).toList();
    }

    /** Makes every session issued so far expire now: their next request is refused with ExpiredToken. */
    public void expireAll() {
        Instant now = clock.instant();
        sessions.replaceAll((key, session) -> session.expiredAt(now) ? session : session.expiringAt(now));
    }

    RoleSession issue(Identity caller, RoleArn role, String sessionName, String externalId, Map<String, String> tags,
                      Instant expiration) {
        String roleId = roleIds.computeIfAbsent(role.arn(), arn -> "AROA" + randomKey(17));
        Identity identity = new Identity(role.accountId(), role.assumedRoleArn(sessionName), roleId + ":" + sessionName);
        RoleSession session = new RoleSession("ASIA" + randomKey(16), randomSecret(30), randomSecret(240), role, sessionName,
                externalId, Collections.unmodifiableMap(new LinkedHashMap<>(tags)), caller, identity, clock.instant(), expiration);
        sessions.put(session.accessKeyId(), session);
        return session;
    }

    private String randomKey(int length) {
        StringBuilder key = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            key.append(KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length())));
        }
        return key.toString();
    }

    private String randomSecret(int bytes) {
        byte[] secret = new byte[bytes];
        random.nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }
}
