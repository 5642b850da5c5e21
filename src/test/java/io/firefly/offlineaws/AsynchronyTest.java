package io.firefly.offlineaws;

import io.firefly.offlineaws.control.OfflineAwsOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.ExecutionStatus;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Requests return at once and the work happens later, one resource step at a time, as in AWS. The
 * delays here are long enough that a client reliably sees the intermediate statuses.
 */
class AsynchronyTest extends OfflineAwsClientTest {

    private static final Duration STEP = Duration.ofMillis(1500);


    @Override
    protected OfflineAwsOptions options() {
        return OfflineAwsOptions.defaults().withResourceStepDelay(STEP).withChangeSetDelay(STEP.multipliedBy(2));
    }

    @BeforeAll
    void warmUpTheClient() {
        // the client's first calls load its classes, which can take longer than a step on a busy machine
        assertThatThrownBy(() -> cfn.describeChangeSet(r -> r.stackName("warm-up").changeSetName("warm-up")))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> cfn.describeStacks(r -> r.stackName("warm-up"))).hasMessageContaining("does not exist");
    }

    @Test
    void changeSetsAndStackOperationsPassThroughTheirInProgressStatuses() {
        CreateChangeSetResponse created = cfn.createChangeSet(r -> r.stackName("async").changeSetName("create-1")
                .changeSetType(ChangeSetType.CREATE)
                .templateBody(TestTemplates.read("registration-keys.yaml"))
                .parameters(StackLifecycleTest.param("TableName", "async-keys")));

        var pending = cfn.describeChangeSet(r -> r.changeSetName(created.id()));
        assertThat(pending.status()).isEqualTo(ChangeSetStatus.CREATE_PENDING);
        assertThat(pending.executionStatus()).isEqualTo(ExecutionStatus.UNAVAILABLE);
        assertThat(pending.changes()).isEmpty();
        await().atMost(STEP.multipliedBy(4)).pollInterval(Duration.ofMillis(50)).until(() ->
                cfn.describeChangeSet(r -> r.changeSetName(created.id())).status() == ChangeSetStatus.CREATE_IN_PROGRESS);
        await().atMost(STEP.multipliedBy(4)).pollInterval(Duration.ofMillis(50)).until(() ->
                cfn.describeChangeSet(r -> r.changeSetName(created.id())).status() == ChangeSetStatus.CREATE_COMPLETE);

        cfn.executeChangeSet(r -> r.changeSetName(created.id()));

        assertThat(cfn.describeStacks(r -> r.stackName("async")).stacks().get(0).stackStatus())
                .isEqualTo(StackStatus.CREATE_IN_PROGRESS);
        await().atMost(STEP.multipliedBy(2)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(cfn.describeStackResources(r -> r.stackName("async")).stackResources())
                        .singleElement().satisfies(res -> assertThat(res.resourceStatusAsString()).isEqualTo("CREATE_IN_PROGRESS")));
        await().atMost(STEP.multipliedBy(4)).pollInterval(Duration.ofMillis(50)).until(() ->
                cfn.describeStacks(r -> r.stackName("async")).stacks().get(0).stackStatus() == StackStatus.CREATE_COMPLETE);
        assertThat(cfn.describeChangeSet(r -> r.changeSetName(created.id())).executionStatus())
                .isEqualTo(ExecutionStatus.EXECUTE_COMPLETE);
    }
}
