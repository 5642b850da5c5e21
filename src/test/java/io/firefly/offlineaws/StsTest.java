package io.firefly.offlineaws;

import io.firefly.offlineaws.control.AwsCall;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import io.firefly.offlineaws.sts.RoleSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * STS with the AWS SDK for Java v2: who a key is (GetCallerIdentity), AssumeRole's credentials and the
 * identity they act as, AWS's refusals (AccessDenied, the parameter constraints, the session limits), and
 * temporary credentials refused once expired or without their token, by every service.
 */
class StsTest extends OfflineAwsClientTest {

    private static final String TEAM_A = "arn:aws:iam::111111111111:role/firefly/team-a";
    private static final String BASE_ARN = "arn:aws:iam::123456789012:user/firefly-operator";

    private StsClient sts;

    @BeforeEach
    void stsClient() {
        sts = AwsClients.sts(aws);
        aws.roles().clear();
    }

    @Test
    void anyKeyItDidNotIssueIsTheBaseIdentityOfTheDefaultAccount() {
        GetCallerIdentityResponse me = sts.getCallerIdentity();

        assertThat(me.account()).isEqualTo("123456789012");
        assertThat(me.arn()).isEqualTo(BASE_ARN);
        assertThat(me.userId()).matches("AIDA[A-Z2-7]{17}");
        assertThat(aws.calls().of("GetCallerIdentity")).last()
                .satisfies(call -> {
                    assertThat(call.service()).isEqualTo("sts");
                    assertThat(call.identityArn()).isEqualTo(BASE_ARN);
                    assertThat(call.accountId()).isEqualTo("123456789012");
                });
    }

