package io.firefly.operator.reconcile.deploy;

import static io.firefly.operator.reconcile.deploy.DecisionFixture.STACK;
import static io.firefly.operator.reconcile.deploy.DecisionFixture.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firefly.operator.api.AdoptionPolicy;
import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.Phase;
import io.firefly.operator.port.AwsFailure;
import io.firefly.operator.port.ChangeSetState;
import io.firefly.operator.port.DeleteBlocker;
import io.firefly.operator.port.ExecutionStatus;
import io.firefly.operator.port.ObservedStack;
import io.firefly.operator.port.Rejection;
import io.firefly.operator.port.StackStatus;
import io.firefly.operator.reconcile.deploy.ChangeSetName.Kind;
import io.firefly.operator.reconcile.status.StatusReport;
import io.firefly.operator.template.TemplateDefaults;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deploy workflow as a table: each row is what AWS shows and what the operator did last, and the step it
 * must take (the exact AWS calls, in order) with the status the user then sees. Against an in-memory AWS: no
 * Quarkus, no Kubernetes, no offline AWS.
 */
class DeployDecisionTest {
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Set<ConditionReason> PRODUCED = EnumSet.noneOf(ConditionReason.class);

    /** @param calls the AWS calls in order; {create}, {update} and {import} stand for this generation's names */
    record Row(String name, Consumer<DecisionFixture> given, List<String> calls, Phase phase, ConditionReason reason,
               String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                // no stack
                new Row("absent: create", f -> { },
                        List.of("DescribeStacks", "DescribeTable " + TABLE, "CreateChangeSet CREATE {create}"),
                        Phase.Creating, ConditionReason.ChangeSetPending, "creating stack users"),
                new Row("absent, the table exists: import it", f -> f.aws.putTable(TABLE, true),
                        List.of("DescribeStacks", "DescribeTable " + TABLE, "CreateChangeSet IMPORT {import}"),
                        Phase.Importing, ConditionReason.ChangeSetPending, "importing existing table users-table"),
                new Row("absent, the table exists, adoption CreateOnly: refuse", f -> {
                    f.aws.putTable(TABLE, true);
                    f.resource.getSpec().setAdoption(AdoptionPolicy.CreateOnly);
                }, List.of("DescribeStacks", "DescribeTable " + TABLE), Phase.Failed, ConditionReason.ImportRefused,
                        "spec.adoption is CreateOnly"),
                new Row("absent, the table exists without DeletionPolicy: refuse", f -> {
                    f.aws.putTable(TABLE, true);
                    f.template = DecisionFixture.TEMPLATE.replace("    DeletionPolicy: Retain\n", "");
                }, List.of("DescribeStacks", "DescribeTable " + TABLE), Phase.Failed, ConditionReason.ImportRefused,
                        "needs a DeletionPolicy attribute"),
                new Row("absent, the create of this generation failed: stay failed", f ->
                        f.recorded(f.changeSet(Kind.CREATE, 2), "CREATE_COMPLETE", "EXECUTE_FAILED", null, null),
                        List.of("DescribeStacks"), Phase.Failed, ConditionReason.CreateFailed, "rolled it back"),
                new Row("absent, a create of an older generation failed: try this one", f ->
                        f.recorded(f.changeSet(Kind.CREATE, 1), "CREATE_COMPLETE", "EXECUTE_FAILED", null, null),
                        List.of("DescribeStacks", "DescribeTable " + TABLE, "CreateChangeSet CREATE {create}"),
                        Phase.Creating, ConditionReason.ChangeSetPending, "creating stack users"),
                new Row("absent after it was applied: deleted behind the operator's back, deploy again", f ->
                        f.recorded(f.changeSet(Kind.UPDATE, 1), "CREATE_COMPLETE", "EXECUTE_COMPLETE", null, CREATED.toString()),
                        List.of("DescribeStacks", "DescribeTable " + TABLE, "CreateChangeSet CREATE {create}"),
                        Phase.Creating, ConditionReason.ChangeSetPending, "creating stack users"),
                new Row("absent, CreateChangeSet refused for a capability", f -> f.aws.fail("CreateChangeSet",
                        new AwsFailure.Refused("InsufficientCapabilitiesException", Rejection.MISSING_CAPABILITIES,
                                "Requires capabilities : [CAPABILITY_IAM]", null)),
                        List.of("DescribeStacks", "DescribeTable " + TABLE, "CreateChangeSet CREATE {create}"),
                        Phase.Failed, ConditionReason.MissingCapabilities, "Add the capability to spec.capabilities"),
                new Row("absent, CreateChangeSet refused the template", f -> f.aws.fail("CreateChangeSet",
                        new AwsFailure.Refused("ValidationError", Rejection.TEMPLATE_INVALID,
                                "Template format error: Unrecognized resource types: [AWS::NotReal::Thing]", null)),
                        List.of("DescribeStacks", "DescribeTable " + TABLE, "CreateChangeSet CREATE {create}"),
                        Phase.Failed, ConditionReason.TemplateInvalid, "Fix spec.template or spec.parameters"),
                new Row("absent, CreateChangeSet refused otherwise", f -> f.aws.fail("CreateChangeSet",
                        new AwsFailure.Refused("ValidationError", Rejection.OTHER, "Role is invalid", null)),
                        List.of("DescribeStacks", "DescribeTable " + TABLE, "CreateChangeSet CREATE {create}"),
                        Phase.Failed, ConditionReason.ChangeSetFailed, "Role is invalid"),
                new Row("a template over CloudFormation's body limit: say to use a URL, call nothing", f ->
                        f.template = DecisionFixture.TEMPLATE + "#" + "x".repeat(DeployConverger.MAX_TEMPLATE_BODY_BYTES),
                        List.of(), Phase.Failed, ConditionReason.TemplateTooLarge, "set spec.template.url"),
                new Row("a template that is no YAML", f -> f.template = "Resources: [unclosed",
                        List.of("DescribeStacks"), Phase.Failed, ConditionReason.TemplateInvalid, "spec.template:"),
                // REVIEW_IN_PROGRESS
                new Row("review, own CREATE change set computed by its first look: executed without describing it", f -> {
                    f.aws.putStack(STACK, StackStatus.REVIEW_IN_PROGRESS);
                    f.recordedJustCreated(f.changeSet(Kind.CREATE, 2));
                    f.aws.putChangeSet(STACK, f.changeSet(Kind.CREATE, 2), ChangeSetState.CREATE_COMPLETE, ExecutionStatus.AVAILABLE, null, null);
                }, List.of("DescribeStacks", "ExecuteChangeSet {create}"),
                        Phase.Creating, ConditionReason.ChangeSetExecuting, "executing change set"),
                new Row("review, own change set looked at before and computed now: describe, then execute", f -> {
                    f.aws.putStack(STACK, StackStatus.REVIEW_IN_PROGRESS);
                    f.recorded(f.changeSet(Kind.CREATE, 2), "CREATE_PENDING", "UNAVAILABLE", null, null);
                    f.aws.putChangeSet(STACK, f.changeSet(Kind.CREATE, 2), ChangeSetState.CREATE_COMPLETE, ExecutionStatus.AVAILABLE, null, null);
                }, List.of("DescribeStacks", "DescribeChangeSet {create}", "ExecuteChangeSet {create}"),
                        Phase.Creating, ConditionReason.ChangeSetExecuting, "executing change set"),
                new Row("review, own change set seen computed before: execute it without describing it again", f -> {
                    f.aws.putStack(STACK, StackStatus.REVIEW_IN_PROGRESS);
                    f.recorded(f.changeSet(Kind.IMPORT, 2), "CREATE_COMPLETE", "AVAILABLE", null, null);
                }, List.of("DescribeStacks", "ExecuteChangeSet {import}"),
                        Phase.Importing, ConditionReason.ChangeSetExecuting, "executing change set"),
                new Row("review, change set still being computed: wait", f -> {
                    f.aws.putStack(STACK, StackStatus.REVIEW_IN_PROGRESS);
                    f.recorded(f.changeSet(Kind.CREATE, 2), "CREATE_PENDING", "UNAVAILABLE", null, null);
                    f.aws.putChangeSet(STACK, f.changeSet(Kind.CREATE, 2), ChangeSetState.CREATE_IN_PROGRESS, ExecutionStatus.UNAVAILABLE, null, null);
                }, List.of("DescribeStacks", "DescribeChangeSet {create}"),
                        Phase.Creating, ConditionReason.ChangeSetPending, "is CREATE_IN_PROGRESS"),
                new Row("review, CREATE change set not computed by its first look: ExecuteChangeSet refused, described", f -> {
                    f.aws.putStack(STACK, StackStatus.REVIEW_IN_PROGRESS);
                    f.recordedJustCreated(f.changeSet(Kind.CREATE, 2));
                    f.aws.putChangeSet(STACK, f.changeSet(Kind.CREATE, 2), ChangeSetState.CREATE_IN_PROGRESS, ExecutionStatus.UNAVAILABLE, null, null);
                }, List.of("DescribeStacks", "ExecuteChangeSet {create}", "DescribeChangeSet {create}"),
                        Phase.Creating, ConditionReason.ChangeSetPending, "is CREATE_IN_PROGRESS"),
                new Row("review, CREATE change set CloudFormation refused, at its first look: described, the stack removed", f -> {
                    f.aws.putStack(STACK, StackStatus.REVIEW_IN_PROGRESS);
                    f.recordedJustCreated(f.changeSet(Kind.CREATE, 2));
                    f.aws.putChangeSet(STACK, f.changeSet(Kind.CREATE, 2), ChangeSetState.FAILED, ExecutionStatus.UNAVAILABLE,
                            "Template format error: Unresolved resource dependencies [Missing]", Rejection.OTHER);
                }, List.of("DescribeStacks", "ExecuteChangeSet {create}", "DescribeChangeSet {create}", "DeleteStack users"),
                        Phase.Failed, ConditionReason.ChangeSetFailed, "Unresolved resource dependencies"),
                new Row("review, found by listing after a restart lost the status", f -> {
                    f.aws.putStack(STACK, StackStatus.REVIEW_IN_PROGRESS);
                    f.aws.putChangeSet(STACK, f.changeSet(Kind.CREATE, 2), ChangeSetState.CREATE_COMPLETE, ExecutionStatus.AVAILABLE, null, null);
                }, List.of("DescribeStacks", "ListChangeSets", "ExecuteChangeSet {create}"),
                        Phase.Creating, ConditionReason.ChangeSetExecuting, "executing change set"),
                new Row("review, no change set for these inputs: remove the empty stack", f ->
                        f.aws.putStack(STACK, StackStatus.REVIEW_IN_PROGRESS),
                        List.of("DescribeStacks", "ListChangeSets", "DeleteStack users"),
                        Phase.Pending, ConditionReason.CleaningUp, "left in REVIEW_IN_PROGRESS"),
                new Row("review, the import change set failed", f -> {
                    f.aws.putStack(STACK, StackStatus.REVIEW_IN_PROGRESS);
                    f.resource.getStatus().setImportedResources(List.of("Table"));
                    f.recorded(f.changeSet(Kind.IMPORT, 2), "CREATE_PENDING", "UNAVAILABLE", null, null);
                    f.aws.putChangeSet(STACK, f.changeSet(Kind.IMPORT, 2), ChangeSetState.FAILED, ExecutionStatus.UNAVAILABLE,
                            "Resources [Table] is not importable", Rejection.OTHER);
                }, List.of("DescribeStacks", "DescribeChangeSet {import}", "DeleteStack users"),
                        Phase.Failed, ConditionReason.ImportFailed, "is not importable"),
                new Row("review, the change set became OBSOLETE: start over", f -> {
                    f.aws.putStack(STACK, StackStatus.REVIEW_IN_PROGRESS);
                    f.recorded(f.changeSet(Kind.CREATE, 2), "CREATE_PENDING", "UNAVAILABLE", null, null);
                    f.aws.putChangeSet(STACK, f.changeSet(Kind.CREATE, 2), ChangeSetState.CREATE_COMPLETE, ExecutionStatus.OBSOLETE, null, null);
                }, List.of("DescribeStacks", "DescribeChangeSet {create}", "DeleteStack users"),
                        Phase.Pending, ConditionReason.ChangeSetObsolete, "became OBSOLETE"),
                new Row("review, a change set status this version does not know: report it", f -> {
                    f.aws.putStack(STACK, StackStatus.REVIEW_IN_PROGRESS);
                    f.recorded(f.changeSet(Kind.CREATE, 2), "CREATE_PENDING", "UNAVAILABLE", null, null);
                    f.aws.putChangeSet(STACK, f.changeSet(Kind.CREATE, 2), ChangeSetState.UNKNOWN, ExecutionStatus.UNAVAILABLE, null, null);
                }, List.of("DescribeStacks", "DescribeChangeSet {create}"),
                        Phase.Failed, ConditionReason.UnknownStatus, "does not know"),
                // operations under way
                new Row("create in progress", f -> f.aws.putStack(STACK, StackStatus.CREATE_IN_PROGRESS),
                        List.of("DescribeStacks"), Phase.Creating, ConditionReason.StackInProgress, "is CREATE_IN_PROGRESS"),
                new Row("update in progress", f -> f.aws.putStack(STACK, StackStatus.UPDATE_COMPLETE_CLEANUP_IN_PROGRESS),
                        List.of("DescribeStacks"), Phase.Updating, ConditionReason.StackInProgress, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"),
                new Row("import in progress", f -> f.aws.putStack(STACK, StackStatus.IMPORT_IN_PROGRESS),
                        List.of("DescribeStacks"), Phase.Importing, ConditionReason.StackInProgress, "IMPORT_IN_PROGRESS"),
                new Row("someone deletes it", f -> f.aws.putStack(STACK, StackStatus.DELETE_IN_PROGRESS),
                        List.of("DescribeStacks"), Phase.Deleting, ConditionReason.StackInProgress, "DELETE_IN_PROGRESS"),
                new Row("a stack status this version does not know: report it, never wait on it", f ->
                        f.aws.putStack(STACK, StackStatus.UNKNOWN),
                        List.of("DescribeStacks"), Phase.Failed, ConditionReason.UnknownStatus, "this operator version does not know"),
                // stable
                new Row("stable after the operator's update ran: Ready", f -> {
                    f.aws.putStack(STACK, StackStatus.UPDATE_COMPLETE, Map.of("Env", "prod"), f.ownTags(), CREATED);
                    f.recorded(f.changeSet(Kind.UPDATE, 2), "CREATE_COMPLETE", "EXECUTE_IN_PROGRESS", null, null);
                }, List.of("DescribeStacks"), Phase.Ready, ConditionReason.StackReady, "matches the spec"),
                new Row("rolled back after the operator's update: failed", f -> {
                    f.aws.putStack(STACK, StackStatus.UPDATE_ROLLBACK_COMPLETE);
                    f.aws.putFailure("Table", TABLE, "AWS::DynamoDB::Table", "UPDATE_FAILED", "Invalid KeySchema", DeleteBlocker.OTHER);
                    f.recorded(f.changeSet(Kind.UPDATE, 2), "CREATE_COMPLETE", "EXECUTE_IN_PROGRESS", null, null);
                }, List.of("DescribeStacks", "DescribeStackEvents"), Phase.Failed, ConditionReason.UpdateFailed, "Invalid KeySchema"),
                new Row("stable, applied, nobody changed it: Ready without any call of its own", f -> {
                    f.aws.putStack(STACK, StackStatus.UPDATE_COMPLETE, Map.of("Env", "prod"), f.ownTags(), CREATED);
                    f.recorded(f.changeSet(Kind.UPDATE, 1), "CREATE_COMPLETE", "EXECUTE_COMPLETE", null, CREATED.toString());
                }, List.of("DescribeStacks"), Phase.Ready, ConditionReason.StackReady, "matches the spec"),
                new Row("stable after an import: the UPDATE that adds the Outputs", f -> {
                    f.aws.putStack(STACK, StackStatus.IMPORT_COMPLETE, Map.of("Env", "prod"), f.ownTags(), CREATED);
                    f.recorded(f.changeSet(Kind.IMPORT, 2), "CREATE_COMPLETE", "EXECUTE_COMPLETE", null, CREATED.toString());
                }, List.of("DescribeStacks", "DescribeChangeSet {update}", "CreateChangeSet UPDATE {update}"),
                        Phase.Updating, ConditionReason.ChangeSetPending, "adding the template's Outputs"),
                new Row("updated by someone else since the operator's change: deploy the spec again", f -> {
                    f.aws.putStack(STACK, StackStatus.UPDATE_COMPLETE, Map.of("Env", "dev"), f.ownTags(), CREATED.plusSeconds(60));
                    f.recorded(f.changeSet(Kind.UPDATE, 2), "CREATE_COMPLETE", "EXECUTE_COMPLETE", null, CREATED.toString());
                }, List.of("DescribeStacks", "DescribeChangeSet {update}-d" + CREATED.plusSeconds(60).getEpochSecond(),
                        "CreateChangeSet UPDATE {update}-d" + CREATED.plusSeconds(60).getEpochSecond()),
                        Phase.Updating, ConditionReason.ChangeSetPending, "parameter Env is 'dev', the spec says 'prod'"),
                new Row("applied, no update since, yet a parameter differs (an update taken for the operator's own): deploy again", f -> {
                    f.aws.putStack(STACK, StackStatus.UPDATE_COMPLETE, Map.of("Env", "dev"), f.ownTags(), CREATED);
                    f.recorded(f.changeSet(Kind.UPDATE, 2), "CREATE_COMPLETE", "EXECUTE_COMPLETE", null, CREATED.toString());
                }, List.of("DescribeStacks", "DescribeChangeSet {update}-d" + CREATED.getEpochSecond(),
                        "CreateChangeSet UPDATE {update}-d" + CREATED.getEpochSecond()),
                        Phase.Updating, ConditionReason.ChangeSetPending, "parameter Env is 'dev', the spec says 'prod'"),
                new Row("found empty at this update time, a value reads differently: Ready, no change set again", f -> {
                    f.aws.putStack(STACK, StackStatus.UPDATE_COMPLETE, Map.of("Env", "prod "), f.ownTags(), CREATED);
                    f.recorded(f.changeSet(Kind.UPDATE, 2), "DELETE_COMPLETE", "UNAVAILABLE", true, CREATED.toString());
                }, List.of("DescribeStacks"), Phase.Ready, ConditionReason.StackReady, "matches the spec"),
                new Row("found empty, but someone updated the stack after CloudFormation computed it: deploy again", f -> {
                    f.aws.putStack(STACK, StackStatus.UPDATE_COMPLETE, Map.of("Env", "dev"), f.ownTags(), CREATED.plusSeconds(60));
                    f.recorded(f.changeSet(Kind.UPDATE, 2), "CREATE_PENDING", "UNAVAILABLE", null, null);
                    f.aws.putChangeSet(STACK, f.changeSet(Kind.UPDATE, 2), ChangeSetState.FAILED, ExecutionStatus.UNAVAILABLE,
                            "The submitted information didn't contain changes.", Rejection.NO_CHANGES, CREATED.plusSeconds(30));
                }, List.of("DescribeStacks", "DescribeChangeSet {update}", "DeleteChangeSet {update}",
                        "DescribeChangeSet {update}-d" + CREATED.plusSeconds(60).getEpochSecond(),
                        "CreateChangeSet UPDATE {update}-d" + CREATED.plusSeconds(60).getEpochSecond()),
                        Phase.Updating, ConditionReason.ChangeSetPending, "parameter Env is 'dev', the spec says 'prod'"),
                new Row("found empty before the status recorded update times, a parameter differs: deploy again", f -> {
                    f.aws.putStack(STACK, StackStatus.UPDATE_COMPLETE, Map.of("Env", "dev"), f.ownTags(), CREATED);
                    f.recorded(f.changeSet(Kind.UPDATE, 2), "DELETE_COMPLETE", "UNAVAILABLE", true, null);
                }, List.of("DescribeStacks", "DescribeChangeSet {update}-d" + CREATED.getEpochSecond(),
                        "CreateChangeSet UPDATE {update}-d" + CREATED.getEpochSecond()),
                        Phase.Updating, ConditionReason.ChangeSetPending, "parameter Env is 'dev', the spec says 'prod'"),
                new Row("a correction ran, yet the stack still reads differently: look again, no second correction", f -> {
                    String correction = f.changeSet(Kind.UPDATE, 2) + "-d" + CREATED.getEpochSecond();
                    f.aws.putStack(STACK, StackStatus.UPDATE_COMPLETE, Map.of("Env", "dev"), f.ownTags(), CREATED.plusSeconds(60));
                    f.recorded(correction, "CREATE_PENDING", "UNAVAILABLE", null, null);
                    f.aws.putChangeSet(STACK, correction, ChangeSetState.CREATE_COMPLETE, ExecutionStatus.EXECUTE_COMPLETE, null, null);
                }, List.of("DescribeStacks", "DescribeChangeSet {update}-d" + CREATED.getEpochSecond()),
                        Phase.Updating, ConditionReason.StackInProgress, "still differs from the spec"),
                new Row("a parameter the spec leaves to the template's default was changed: deploy again", f -> {
                    f.template = DecisionFixture.TEMPLATE.replace("Env: {Type: String}", "Env: {Type: String}\n  Memory: {Type: Number, Default: 128}");
                    f.aws.putStack(STACK, StackStatus.UPDATE_COMPLETE, Map.of("Env", "prod", "Memory", "2048"), f.ownTags(), CREATED);
                    f.recorded(f.changeSet(Kind.UPDATE, 2), "CREATE_COMPLETE", "EXECUTE_COMPLETE", null, CREATED.toString());
                }, List.of("DescribeStacks", "DescribeChangeSet {update}-d" + CREATED.getEpochSecond(),
                        "CreateChangeSet UPDATE {update}-d" + CREATED.getEpochSecond()),
                        Phase.Updating, ConditionReason.ChangeSetPending, "parameter Memory is '2048', the template's default is '128'"),
                new Row("updated with other capabilities, at an update time taken for the operator's own: deploy again", f -> {
                    ObservedStack stack = f.aws.putStack(STACK, StackStatus.UPDATE_COMPLETE, Map.of("Env", "prod"), f.ownTags(), CREATED);
                    f.aws.putStack(new ObservedStack(stack.name(), stack.id(), stack.status(), stack.rawStatus(), null,
                            stack.outputs(), stack.tags(), stack.parameters(), List.of("CAPABILITY_IAM"), null, CREATED, CREATED));
                    f.recorded(f.changeSet(Kind.UPDATE, 2), "CREATE_COMPLETE", "EXECUTE_COMPLETE", null, CREATED.toString());
                }, List.of("DescribeStacks", "DescribeChangeSet {update}-d" + CREATED.getEpochSecond(),
                        "CreateChangeSet UPDATE {update}-d" + CREATED.getEpochSecond()),
                        Phase.Updating, ConditionReason.ChangeSetPending, "capabilities are [CAPABILITY_IAM], the spec says []"),
                new Row("inputs changed: create the UPDATE change set", f ->
                        f.aws.putStack(STACK, StackStatus.CREATE_COMPLETE, Map.of("Env", "dev"), f.ownTags(), CREATED),
                        List.of("DescribeStacks", "DescribeChangeSet {update}", "CreateChangeSet UPDATE {update}"),
                        Phase.Updating, ConditionReason.ChangeSetPending, "updating stack users"),
                new Row("the UPDATE change set is empty: Ready, change set deleted", f -> {
                    f.aws.putStack(STACK, StackStatus.CREATE_COMPLETE, Map.of("Env", "prod"), f.ownTags(), CREATED);
                    f.aws.putChangeSet(STACK, f.changeSet(Kind.UPDATE, 2), ChangeSetState.FAILED, ExecutionStatus.UNAVAILABLE,
                            "The submitted information didn't contain changes.", Rejection.NO_CHANGES);
                }, List.of("DescribeStacks", "DescribeChangeSet {update}", "DeleteChangeSet {update}"),
                        Phase.Ready, ConditionReason.StackReady, "matches the spec"),
                new Row("the UPDATE change set is computed: execute it", f -> {
                    f.aws.putStack(STACK, StackStatus.CREATE_COMPLETE);
                    f.aws.putChangeSet(STACK, f.changeSet(Kind.UPDATE, 2), ChangeSetState.CREATE_COMPLETE, ExecutionStatus.AVAILABLE, null, null);
                }, List.of("DescribeStacks", "DescribeChangeSet {update}", "ExecuteChangeSet {update}"),
                        Phase.Updating, ConditionReason.ChangeSetExecuting, "executing change set"),
                new Row("the UPDATE change set was seen computed: execute it without describing it again", f -> {
                    f.aws.putStack(STACK, StackStatus.CREATE_COMPLETE);
                    f.recorded(f.changeSet(Kind.UPDATE, 2), "CREATE_COMPLETE", "AVAILABLE", null, null);
                }, List.of("DescribeStacks", "ExecuteChangeSet {update}"),
                        Phase.Updating, ConditionReason.ChangeSetExecuting, "executing change set"),
                new Row("the UPDATE change set is executing", f -> {
                    f.aws.putStack(STACK, StackStatus.CREATE_COMPLETE);
                    f.recorded(f.changeSet(Kind.UPDATE, 2), "CREATE_PENDING", "UNAVAILABLE", null, null);
                    f.aws.putChangeSet(STACK, f.changeSet(Kind.UPDATE, 2), ChangeSetState.CREATE_COMPLETE, ExecutionStatus.EXECUTE_IN_PROGRESS, null, null);
                }, List.of("DescribeStacks", "DescribeChangeSet {update}"),
                        Phase.Updating, ConditionReason.ChangeSetExecuting, "is executing on stack users"),
                new Row("executing a change set that can no longer run: describe it again next time", f -> {
                    f.aws.putStack(STACK, StackStatus.UPDATE_COMPLETE);
                    f.recorded(f.changeSet(Kind.UPDATE, 2), "CREATE_COMPLETE", "AVAILABLE", null, null);
                    f.aws.fail("ExecuteChangeSet", new AwsFailure.Refused("InvalidChangeSetStatus", Rejection.OTHER,
                            "ChangeSet is in an OBSOLETE state", null));
                }, List.of("DescribeStacks", "ExecuteChangeSet {update}"),
                        Phase.Updating, ConditionReason.ChangeSetPending, "could not be executed"),
                new Row("the UPDATE change set is OBSOLETE when described: delete it and start over", f -> {
                    f.aws.putStack(STACK, StackStatus.UPDATE_COMPLETE);
                    f.recorded(f.changeSet(Kind.UPDATE, 2), "CREATE_PENDING", "UNAVAILABLE", null, null);
                    f.aws.putChangeSet(STACK, f.changeSet(Kind.UPDATE, 2), ChangeSetState.CREATE_COMPLETE, ExecutionStatus.OBSOLETE, null, null);
                }, List.of("DescribeStacks", "DescribeChangeSet {update}", "DeleteChangeSet {update}"),
                        Phase.Updating, ConditionReason.ChangeSetObsolete, "became OBSOLETE"),
                new Row("the UPDATE change set was refused: deleted, failed", f -> {
                    f.aws.putStack(STACK, StackStatus.CREATE_COMPLETE);
                    f.aws.putChangeSet(STACK, f.changeSet(Kind.UPDATE, 2), ChangeSetState.FAILED, ExecutionStatus.UNAVAILABLE,
                            "Template format error: Unresolved resource dependencies [Nope]", Rejection.TEMPLATE_INVALID);
                }, List.of("DescribeStacks", "DescribeChangeSet {update}", "DeleteChangeSet {update}"),
                        Phase.Failed, ConditionReason.TemplateInvalid, "Unresolved resource dependencies"),
                new Row("the UPDATE change set failed in execution", f -> {
                    f.aws.putStack(STACK, StackStatus.UPDATE_ROLLBACK_COMPLETE);
                    f.aws.putChangeSet(STACK, f.changeSet(Kind.UPDATE, 2), ChangeSetState.CREATE_COMPLETE, ExecutionStatus.EXECUTE_FAILED, null, null);
                }, List.of("DescribeStacks", "DescribeChangeSet {update}", "DescribeStackEvents"),
                        Phase.Failed, ConditionReason.UpdateFailed, "rolled it back"),
                new Row("the update of this generation was refused before: stay failed, call nothing more", f -> {
                    f.aws.putStack(STACK, StackStatus.CREATE_COMPLETE);
                    f.recorded(f.changeSet(Kind.UPDATE, 2), "FAILED", "UNAVAILABLE", false, null);
                }, List.of("DescribeStacks"), Phase.Failed, ConditionReason.ChangeSetFailed, "earlier reason"),
                new Row("owned by another FireflyStack that exists: refuse", f ->
                        f.aws.putStack(STACK, StackStatus.CREATE_COMPLETE, Map.of(), Map.of("firefly.io/fireflystack", "team/other"), CREATED),
                        List.of("DescribeStacks"), Phase.Failed, ConditionReason.StackOwnedByAnother, "belongs to FireflyStack team/other"),
                // failed stacks
                new Row("the operator's create rolled back: remove the empty stack, failed", f -> {
                    f.aws.putStack(STACK, StackStatus.ROLLBACK_COMPLETE);
                    f.aws.putFailure("Table", TABLE, "AWS::DynamoDB::Table", "CREATE_FAILED", "Limit exceeded", DeleteBlocker.OTHER);
                    f.recorded(f.changeSet(Kind.CREATE, 2), "CREATE_COMPLETE", "EXECUTE_IN_PROGRESS", null, null);
                }, List.of("DescribeStacks", "DescribeStackEvents", "DeleteStack users"),
                        Phase.Failed, ConditionReason.CreateFailed, "Limit exceeded"),
                new Row("a rolled-back create the operator did not make: remove it to create again", f ->
                        f.aws.putStack(STACK, StackStatus.ROLLBACK_COMPLETE),
                        List.of("DescribeStacks", "DescribeStackEvents", "DeleteStack users"),
                        Phase.Pending, ConditionReason.CleaningUp, "left in ROLLBACK_COMPLETE"),
                new Row("a failed rollback kept a table with items: never delete it", f -> {
                    f.aws.putStack(STACK, StackStatus.ROLLBACK_FAILED);
                    f.aws.putTable(TABLE, true);
                    f.aws.putFailure("Table", TABLE, "AWS::DynamoDB::Table", "DELETE_FAILED", "table is not empty", DeleteBlocker.NOT_EMPTY);
                }, List.of("DescribeStacks", "DescribeStackEvents", "Scan " + TABLE),
                        Phase.Failed, ConditionReason.RollbackFailed, "never deletes a table that holds data"),
                new Row("a failed rollback holding nothing with data: remove it", f -> {
                    f.aws.putStack(STACK, StackStatus.IMPORT_ROLLBACK_FAILED);
                    f.aws.putFailure("Table", TABLE, "AWS::DynamoDB::Table", "DELETE_FAILED", "timeout", DeleteBlocker.OTHER);
                }, List.of("DescribeStacks", "DescribeStackEvents", "Scan " + TABLE, "DeleteStack users"),
                        Phase.Pending, ConditionReason.CleaningUp, "nothing it holds has data"),
                new Row("an update rollback stuck on a table with items: wait for a person", f -> {
                    f.aws.putStack(STACK, StackStatus.UPDATE_ROLLBACK_FAILED);
                    f.aws.putTable("audit", true);
                    f.aws.putFailure("Audit", "audit", "AWS::DynamoDB::Table", "DELETE_FAILED", "table is not empty", DeleteBlocker.NOT_EMPTY);
                }, List.of("DescribeStacks", "DescribeStackEvents", "Scan audit"),
                        Phase.Failed, ConditionReason.UpdateRollbackFailed, "empty or delete table audit"),
                new Row("an update rollback stuck otherwise: continue it", f -> {
                    f.aws.putStack(STACK, StackStatus.UPDATE_ROLLBACK_FAILED);
                    f.aws.putFailure("Fn", "fn", "AWS::Lambda::Function", "UPDATE_FAILED", "throttled", DeleteBlocker.OTHER);
                }, List.of("DescribeStacks", "DescribeStackEvents", "ContinueUpdateRollback users"),
                        Phase.Updating, ConditionReason.UpdateRollbackFailed, "continuing the rollback"),
                new Row("deleted outside the operator and failed", f -> f.aws.putStack(STACK, StackStatus.DELETE_FAILED),
                        List.of("DescribeStacks", "DescribeStackEvents"),
                        Phase.Failed, ConditionReason.StackDeleteFailed, "Finish the deletion in AWS"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachSituationTakesItsStep(Row row) {
        DecisionFixture f = new DecisionFixture();
        row.given().accept(f);
        StatusReport report = new StatusReport(f.resource);

        Duration next = f.converger().converge(f.resource, f.desired(), report,
                owner -> owner.equals("team/other"));

        List<String> expected = row.calls().stream().map(c -> c
                .replace("{create}", f.changeSet(Kind.CREATE, 2))
                .replace("{update}", f.changeSet(Kind.UPDATE, 2))
                .replace("{import}", f.changeSet(Kind.IMPORT, 2))).toList();
        assertThat(f.aws.calls()).as("AWS calls").containsExactlyElementsOf(expected);
        assertThat(f.resource.getStatus().getPhase()).as("phase").isEqualTo(row.phase());
        assertThat(f.resource.getStatus().condition(ConditionType.Ready).orElseThrow().getReason()).as("reason")
                .isEqualTo(row.reason().name());
        assertThat(f.resource.getStatus().getMessage()).as("message").contains(row.message());
        assertThat(next).as("the step never waits on a thread, it says when to look again").isPositive();
        PRODUCED.add(row.reason());
    }

    @Test
    void aCreateChangeSetAtItsFirstLookWaitsItsTurnBehindStacksThrottledOnExecuting() {
        DecisionFixture f = new DecisionFixture();
        f.aws.putStack(STACK, StackStatus.REVIEW_IN_PROGRESS);
        f.recordedJustCreated(f.changeSet(Kind.CREATE, 2));
        f.aws.putChangeSet(STACK, f.changeSet(Kind.CREATE, 2), ChangeSetState.CREATE_COMPLETE, ExecutionStatus.AVAILABLE, null, null);
        DeployConverger converger = new DeployConverger(f.aws, DecisionFixture.DURATIONS, "ExecuteChangeSet"::equals,
                new TemplateDefaults());

        assertThatThrownBy(() -> converger.converge(f.resource, f.desired(), new StatusReport(f.resource), o -> true))
                .isInstanceOfSatisfying(AwsFailure.Throttled.class, t -> assertThat(t.operation()).isEqualTo("ExecuteChangeSet"));
        assertThat(f.aws.calls()).as("nothing asked of the throttled operation").containsExactly("DescribeStacks");
    }

    @Test
    void anAppliedChangeRecordsTheStackUpdateTimeItCaused() {
        DecisionFixture f = new DecisionFixture();
        Instant updated = CREATED.plusSeconds(120);
        f.aws.putStack(STACK, StackStatus.UPDATE_COMPLETE, Map.of("Env", "prod"), f.ownTags(), updated);
        f.recorded(f.changeSet(Kind.UPDATE, 2), "CREATE_COMPLETE", "EXECUTE_IN_PROGRESS", null, null);

        f.converger().converge(f.resource, f.desired(), new StatusReport(f.resource), o -> true);

        assertThat(f.resource.getStatus().getChangeSet().executionStatus()).isEqualTo("EXECUTE_COMPLETE");
        assertThat(f.resource.getStatus().getChangeSet().stackUpdatedAt()).isEqualTo(updated.toString());
        assertThat(f.resource.getStatus().getOutputs()).containsEntry("TableName", "users-table");
    }

    @Test
    void aCorrectedDriftIsAnnouncedAsAnEvent() {
        DecisionFixture f = new DecisionFixture();
        f.aws.putStack(STACK, StackStatus.UPDATE_COMPLETE, Map.of("Env", "dev"), f.ownTags(), CREATED.plusSeconds(60));
        f.recorded(f.changeSet(Kind.UPDATE, 2), "CREATE_COMPLETE", "EXECUTE_COMPLETE", null, CREATED.toString());
        StatusReport report = new StatusReport(f.resource);

        f.converger().converge(f.resource, f.desired(), report, o -> true);

        assertThat(report.events()).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("DriftCorrected");
            assertThat(e.message()).contains("parameter Env is 'dev'").contains("updated at " + CREATED.plusSeconds(60));
        });
    }

    @Test
    void aStackWhoseOwnerIsGoneIsTakenOverWithItsTagRewritten() {
        DecisionFixture f = new DecisionFixture();
        f.aws.putStack(STACK, StackStatus.UPDATE_COMPLETE, Map.of("Env", "prod"),
                Map.of("firefly.io/fireflystack", "team/retained"), CREATED);
        StatusReport report = new StatusReport(f.resource);

        f.converger().converge(f.resource, f.desired(), report, o -> false);

        assertThat(report.events()).extracting(StatusReport.Event::reason).containsExactly("StackAdopted");
        assertThat(f.aws.requests()).singleElement().satisfies(r ->
                assertThat(r.tags()).containsEntry("firefly.io/fireflystack", "team/users"));
    }

    @Test
    void noChangesAfterAnUpgradeFromAStatusWithoutTheFlagAsksCloudFormationAgain() {
        DecisionFixture f = new DecisionFixture();
        f.aws.putStack(STACK, StackStatus.CREATE_COMPLETE, Map.of("Env", "prod"), f.ownTags(), CREATED);
        f.recorded(f.changeSet(Kind.UPDATE, 2), "FAILED", "UNAVAILABLE", null, null);

        f.converger().converge(f.resource, f.desired(), new StatusReport(f.resource), o -> true);

        assertThat(f.aws.calls()).contains("CreateChangeSet UPDATE " + f.changeSet(Kind.UPDATE, 2));
    }

    @Test
    void anEmptyChangeSetReadsAsAppliedEvenWhereAnOlderCrdPrunedNoChanges() {
        DecisionFixture f = new DecisionFixture();
        f.aws.putStack(STACK, StackStatus.CREATE_COMPLETE, Map.of("Env", "prod"), f.ownTags(), CREATED);
        f.aws.putChangeSet(STACK, f.changeSet(Kind.UPDATE, 2), ChangeSetState.FAILED, ExecutionStatus.UNAVAILABLE,
                "The submitted information didn't contain changes.", Rejection.NO_CHANGES);
        f.converger().converge(f.resource, f.desired(), new StatusReport(f.resource), o -> true);
        var recorded = f.resource.getStatus().getChangeSet();
        f.resource.getStatus().setChangeSet(new io.firefly.operator.api.ChangeSetStatus(recorded.name(), recorded.type(),
                recorded.status(), recorded.executionStatus(), recorded.statusReason(), null, null));
        DecisionFixture again = new DecisionFixture();
        again.aws.putStack(STACK, StackStatus.CREATE_COMPLETE, Map.of("Env", "prod"), again.ownTags(), CREATED);
        again.resource.setStatus(f.resource.getStatus());

        again.converger().converge(again.resource, again.desired(),
                new StatusReport(again.resource), o -> true);

        assertThat(again.aws.calls()).as("no change set again at every poll").containsExactly("DescribeStacks");
        assertThat(again.resource.getStatus().getPhase()).isEqualTo(Phase.Ready);
    }

    @AfterAll
    static void everyReasonOfTheDeployPathIsProduced() {
        assertThat(PRODUCED).containsAll(EnumSet.of(ConditionReason.ChangeSetPending, ConditionReason.ChangeSetExecuting,
                ConditionReason.ChangeSetObsolete, ConditionReason.StackInProgress, ConditionReason.CleaningUp,
                ConditionReason.TemplateInvalid, ConditionReason.TemplateTooLarge, ConditionReason.MissingCapabilities,
                ConditionReason.ChangeSetFailed, ConditionReason.CreateFailed, ConditionReason.UpdateFailed,
                ConditionReason.ImportFailed, ConditionReason.ImportRefused, ConditionReason.StackOwnedByAnother,
                ConditionReason.RollbackFailed, ConditionReason.UpdateRollbackFailed, ConditionReason.StackDeleteFailed,
                ConditionReason.UnknownStatus, ConditionReason.StackReady));
    }
}
