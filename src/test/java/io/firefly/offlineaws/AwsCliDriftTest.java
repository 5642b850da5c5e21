package io.firefly.offlineaws;

import io.firefly.offlineaws.control.OfflineAwsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a person does with the AWS CLI behind a stack's back, and what the CLI shows of it: TTL switched off
 * in DynamoDB, found by {@code detect-stack-drift} and {@code describe-stack-resource-drifts}; an
 * {@code update-stack --use-previous-template} with a new parameter value, seen in {@code LastUpdatedTime}
 * and in the waiting change set that {@code describe-change-set} shows OBSOLETE.
 */
class AwsCliDriftTest extends OfflineAwsClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsCli cli;

    @Override
    protected OfflineAwsOptions options() {
        return OfflineAwsOptions.defaults()
                .withResourceStepDelay(Duration.ofMillis(10))
                .withChangeSetDelay(Duration.ofMillis(10));
    }

    @BeforeAll
    void writeTemplates(@TempDir Path workDir) {
        cli = new AwsCli(aws, workDir);
        cli.write("drift-table.yaml", TestTemplates.read("drift-table.yaml"));
    }

    @BeforeEach
    void slowNetwork() {
        // as in AwsCliTest: the CLI's waiters answer on their first poll instead of sleeping 5 to 30 s
        aws.faults().latency(Duration.ofMillis(300));
    }

    @Test
    void ttlSwitchedOffInDynamoDbIsShownModifiedWithItsPathAndValuesAndInSyncOnceBackOn() {
        deploy("cli-drift", "cli-drift-keys");
        succeeds("dynamodb", "update-time-to-live", "--table-name", "cli-drift-keys",
                "--time-to-live-specification", "Enabled=false,AttributeName=expiresAt");

        JsonNode detection = detectDrift("cli-drift");
        assertThat(detection.path("DetectionStatus").asText()).isEqualTo("DETECTION_COMPLETE");
        assertThat(detection.path("StackDriftStatus").asText()).isEqualTo("DRIFTED");
        assertThat(detection.path("DriftedStackResourceCount").asInt()).isEqualTo(1);

        JsonNode modified = succeeds("cloudformation", "describe-stack-resource-drifts", "--stack-name", "cli-drift",
                "--stack-resource-drift-status-filters", "MODIFIED").path("StackResourceDrifts");
        assertThat(modified).hasSize(1);
        JsonNode table = modified.get(0);
        assertThat(table.path("LogicalResourceId").asText()).isEqualTo("KeysTable");
        assertThat(table.path("PhysicalResourceId").asText()).isEqualTo("cli-drift-keys");
        assertThat(table.path("ResourceType").asText()).isEqualTo("AWS::DynamoDB::Table");
        assertThat(table.path("StackResourceDriftStatus").asText()).isEqualTo("MODIFIED");
        assertThat(table.path("PropertyDifferences")).hasSize(1);
        JsonNode difference = table.path("PropertyDifferences").get(0);
        assertThat(difference.path("PropertyPath").asText()).isEqualTo("/TimeToLiveSpecification/Enabled");
        assertThat(difference.path("ExpectedValue").asText()).isEqualTo("true");
        assertThat(difference.path("ActualValue").asText()).isEqualTo("false");
        assertThat(difference.path("DifferenceType").asText()).isEqualTo("NOT_EQUAL");
        assertThat(json(table.path("ActualProperties").asText()).at("/TimeToLiveSpecification/Enabled").asBoolean()).isFalse();
        JsonNode stack = succeeds("cloudformation", "describe-stacks", "--stack-name", "cli-drift").path("Stacks").get(0);
        assertThat(stack.at("/DriftInformation/StackDriftStatus").asText()).isEqualTo("DRIFTED");

        succeeds("dynamodb", "update-time-to-live", "--table-name", "cli-drift-keys",
                "--time-to-live-specification", "Enabled=true,AttributeName=expiresAt");
        assertThat(detectDrift("cli-drift").path("StackDriftStatus").asText()).isEqualTo("IN_SYNC");
        JsonNode drifts = succeeds("cloudformation", "describe-stack-resource-drifts", "--stack-name", "cli-drift")
                .path("StackResourceDrifts");
        assertThat(drifts).hasSize(1);
        assertThat(drifts.get(0).path("StackResourceDriftStatus").asText()).isEqualTo("IN_SYNC");
        assertThat(drifts.get(0).path("PropertyDifferences")).isEmpty();
    }

    @Test
    void anUpdateWithThePreviousTemplateStampsLastUpdatedTimeAndObsoletesTheWaitingChangeSet() {
        deploy("cli-oob", "cli-oob-keys");
        JsonNode created = succeeds("cloudformation", "describe-stacks", "--stack-name", "cli-oob").path("Stacks").get(0);
        assertThat(created.has("LastUpdatedTime")).as("a stack never updated has no LastUpdatedTime").isFalse();
        succeeds("cloudformation", "create-change-set", "--stack-name", "cli-oob", "--change-set-name", "waiting",
                "--use-previous-template", "--parameters", "ParameterKey=TableName,UsePreviousValue=true",
                "--tags", "Key=team,Value=firefly");
        succeeds("cloudformation", "wait", "change-set-create-complete", "--stack-name", "cli-oob", "--change-set-name", "waiting");

        succeeds("cloudformation", "update-stack", "--stack-name", "cli-oob", "--use-previous-template",
                "--parameters", "ParameterKey=TableName,UsePreviousValue=true", "ParameterKey=TtlEnabled,ParameterValue=false");
        succeeds("cloudformation", "wait", "stack-update-complete", "--stack-name", "cli-oob");

        JsonNode updated = succeeds("cloudformation", "describe-stacks", "--stack-name", "cli-oob").path("Stacks").get(0);
        assertThat(updated.path("StackStatus").asText()).isEqualTo("UPDATE_COMPLETE");
        assertThat(Instant.parse(updated.path("LastUpdatedTime").asText()))
                .isAfter(Instant.parse(created.path("CreationTime").asText()));
        assertThat(updated.path("Parameters").findValuesAsText("ParameterValue")).contains("false");
        JsonNode waiting = succeeds("cloudformation", "describe-change-set", "--stack-name", "cli-oob", "--change-set-name", "waiting");
        assertThat(waiting.path("Status").asText()).isEqualTo("CREATE_COMPLETE");
        assertThat(waiting.path("ExecutionStatus").asText()).isEqualTo("OBSOLETE");
        AwsCli.Result refused = cli.run("cloudformation", "execute-change-set", "--stack-name", "cli-oob", "--change-set-name", "waiting");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("InvalidChangeSetStatus").contains("current execution status of [OBSOLETE]");
    }

    private void deploy(String stackName, String tableName) {
        AwsCli.Result deployed = cli.run("cloudformation", "deploy", "--stack-name", stackName, "--template-file", "drift-table.yaml",
                "--parameter-overrides", "TableName=" + tableName);
        assertThat(deployed.exitCode()).as(deployed.output()).isZero();
    }

    /** {@code detect-stack-drift}, then {@code describe-stack-drift-detection-status} until the detection has ended. */
    private JsonNode detectDrift(String stackName) {
        String id = succeeds("cloudformation", "detect-stack-drift", "--stack-name", stackName).path("StackDriftDetectionId").asText();
        AtomicReference<JsonNode> status = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            status.set(succeeds("cloudformation", "describe-stack-drift-detection-status", "--stack-drift-detection-id", id));
            return !status.get().path("DetectionStatus").asText().equals("DETECTION_IN_PROGRESS");
        });
        return status.get();
    }

    /** Runs the command, which must succeed, and reads its JSON output (an empty object when it prints nothing). */
    private JsonNode succeeds(String... args) {
        AwsCli.Result result = cli.run(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result.output()).isZero();
        return result.stdout().isBlank() ? JSON.createObjectNode() : json(result.stdout());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
