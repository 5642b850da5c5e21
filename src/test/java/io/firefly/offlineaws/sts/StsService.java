package io.firefly.offlineaws.sts;

import com.sun.net.httpserver.Headers;
import io.firefly.offlineaws.control.Identity;
import io.firefly.offlineaws.control.RoleArn;
import io.firefly.offlineaws.http.AwsService;
import io.firefly.offlineaws.http.CredentialProblem;
import io.firefly.offlineaws.http.Outcome;
import io.firefly.offlineaws.http.QueryRequest;
import io.firefly.offlineaws.http.XmlWriter;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * AWS STS over the Query protocol (the signing name {@code sts}), as the AWS SDK v2 {@code sts} module,
 * botocore and the AWS CLI send it: AssumeRole and GetCallerIdentity. A role may be assumed as
 * {@link Roles} declares; the credentials it issues act as the role's account from then on, until they expire.
 */
public final class StsService implements AwsService<QueryRequest> {

    /** The signing name of STS requests: what tells them from CloudFormation's on the shared endpoint. */
    public static final String SIGNING_NAME = "sts";
    private static final String XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String XML = "text/xml";
    /** AWS caps a session reached by role chaining (a role session assuming a role) at one hour. */
    private static final Duration ROLE_CHAINING_LIMIT = Duration.ofHours(1);

    private final Identities identities;
    private final Roles roles;
    private final Clock clock;
    private final int sessionSecondsCap;

    /** @param sessionSecondsCap the longest any session lasts here, whatever was asked; 0 for no cap */
    public StsService(Identities identities, Roles roles, Clock clock, int sessionSecondsCap) {
        this.identities = identities;
        this.roles = roles;
        this.clock = clock;
        this.sessionSecondsCap = sessionSecondsCap;
    }

    @Override
    public String name() {
        return SIGNING_NAME;
    }

    @Override
    public QueryRequest read(Headers headers, byte[] body) {
        return QueryRequest.parse(new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public Outcome handle(QueryRequest call, Identity caller) {
        try {
            XmlWriter result = new XmlWriter();
            switch (call.action()) {
                case "AssumeRole" -> assumeRole(AssumeRoleInput.read(call), caller, result);
                case "GetCallerIdentity" -> result.element("Arn", caller.arn()).element("UserId", caller.userId())
                        .element("Account", caller.accountId());
                default -> throw new StsError("InvalidAction", 400,
                        "Could not find operation " + call.action() + " for version 2011-06-15");
            }
            return success(call.action(), result);
        } catch (StsError e) {
            return error(e.code(), e.status(), e.getMessage());
        }
    }

    @Override
    public Outcome throttled(QueryRequest call, Identity caller) {
        return error("Throttling", 400, "Rate exceeded");
    }

    @Override
    public Outcome unservedRegion(QueryRequest call, Identity caller, String signedRegion) {
        return error("SignatureDoesNotMatch", 403, "Credential should be scoped to a valid region, not '" + signedRegion + "'. ");
    }

    @Override
    public Outcome unauthenticated(QueryRequest call, Identity caller, CredentialProblem problem) {
        return error(problem.queryCode(), problem.queryStatus(), problem.message());
    }

    private void assumeRole(AssumeRoleInput input, Identity caller, XmlWriter out) {
        RoleArn role = RoleArn.parse(input.roleArn()).orElseThrow(() -> input.roleArn().startsWith("arn:")
                ? StsError.accessDenied(caller.arn(), input.roleArn())
                : StsError.validation(input.roleArn() + " is invalid"));
        Roles.Trust trust = roles.trust(role.arn());
        if (trust.denied() || (trust.externalId() != null && !trust.externalId().equals(input.externalId()))) {
            throw StsError.accessDenied(caller.arn(), role.arn());
        }
        Duration asked = Duration.ofSeconds(input.durationSeconds());
        if (caller.roleSession() && asked.compareTo(ROLE_CHAINING_LIMIT) > 0) {
            throw StsError.validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }
        if (asked.compareTo(trust.maxSession()) > 0) {
            throw StsError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        Duration lifetime = sessionSecondsCap > 0 && asked.getSeconds() > sessionSecondsCap
                ? Duration.ofSeconds(sessionSecondsCap) : asked;
        Instant expiration = clock.instant().plus(lifetime);
        RoleSession session = identities.issue(caller, role, input.sessionName(), input.externalId(), input.tags(), expiration);
        out.start("Credentials")
                .element("AccessKeyId", session.accessKeyId())
                .element("SecretAccessKey", session.secretAccessKey())
                .element("SessionToken", session.sessionToken())
                .element("Expiration", session.expiration())
                .end()
                .start("AssumedRoleUser")
                .element("AssumedRoleId", session.identity().userId())
                .element("Arn", session.identity().arn())
                .end();
    }

    private static Outcome success(String action, XmlWriter result) {
        String doc = new XmlWriter().start(action + "Response", XMLNS)
                .start(action + "Result").raw(result.toString()).end()
                .start("ResponseMetadata").element("RequestId", UUID.randomUUID()).end()
                .end().toString();
        return Outcome.of(200, XML, doc, null);
    }

    private static Outcome error(String code, int status, String message) {
        String doc = new XmlWriter().start("ErrorResponse", XMLNS)
                .start("Error").element("Type", "Sender").element("Code", code).element("Message", message).end()
                .element("RequestId", UUID.randomUUID())
                .end().toString();
        return Outcome.of(status, XML, doc, code);
    }
}