    @Test
    void assumeRoleIssuesCredentialsThatActAsTheRoleInItsAccount() {
        Instant before = Instant.now();
        AssumeRoleResponse assumed = sts.assumeRole(r -> r.roleArn(TEAM_A).roleSessionName("firefly-team-a")
                .tags(t -> t.key("firefly.io/namespace").value("team-a")));

        Credentials credentials = assumed.credentials();
        assertThat(credentials.accessKeyId()).matches("ASIA[A-Z2-7]{16}");
        assertThat(credentials.secretAccessKey()).hasSize(40);
        assertThat(credentials.sessionToken()).isNotBlank();
        assertThat(Duration.between(before, credentials.expiration()).toSeconds()).isBetween(3590L, 3610L);
        assertThat(assumed.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::111111111111:assumed-role/team-a/firefly-team-a");
        assertThat(assumed.assumedRoleUser().assumedRoleId()).matches("AROA[A-Z2-7]{17}:firefly-team-a");

        GetCallerIdentityResponse role = with(credentials, StsClient.builder(), StsClient::getCallerIdentity);
        assertThat(role.account()).isEqualTo("111111111111");
        assertThat(role.arn()).isEqualTo(assumed.assumedRoleUser().arn());
        assertThat(role.userId()).isEqualTo(assumed.assumedRoleUser().assumedRoleId());

        RoleSession session = aws.identities().sessions().stream()
                .filter(s -> s.accessKeyId().equals(credentials.accessKeyId())).findFirst().orElseThrow();
        assertThat(session.tags()).containsExactly(Map.entry("firefly.io/namespace", "team-a"));
        assertThat(session.caller().arn()).isEqualTo(BASE_ARN);
        AwsCall last = aws.calls().of("GetCallerIdentity").get(aws.calls().of("GetCallerIdentity").size() - 1);
        assertThat(last.madeByRole(TEAM_A)).isTrue();
        assertThat(last.accessKeyId()).isEqualTo(credentials.accessKeyId());
    }

    @Test
    void aRoleThatRequiresAnExternalIdOrIsDeniedIsAccessDenied() {
        aws.roles().requireExternalId(TEAM_A, "firefly-a-7f3c").deny("arn:aws:iam::222222222222:role/team-b");
        String denied = "User: " + BASE_ARN + " is not authorized to perform: sts:AssumeRole on resource: ";

        assertRefused(r -> r.roleArn(TEAM_A).roleSessionName("s1"), 403, "AccessDenied", denied + TEAM_A);
        assertRefused(r -> r.roleArn(TEAM_A).roleSessionName("s1").externalId("another-one"), 403, "AccessDenied", denied + TEAM_A);
        assertRefused(r -> r.roleArn("arn:aws:iam::222222222222:role/team-b").roleSessionName("s1"), 403, "AccessDenied",
                denied + "arn:aws:iam::222222222222:role/team-b");
        assertRefused(r -> r.roleArn("arn:aws:iam::111111111111:user/someone").roleSessionName("s1"), 403, "AccessDenied",
                denied + "arn:aws:iam::111111111111:user/someone");

        assertThat(sts.assumeRole(r -> r.roleArn(TEAM_A).roleSessionName("s1").externalId("firefly-a-7f3c"))
                .assumedRoleUser().arn()).isEqualTo("arn:aws:sts::111111111111:assumed-role/team-a/s1");
    }

    @Test
    void parametersAndSessionLengthsAreCheckedAsAwsChecksThem() {
        assertRefused(r -> r.roleArn(TEAM_A).roleSessionName("team/a"), 400, "ValidationError",
                "1 validation error detected: Value 'team/a' at 'roleSessionName' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        assertRefused(r -> r.roleArn(TEAM_A).roleSessionName("x".repeat(65)).durationSeconds(60), 400, "ValidationError",
                "2 validation errors detected: Value '" + "x".repeat(65) + "' at 'roleSessionName' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 64; Value '60' at 'durationSeconds' failed to satisfy "
                        + "constraint: Member must have value greater than or equal to 900");
        assertRefused(r -> r.roleArn(TEAM_A).roleSessionName("s1").durationSeconds(7200), 400, "ValidationError",
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");

        aws.roles().maxSessionDuration(TEAM_A, Duration.ofHours(4));
        Credentials longer = sts.assumeRole(r -> r.roleArn(TEAM_A).roleSessionName("s1").durationSeconds(7200)).credentials();
        assertThat(longer.expiration()).isAfter(Instant.now().plusSeconds(7100));

        // a role session assuming another role is role chaining: at most one hour
        StsClient chained = AwsClients.actingAs(StsClient.builder(), aws, StaticCredentialsProvider.create(session(longer)));
        assertThatThrownBy(() -> chained.assumeRole(r -> r.roleArn(TEAM_A).roleSessionName("s2").durationSeconds(7200)))
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."));
        assertThat(chained.assumeRole(r -> r.roleArn("arn:aws:iam::333333333333:role/other").roleSessionName("s2"))
                .assumedRoleUser().arn()).isEqualTo("arn:aws:sts::333333333333:assumed-role/other/s2");
    }

    @Test
    void expiredCredentialsAreRefusedByEveryServiceWithExpiredToken() {
        Credentials credentials = sts.assumeRole(r -> r.roleArn(TEAM_A).roleSessionName("soon-gone")).credentials();
        List<Stack> stacks = with(credentials, CloudFormationClient.builder(), c -> c.describeStacks().stacks());
        assertThat(stacks).isEmpty();

        aws.identities().expireAll();

        assertThatThrownBy(() -> with(credentials, CloudFormationClient.builder(), CloudFormationClient::describeStacks))
                .isInstanceOfSatisfying(CloudFormationException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is expired");
                });
        assertThatThrownBy(() -> with(credentials, DynamoDbClient.builder(), DynamoDbClient::listTables))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
                });
        assertThatThrownBy(() -> with(credentials, StsClient.builder(), StsClient::getCallerIdentity))
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken"));
        AwsCall refused = aws.calls().of("DescribeStacks").get(aws.calls().of("DescribeStacks").size() - 1);
        assertThat(refused.errorCode()).isEqualTo("ExpiredToken");
        assertThat(refused.madeByRole(TEAM_A)).isTrue();
    }

    @Test
    void sessionCredentialsWithoutTheirTokenAreInvalid() {
        Credentials credentials = sts.assumeRole(r -> r.roleArn(TEAM_A).roleSessionName("no-token")).credentials();
        CloudFormationClient withoutToken = AwsClients.actingAs(CloudFormationClient.builder(), aws, StaticCredentialsProvider.create(
                AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())));

        assertThatThrownBy(withoutToken::describeStacks).isInstanceOfSatisfying(CloudFormationException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is invalid.");
        });
    }

    @Test
    void sessionSecondsCapsEverySessionSoThatExpiryCanBeWatched() {
        try (OfflineAws shortLived = OfflineAws.start(OfflineAwsOptions.defaults().withSessionSeconds(1));
             StsClient shortSts = AwsClients.sts(shortLived)) {
            Instant before = Instant.now();
            Credentials credentials = shortSts.assumeRole(r -> r.roleArn(TEAM_A).roleSessionName("brief").durationSeconds(900))
                    .credentials();
            assertThat(credentials.expiration()).isBetween(before, before.plusSeconds(2));

            try (CloudFormationClient cfnAsRole = AwsClients.actingAs(CloudFormationClient.builder(), shortLived,
                    StaticCredentialsProvider.create(session(credentials)))) {
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                        assertThatThrownBy(cfnAsRole::describeStacks).isInstanceOfSatisfying(CloudFormationException.class,
                                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken")));
            }
        }
    }

    private void assertRefused(Consumer<AssumeRoleRequest.Builder> request, int status, String code, String message) {
        assertThatThrownBy(() -> sts.assumeRole(request)).isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    private static AwsSessionCredentials session(Credentials credentials) {
        return AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
    }

    /** One call with a client acting as the session. */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends AutoCloseable, T> T with(
            Credentials credentials, B builder, Function<C, T> call) {
        try (C client = AwsClients.actingAs(builder, aws, StaticCredentialsProvider.create(session(credentials)))) {
            return call.apply(client);
        } catch (Exception e) {
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e);
        }
    }
}
