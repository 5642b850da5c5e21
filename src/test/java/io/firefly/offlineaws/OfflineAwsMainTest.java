package io.firefly.offlineaws;

import io.firefly.offlineaws.control.RateLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The standalone server: its command line, and bin/offline-aws started as a user starts it. */
class OfflineAwsMainTest {

    private static final Pattern READY = Pattern.compile(
            "offline-aws listening on (http://127\\.0\\.0\\.1:(\\d+)) \\(region us-east-1, account 123456789012\\)");

    @Test
    void flagsSetTheOptionsAndTheFaults() {
        OfflineAwsMain.CommandLine line = OfflineAwsMain.parse(new String[]{"--port", "4600", "--resource-step-delay", "500ms",
                "--change-set-delay", "PT2S", "--throttle", "0.3", "--throttle-actions", "DescribeStacks,ListStacks",
                "--latency", "1s", "--fail-resource", "UsersTable=Table quota exceeded", "--pitr-blocks-delete",
                "--rollback-keeps-non-empty-tables", "--page-size", "10", "--change-set-limit", "5", "--region", "eu-west-1"});

        assertThat(line.options().port()).isEqualTo(4600);
        assertThat(line.options().resourceStepDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(line.options().changeSetDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(line.options().region()).isEqualTo("eu-west-1");
        assertThat(line.options().describeStacksPageSize()).isEqualTo(10);
        assertThat(line.options().changeSetLimit()).isEqualTo(5);
        assertThat(line.throttleRate()).isEqualTo(0.3);
        assertThat(line.throttleActions()).isEqualTo(Set.of("DescribeStacks", "ListStacks"));
        assertThat(line.latency()).isEqualTo(Duration.ofSeconds(1));
        assertThat(line.failingResources()).containsEntry("UsersTable", "Table quota exceeded");
        assertThat(line.pitrBlocksDelete()).isTrue();
        assertThat(line.rollbackKeepsNonEmptyTables()).isTrue();
        assertThat(OfflineAwsMain.parse(new String[0]).options().port()).isEqualTo(4566);
        assertThat(OfflineAwsMain.parse(new String[0]).options().rateLimits().rules()).isEmpty();
    }

    @Test
    void rateLimitsAreReadFromTheCommandLine() {
        assertThat(OfflineAwsMain.parse(new String[]{"--rate-limit", "Describe*=5/s,dynamodb:DescribeTable=0.5/s"})
                .options().rateLimits().rules()).containsExactly(
                new RateLimits.Rule("cloudformation", "Describe*", 5), new RateLimits.Rule("dynamodb", "DescribeTable", 0.5));
        assertThat(OfflineAwsMain.parse(new String[]{"--rate-limit", "aws"}).options().rateLimits())
                .isEqualTo(RateLimits.parse(RateLimits.CLOUDFORMATION_LIKE));
        assertThatThrownBy(() -> OfflineAwsMain.parse(new String[]{"--rate-limit", "DescribeStacks=fast"}))
                .hasMessageContaining("a rate limit reads Action=N/s");
    }

    @Test
    void sessionAndRoleFlagsCapSessionsAndDeclareRoles() {
        OfflineAwsMain.CommandLine line = OfflineAwsMain.parse(new String[]{"--session-seconds", "5", "--account-id", "999999999999",
                "--role-external-id", "arn:aws:iam::111111111111:role/team-a=firefly-a-7f3c",
                "--deny-role", "arn:aws:iam::222222222222:role/team-b"});

        assertThat(line.options().sessionSeconds()).isEqualTo(5);
        assertThat(line.options().accountId()).isEqualTo("999999999999");
        assertThat(line.externalIds()).containsExactly(Map.entry("arn:aws:iam::111111111111:role/team-a", "firefly-a-7f3c"));
        assertThat(line.deniedRoles()).containsExactly("arn:aws:iam::222222222222:role/team-b");
        assertThat(OfflineAwsMain.parse(new String[0]).options().sessionSeconds()).isZero();
        assertThatThrownBy(() -> OfflineAwsMain.parse(new String[]{"--role-external-id", "arn:aws:iam::111111111111:role/team-a"}))
                .hasMessageContaining("--role-external-id takes ROLE_ARN=EXTERNAL_ID");
    }

    @Test
    void badFlagsAreNamed() {
        assertThatThrownBy(() -> OfflineAwsMain.parse(new String[]{"--throttle", "3"}))
                .hasMessageContaining("--throttle takes a share of requests between 0 and 1, got 3");
        assertThatThrownBy(() -> OfflineAwsMain.parse(new String[]{"--latency", "soon"}))
                .hasMessageContaining("--latency takes a duration such as 500ms");
        assertThatThrownBy(() -> OfflineAwsMain.parse(new String[]{"--port"})).hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> OfflineAwsMain.parse(new String[]{"--colour"})).hasMessageContaining("unknown option --colour");
    }

    @Test
    void binOfflineAwsPrintsOneLineAndServesUntilStopped(@TempDir Path dir) throws Exception {
        Path stdout = dir.resolve("stdout.txt");
        Process process = new ProcessBuilder("bin/offline-aws", "--port", "0", "--resource-step-delay", "50ms")
                .redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            // the first start may compile the test classes and resolve the classpath first
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.readString(stdout).endsWith("\n"));
            Matcher ready = READY.matcher(Files.readString(stdout).strip());
            assertThat(ready.matches()).as(Files.readString(stdout)).isTrue();
            try (CloudFormationClient cfn = CloudFormationClient.builder().endpointOverride(URI.create(ready.group(1)))
                    .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
                assertThat(cfn.listStacks().stackSummaries()).isEmpty();
            }
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readAllLines(stdout)).hasSize(1);
        } finally {
            process.destroyForcibly();
        }
    }
}
