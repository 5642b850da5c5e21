package io.firefly.operator.aws;

import io.firefly.operator.config.FireflyConfig;
import io.firefly.operator.port.AwsIdentity;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * The STS sessions of FireflyAccount roles: one per account and namespace, plus one per account for the
 * account-wide stack listing. Each is assumed once with the operator's own credentials (the SDK's default
 * chain: IRSA, EKS Pod Identity) and refreshed in the background before it expires, so no reconcile ever
 * waits for STS and no reconcile costs an STS call.
 *
 * <p>The session is named {@code firefly-<namespace>} (CloudTrail shows it in the assumed-role ARN) and tagged
 * {@value #NAMESPACE_TAG}, so the role's policies can tell namespaces apart; the FireflyStack itself is named by
 * the stack's ownership tag and the change set names. A session per FireflyStack would cost an STS call per stack
 * per session lifetime and buy no more.
 */
final class AccountSessions implements AutoCloseable {
    /** The session tag that carries the namespace; the role's trust policy must allow sts:TagSession. */
    public static final String NAMESPACE_TAG = "firefly.io/namespace";
    /** The name of the account-wide session, which only reads (the stack listing). */
    static final String ACCOUNT_SESSION = "firefly-operator";
    /** AWS STS: RoleSessionName is 2 to 64 characters. */
    private static final int MAX_SESSION_NAME = 64;

    private final FireflyConfig config;
    private final SdkHttpClient http;
    private final ClientOverrideConfiguration counted;
    private final Map<AwsIdentity.AssumedRole, StsAssumeRoleCredentialsProvider> sessions = new ConcurrentHashMap<>();
    private volatile StsClient sts;

    AccountSessions(FireflyConfig config, SdkHttpClient http, ClientOverrideConfiguration counted) {
        this.config = config;
        this.http = http;
        this.counted = counted;
    }

    /** The refreshed credentials of the role, for the namespace (or the whole account when it names none). */
    AwsCredentialsProvider credentials(AwsIdentity.AssumedRole role) {
        return sessions.computeIfAbsent(role, this::assume);
    }

    /** The account-wide identity of a role: one session, one listing, whichever namespace asks. */
    static AwsIdentity accountWide(AwsIdentity identity) {
        return identity instanceof AwsIdentity.AssumedRole role
                ? new AwsIdentity.AssumedRole(null, role.roleArn(), role.externalId(), null)
                : identity;
    }

    static String sessionName(String namespace) {
        if (namespace == null) {
            return ACCOUNT_SESSION;
        }
        String name = "firefly-" + namespace;
        // namespace names are DNS labels, always within RoleSessionName's characters; only the length may not fit
        return name.length() <= MAX_SESSION_NAME ? name : name.substring(0, MAX_SESSION_NAME);
    }

    private StsAssumeRoleCredentialsProvider assume(AwsIdentity.AssumedRole role) {
        AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
                .roleArn(role.roleArn())
                .roleSessionName(sessionName(role.namespace()))
                .durationSeconds((int) config.aws().session().duration().toSeconds());
        if (role.externalId() != null) {
            request.externalId(role.externalId());
        }
        if (role.namespace() != null) {
            request.tags(Tag.builder().key(NAMESPACE_TAG).value(role.namespace()).build());
        }
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts())
                .refreshRequest(request.build())
                .asyncCredentialUpdateEnabled(true)
                .prefetchTime(config.aws().session().refreshBefore())
                .staleTime(config.aws().session().refreshBefore().dividedBy(5))
                .build();
    }

    private StsClient sts() {
        if (sts == null) {
            synchronized (this) {
                if (sts == null) {
                    var builder = StsClient.builder().httpClient(http).region(Region.of(config.aws().region()))
                            .overrideConfiguration(counted);
                    config.aws().endpointOverride().ifPresent(builder::endpointOverride);
                    sts = builder.build();
                }
            }
        }
        return sts;
    }

    @Override
    public void close() {
        sessions.values().forEach(StsAssumeRoleCredentialsProvider::close);
        if (sts != null) {
            sts.close();
        }
    }
}
