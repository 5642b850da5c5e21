package io.firefly.offlineaws;

import io.firefly.offlineaws.control.OfflineAwsOptions;
import io.firefly.offlineaws.control.RateLimits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Rate limits: a call over its family's rate is refused as AWS refuses it, to the Java SDK and the AWS CLI,
 * and admitted again once its bucket refills. Each test uses actions of its own, so buckets do not carry over.
 */
class RateLimitTest extends OfflineAwsClientTest {

    private AwsCli cli;

    @Override
    protected OfflineAwsOptions options() {
        return OfflineAwsOptions.defaults().withRateLimits(RateLimits.parse(
                "Describe*=0.1/s,DescribeStackEvents=0.1/s,GetTemplate=2/s,ListStacks=0.1/s,dynamodb:DescribeTable=0.1/s,dynamodb:ListTables=0.1/s"));
    }

    @BeforeAll
    void cliWithoutRetries(@TempDir Path workDir) {
        cli = new AwsCli(aws, workDir);
        // the CLI retries throttling by default; one attempt shows the reply as the server sent it
        cli.write("no-config", "[default]\nmax_attempts = 1\n");
    }

    @Test
    void aFamilySharesOneBucketAndAnExactRuleHasItsOwn() {
        assertThat(throttled(() -> cfn.describeStacks(r -> r.stackName("rate-a")))).isFalse();
        assertThatThrownBy(() -> cfn.describeStackResources(r -> r.stackName("rate-a")))
                .as("DescribeStackResources pays from the same Describe* bucket")
                .isInstanceOfSatisfying(CloudFormationException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
                    assertThat(e.isThrottlingException()).as("the SDK backs off from it").isTrue();
                });
        assertThat(throttled(() -> cfn.describeStackEvents(r -> r.stackName("rate-a"))))
                .as("DescribeStackEvents has its own rule, so its own bucket").isFalse();
        assertThat(throttled(() -> cfn.describeStackEvents(r -> r.stackName("rate-a")))).isTrue();
        assertThat(IntStream.range(0, 10).noneMatch(i -> throttled(() -> cfn.validateTemplate(
                r -> r.templateBody(TestTemplates.read("registration-keys.yaml"))))))
                .as("an action no rule names is never limited").isTrue();
    }

    @Test
    void aRefusedCallIsAdmittedOnceTheBucketRefills() {
        Runnable getTemplate = () -> cfn.getTemplate(r -> r.stackName("rate-b"));
        assertThat(IntStream.range(0, 50).anyMatch(i -> throttled(getTemplate))).as("a burst beyond 2 a second").isTrue();
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100)).until(() -> !throttled(getTemplate));
    }

    @Test
    void dynamoDbAnswersThrottlingException() {
        assertThat(throttled(() -> ddb.describeTable(r -> r.tableName("rate-missing")))).isFalse();
        assertThatThrownBy(() -> ddb.describeTable(r -> r.tableName("rate-missing")))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    assertThat(e.isThrottlingException()).isTrue();
                });
    }

    @Test
    void theCliSeesThrottlingFromBothServices() {
        AwsCli.Result first = cli.run("cloudformation", "list-stacks");
        assertThat(first.exitCode()).as(first.output()).isZero();
        AwsCli.Result second = cli.run("cloudformation", "list-stacks");
        assertThat(second.exitCode()).isNotZero();
        assertThat(second.stderr()).contains("(Throttling) when calling the ListStacks operation").contains("Rate exceeded");

        assertThat(cli.run("dynamodb", "list-tables").exitCode()).isZero();
        AwsCli.Result tables = cli.run("dynamodb", "list-tables");
        assertThat(tables.exitCode()).isNotZero();
        assertThat(tables.stderr()).contains("(ThrottlingException) when calling the ListTables operation").contains("Rate exceeded");
    }

    /** True when the call was refused for its rate; any other answer (success or another error) was admitted. */
    private static boolean throttled(Runnable call) {
        try {
            call.run();
            return false;
        } catch (CloudFormationException | DynamoDbException e) {
            return e.isThrottlingException();
        }
    }
}
