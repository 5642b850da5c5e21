package io.firefly.offlineaws;

import io.firefly.offlineaws.control.OfflineAwsOptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetNotFoundException;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.ExecutionStatus;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A stack changed by someone else while a change set waits on it: by UpdateStack (here with the previous
 * template and one parameter changed, as a person does it with the AWS CLI) or by executing another change
 * set. The waiting change set becomes OBSOLETE and cannot be executed, and LastUpdatedTime says when the
 * stack was last updated.
 */
class OutOfBandUpdatesTest extends OfflineAwsClientTest {

    private static final String TEMPLATE = TestTemplates.read("drift-table.yaml");

    @Override
    protected OfflineAwsOptions options() {
        return OfflineAwsOptions.defaults()
                .withResourceStepDelay(Duration.ofMillis(100))
                .withChangeSetDelay(Duration.ofMillis(100));
    }

    @Test
    void updateStackWithThePreviousTemplateAndOneNewParameterUpdatesTheTableAndObsoletesWaitingChangeSets() {
        cfn.createStack(r -> r.stackName("oob-update").templateBody(TEMPLATE).parameters(param("TableName", "oob-update-keys")));
        Stack created = waits.settled("oob-update");
        assertThat(created.lastUpdatedTime()).as("never updated yet").isNull();
        CreateChangeSetResponse waiting = cfn.createChangeSet(r -> r.stackName("oob-update").changeSetName("waiting")
                .usePreviousTemplate(true).parameters(previous("TableName"), param("TtlEnabled", "true"))
                .tags(t -> t.key("team").value("firefly")));
        assertThat(waits.changeSetComputed("oob-update", "waiting").executionStatus()).isEqualTo(ExecutionStatus.AVAILABLE);

        cfn.updateStack(r -> r.stackName("oob-update").usePreviousTemplate(true)
                .parameters(previous("TableName"), param("TtlEnabled", "false")));

        Stack updating = cfn.describeStacks(r -> r.stackName("oob-update")).stacks().get(0);
        assertThat(updating.stackStatus()).isEqualTo(StackStatus.UPDATE_IN_PROGRESS);
        assertThat(updating.lastUpdatedTime()).isAfter(created.creationTime());
        Stack updated = waits.settled("oob-update");
        assertThat(updated.stackStatus()).isEqualTo(StackStatus.UPDATE_COMPLETE);
        assertThat(updated.lastUpdatedTime()).as("the time the update began").isEqualTo(updating.lastUpdatedTime())
                .isEqualTo(updateBegan("oob-update"));
        assertThat(parameters(updated)).containsEntry("TableName", "oob-update-keys").containsEntry("TtlEnabled", "false");
        assertThat(cfn.getTemplate(r -> r.stackName("oob-update")).templateBody()).isEqualTo(TEMPLATE);
        assertThat(ddb.describeTimeToLive(r -> r.tableName("oob-update-keys")).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);

        DescribeChangeSetResponse obsolete = cfn.describeChangeSet(r -> r.changeSetName(waiting.id()));
        assertThat(obsolete.status()).isEqualTo(ChangeSetStatus.CREATE_COMPLETE);
        assertThat(obsolete.executionStatus()).isEqualTo(ExecutionStatus.OBSOLETE);
        assertThat(cfn.listChangeSets(r -> r.stackName("oob-update")).summaries()).singleElement()
                .satisfies(s -> assertThat(s.executionStatus()).isEqualTo(ExecutionStatus.OBSOLETE));
        assertThatThrownBy(() -> cfn.executeChangeSet(r -> r.changeSetName(waiting.id())))
                .isInstanceOfSatisfying(CloudFormationException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidChangeSetStatus");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("ChangeSet [" + waiting.id()
                            + "] cannot be executed in its current execution status of [OBSOLETE]");
                });
        cfn.deleteChangeSet(r -> r.changeSetName(waiting.id()));
        assertThat(cfn.listChangeSets(r -> r.stackName("oob-update")).summaries()).isEmpty();
    }

    @Test
    void executingAChangeSetObsoletesTheOthersWhileItRunsAndDeletesThemWhenItEnds() {
        cfn.createStack(r -> r.stackName("oob-execute").templateBody(TEMPLATE).parameters(param("TableName", "oob-execute-keys")));
        Stack created = waits.settled("oob-execute");
        // a chain of topics keeps the executed change set's update running while the other one is looked at
        String slowUpdate = TEMPLATE.replace("Outputs:", TestTemplates.topicChain(null, 12) + "Outputs:");
        CreateChangeSetResponse executed = cfn.createChangeSet(r -> r.stackName("oob-execute").changeSetName("executed")
                .templateBody(slowUpdate).parameters(previous("TableName")));
        waits.changeSetComputed("oob-execute", "executed");
        CreateChangeSetResponse computed = cfn.createChangeSet(r -> r.stackName("oob-execute").changeSetName("computed")
                .usePreviousTemplate(true).parameters(previous("TableName"), param("TtlEnabled", "false")));
        waits.changeSetComputed("oob-execute", "computed");
        CreateChangeSetResponse pending = cfn.createChangeSet(r -> r.stackName("oob-execute").changeSetName("pending")
                .usePreviousTemplate(true).parameters(previous("TableName"), param("TtlEnabled", "false"))
                .description("still being computed when the other one is executed"));

        cfn.executeChangeSet(r -> r.changeSetName(executed.id()));

        assertThat(cfn.describeChangeSet(r -> r.changeSetName(computed.id())).executionStatus()).isEqualTo(ExecutionStatus.OBSOLETE);
        DescribeChangeSetResponse pendingComputed = waits.changeSetComputed("oob-execute", "pending");
        assertThat(pendingComputed.status()).isEqualTo(ChangeSetStatus.CREATE_COMPLETE);
        assertThat(pendingComputed.executionStatus()).isEqualTo(ExecutionStatus.OBSOLETE);
        assertThat(cfn.describeStacks(r -> r.stackName("oob-execute")).stacks().get(0).stackStatus())
                .isEqualTo(StackStatus.UPDATE_IN_PROGRESS);
        assertThatThrownBy(() -> cfn.executeChangeSet(r -> r.stackName("oob-execute").changeSetName("computed")))
                .isInstanceOfSatisfying(CloudFormationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("ChangeSet [" + computed.id() + "] cannot be executed in its current execution status of [OBSOLETE]"));

        Stack updated = waits.settled("oob-execute");
        assertThat(updated.stackStatus()).isEqualTo(StackStatus.UPDATE_COMPLETE);
        assertThat(updated.lastUpdatedTime()).isAfter(created.creationTime()).isEqualTo(updateBegan("oob-execute"));
        assertThat(cfn.listChangeSets(r -> r.stackName("oob-execute")).summaries())
                .extracting(s -> s.changeSetName() + " " + s.executionStatusAsString()).containsExactly("executed EXECUTE_COMPLETE");
        assertThatThrownBy(() -> cfn.describeChangeSet(r -> r.changeSetName(computed.id())))
                .isInstanceOf(ChangeSetNotFoundException.class);
        assertThatThrownBy(() -> cfn.describeChangeSet(r -> r.stackName("oob-execute").changeSetName("pending")))
                .isInstanceOf(ChangeSetNotFoundException.class);

        // The next update, out of band, moves LastUpdatedTime on.
        cfn.updateStack(r -> r.stackName("oob-execute").usePreviousTemplate(true)
                .parameters(previous("TableName"), param("TtlEnabled", "false")));
        Instant later = waits.settled("oob-execute").lastUpdatedTime();
        assertThat(later).isAfter(updated.lastUpdatedTime()).isEqualTo(updateBegan("oob-execute"));
        assertThat(cfn.describeChangeSet(r -> r.changeSetName(executed.id())).executionStatus())
                .as("an executed change set keeps its outcome").isEqualTo(ExecutionStatus.EXECUTE_COMPLETE);
    }

    /** When the stack's latest UPDATE_IN_PROGRESS event was recorded. */
    private Instant updateBegan(String stackName) {
        return cfn.describeStackEvents(r -> r.stackName(stackName)).stackEvents().stream()
                .filter(e -> e.logicalResourceId().equals(stackName) && e.resourceStatusAsString().equals("UPDATE_IN_PROGRESS"))
                .map(StackEvent::timestamp)
                .findFirst().orElseThrow();
    }

    private static Map<String, String> parameters(Stack stack) {
        return stack.parameters().stream().collect(Collectors.toMap(Parameter::parameterKey, Parameter::parameterValue));
    }

    private static Parameter param(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }

    private static Parameter previous(String key) {
        return Parameter.builder().parameterKey(key).usePreviousValue(true).build();
    }
}
