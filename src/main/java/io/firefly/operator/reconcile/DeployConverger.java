package io.firefly.operator.reconcile;

import io.firefly.operator.api.AdoptionPolicy;
import io.firefly.operator.api.ChangeSetStatus;
import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.FailedResource;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackStatus;
import io.firefly.operator.api.Phase;
import io.firefly.operator.aws.AwsErrors;
import io.firefly.operator.aws.ChangeSetRequest;
import io.firefly.operator.aws.ChangeSetRequest.ChangeSetKind;
import io.firefly.operator.aws.ChangeSetRequest.ImportedTable;
import io.firefly.operator.aws.ObservedChangeSet;
import io.firefly.operator.aws.ObservedStack;
import io.firefly.operator.aws.StackGateway;
import io.firefly.operator.aws.StackStatuses;
import io.firefly.operator.reconcile.ChangeSetName.Kind;
import io.firefly.operator.template.CloudFormationYaml;
import io.firefly.operator.template.TemplateInspector;
import io.firefly.operator.template.TemplateInspector.NamedTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The deploy workflow of the seeds as a state machine: each call looks at the stack once, takes at most
 * one step (create, execute or delete a change set; delete a failed stack; continue a rollback) and says
 * when to look again. Nothing here waits for AWS.
 *
 * <p>Paths: stack stable → UPDATE change set (empty = success, deleted); stack absent and a table the
 * template names exists → IMPORT change set without Outputs, then the UPDATE that adds them; otherwise
 * CREATE. What was tried for the current inputs is kept in status.changeSet, so a failure is not retried
 * until the spec or an input changes.
 */
final class DeployConverger {
    private final StackGateway aws;
    private final Durations durations;

    DeployConverger(StackGateway aws, Durations durations) {
        this.aws = aws;
        this.durations = durations;
    }

    /** How long to wait before looking again, by situation. */
    interface Durations {
        Duration inProgress();

        Duration stable();

        Duration backoff(FireflyStack stack);
    }

    Duration converge(FireflyStack resource, DesiredStack desired, StatusReport report) {
        Optional<ObservedStack> observed = aws.stack(desired.region(), desired.stackName());
        FireflyStackStatus status = report.status();
        status.setStackId(observed.map(ObservedStack::id).orElse(null));
        status.setStackStatus(observed.map(ObservedStack::status).orElse(null));
        status.setStackStatusReason(observed.map(ObservedStack::statusReason).orElse(null));
        if (observed.isEmpty()) {
            return whenAbsent(resource, desired, report);
        }
        ObservedStack stack = observed.get();
        Optional<String> owner = StackOwner.other(stack, resource);
        if (owner.isPresent()) {
            report.stalled(Phase.Failed, ConditionReason.StackOwnedByAnother, "stack " + desired.stackName()
                    + " belongs to FireflyStack " + owner.get() + " (its " + StackOwner.TAG + " tag says so); one stack can"
                    + " have only one FireflyStack. Change spec.stackName, or delete FireflyStack " + owner.get()
                    + " first (with deletionPolicy Retain to keep the stack).");
            return durations.stable();
        }
        return switch (stack.state()) {
            case REVIEW -> whenInReview(resource, desired, report);
            case IN_PROGRESS -> whileInProgress(stack, report);
            case STABLE -> whenStable(resource, desired, stack, report);
            case CREATE_ROLLED_BACK -> whenCreateRolledBack(desired, report);
            case ROLLBACK_FAILED -> whenRollbackFailed(resource, desired, report);
            case UPDATE_ROLLBACK_FAILED -> whenUpdateRollbackFailed(resource, desired, report);
            case DELETE_FAILED -> whenDeleteFailedOutsideOperator(desired, report);
            case ABSENT -> whenAbsent(resource, desired, report);
        };
    }

    private Duration whenAbsent(FireflyStack resource, DesiredStack desired, StatusReport report) {
        if (failedBefore(report.status(), desired)) {
            return stayFailed(report);
        }
        List<NamedTable> existing = existingTables(desired);
        long generation = resource.getMetadata().getGeneration();
        if (existing.isEmpty()) {
            ChangeSetName name = ChangeSetName.of(Kind.CREATE, generation, desired);
            return startChangeSet(desired, report, name, ChangeSetKind.CREATE, desired.templateBody(), List.of(),
                    Phase.Creating, "creating stack " + desired.stackName());
        }
        String tables = existing.stream().map(NamedTable::tableName).collect(Collectors.joining(", "));
        if (resource.getSpec().getAdoption() == AdoptionPolicy.CreateOnly) {
            report.stalled(Phase.Failed, ConditionReason.ImportRefused, "table " + tables
                    + " already exists and spec.adoption is CreateOnly, so the operator will not import it into stack "
                    + desired.stackName() + ". Set spec.adoption to AdoptOrCreate to adopt it with its items, or rename the table in the template.");
            return durations.stable();
        }
        List<NamedTable> withoutPolicy = existing.stream().filter(t -> !t.hasDeletionPolicy()).toList();
        if (!withoutPolicy.isEmpty()) {
            report.stalled(Phase.Failed, ConditionReason.ImportRefused, "table " + tables + " already exists; to import it, resource "
                    + withoutPolicy.stream().map(NamedTable::logicalId).collect(Collectors.joining(", "))
                    + " needs a DeletionPolicy attribute in the template (CloudFormation requires one for every imported resource).");
            return durations.stable();
        }
        ChangeSetName name = ChangeSetName.of(Kind.IMPORT, generation, desired);
        List<String> ids = existing.stream().map(NamedTable::logicalId).toList();
        report.status().setImportedResources(ids);
        String body = new TemplateInspector(CloudFormationYaml.parse(desired.templateBody()), desired.parameters(), Map.of())
                .importBody(java.util.Set.copyOf(ids));
        return startChangeSet(desired, report, name, ChangeSetKind.IMPORT, body,
                existing.stream().map(t -> new ImportedTable(t.logicalId(), t.tableName())).toList(),
                Phase.Importing, "importing existing table " + tables + " into new stack " + desired.stackName());
    }

    /** Tables the template names that exist already; none for a template CloudFormation reads from a URL. */
    private List<NamedTable> existingTables(DesiredStack desired) {
        if (desired.templateBody() == null) {
            return List.of();
        }
        Map<String, String> pseudo = Map.of("AWS::Region", desired.region(), "AWS::StackName", desired.stackName(),
                "AWS::Partition", "aws", "AWS::URLSuffix", "amazonaws.com");
        return new TemplateInspector(CloudFormationYaml.parse(desired.templateBody()), desired.parameters(), pseudo)
                .namedTables().stream()
                .filter(t -> aws.tableExists(desired.region(), t.tableName()))
                .toList();
    }

    private Duration startChangeSet(DesiredStack desired, StatusReport report, ChangeSetName name, ChangeSetKind kind,
                                    String body, List<ImportedTable> imports, Phase phase, String what) {
        try {
            aws.createChangeSet(desired.region(), new ChangeSetRequest(desired.stackName(), name.toString(), kind,
                    body, desired.templateUrl(), desired.parameters(), desired.capabilities(), desired.tags(),
                    desired.roleArn(), imports));
        } catch (AwsServiceException e) {
            if (AwsErrors.isThrottling(e)) {
                throw e;
            }
            FailureText.Explained why = FailureText.changeSetFailure(name.toString(), AwsErrors.code(e), AwsErrors.message(e));
            record(report, name, "FAILED", "UNAVAILABLE", AwsErrors.message(e));
            report.stalled(Phase.Failed, why.reason(), why.message());
            return durations.stable();
        }
        record(report, name, "CREATE_PENDING", "UNAVAILABLE", null);
        report.progressing(phase, ConditionReason.ChangeSetPending, what + ": change set " + name + " is being created");
        return durations.inProgress();
    }

    private Duration whenInReview(FireflyStack resource, DesiredStack desired, StatusReport report) {
        Optional<ObservedChangeSet> ours = ownChangeSet(desired, report.status())
                .or(() -> aws.changeSets(desired.region(), desired.stackName()).stream()
                        .filter(cs -> ChangeSetName.parse(cs.name())
                                .filter(n -> n.hash().equals(desired.hash()) && n.kind() != Kind.UPDATE).isPresent())
                        .findFirst());
        if (ours.isEmpty()) {
            // Left by a crash or by an older spec; a REVIEW_IN_PROGRESS stack holds no resources.
            aws.deleteStack(desired.region(), desired.stackName());
            report.progressing(Phase.Pending, ConditionReason.CleaningUp, "stack " + desired.stackName()
                    + " was left in REVIEW_IN_PROGRESS by a change set that is not for the current spec; removing it to start again");
            return durations.inProgress();
        }
        ObservedChangeSet changeSet = ours.get();
        ChangeSetName name = ChangeSetName.parse(changeSet.name()).orElseThrow();
        Phase phase = name.kind() == Kind.IMPORT ? Phase.Importing : Phase.Creating;
        if (name.kind() == Kind.IMPORT && report.status().getImportedResources().isEmpty()) {
            // An operator stopped right after creating the change set never wrote what it imports.
            report.status().setImportedResources(existingTables(desired).stream().map(NamedTable::logicalId).toList());
        }
        record(report, name, changeSet.status(), changeSet.executionStatus(), changeSet.statusReason());
        if (changeSet.isFailed()) {
            FailureText.Explained why = FailureText.changeSetFailure(name.toString(), null, changeSet.statusReason());
            aws.deleteStack(desired.region(), desired.stackName());
            report.stalled(Phase.Failed, name.kind() == Kind.IMPORT ? ConditionReason.ImportFailed : why.reason(), why.message());
            return durations.stable();
        }
        return followChangeSet(desired, report, name, changeSet, phase);
    }

    private Duration whenStable(FireflyStack resource, DesiredStack desired, ObservedStack stack, StatusReport report) {
        FireflyStackStatus status = report.status();
        ChangeSetStatus last = status.getChangeSet();
        Optional<ChangeSetName> lastName = ChangeSetName.parse(last == null ? null : last.name())
                .filter(n -> n.hash().equals(desired.hash()));
        if (lastName.isPresent()) {
            ChangeSetName name = lastName.get();
            if ("EXECUTE_IN_PROGRESS".equals(last.executionStatus())) {
                if (StackStatuses.isRolledBack(stack.status())) {
                    return executionFailed(desired, report, name, stack);
                }
                record(report, name, last.status(), "EXECUTE_COMPLETE", null);
                last = status.getChangeSet();
            }
            if (isApplied(last, name)) {
                return ready(desired, stack, report);
            }
            if (failedBefore(status, desired)) {
                return stayFailed(report);
            }
        }
        boolean imported = lastName.filter(n -> n.kind() == Kind.IMPORT).isPresent()
                && "EXECUTE_COMPLETE".equals(status.getChangeSet().executionStatus());
        ChangeSetName update = ChangeSetName.of(Kind.UPDATE, resource.getMetadata().getGeneration(), desired);
        Optional<ObservedChangeSet> existing = aws.changeSet(desired.region(), desired.stackName(), update.toString());
        if (existing.isEmpty()) {
            return startChangeSet(desired, report, update, ChangeSetKind.UPDATE, desired.templateBody(), List.of(),
                    Phase.Updating, imported ? "adding the template's Outputs to the imported stack " + desired.stackName()
                            : "updating stack " + desired.stackName());
        }
        ObservedChangeSet changeSet = existing.get();
        record(report, update, changeSet.status(), changeSet.executionStatus(), changeSet.statusReason());
        if (changeSet.isEmpty()) {
            aws.deleteChangeSet(desired.region(), desired.stackName(), update.toString());
            return ready(desired, stack, report);
        }
        if ("EXECUTE_COMPLETE".equals(changeSet.executionStatus())) {
            return ready(desired, stack, report);
        }
        if ("EXECUTE_FAILED".equals(changeSet.executionStatus())) {
            return executionFailed(desired, report, update, stack);
        }
        if (changeSet.isFailed()) {
            FailureText.Explained why = FailureText.changeSetFailure(update.toString(), null, changeSet.statusReason());
            aws.deleteChangeSet(desired.region(), desired.stackName(), update.toString());
            report.stalled(Phase.Failed, why.reason(), why.message());
            return durations.stable();
        }
        return followChangeSet(desired, report, update, changeSet, Phase.Updating);
    }

    private Duration followChangeSet(DesiredStack desired, StatusReport report, ChangeSetName name,
                                     ObservedChangeSet changeSet, Phase phase) {
        if (changeSet.isExecutable()) {
            aws.executeChangeSet(desired.region(), desired.stackName(), name.toString());
            record(report, name, changeSet.status(), "EXECUTE_IN_PROGRESS", null);
            report.progressing(phase, ConditionReason.ChangeSetExecuting, "executing change set " + name
                    + " on stack " + desired.stackName());
            return durations.inProgress();
        }
        if ("EXECUTE_IN_PROGRESS".equals(changeSet.executionStatus())) {
            report.progressing(phase, ConditionReason.ChangeSetExecuting, "change set " + name + " is executing on stack "
                    + desired.stackName());
            return durations.inProgress();
        }
        report.progressing(phase, ConditionReason.ChangeSetPending, "change set " + name + " is " + changeSet.status());
        return durations.inProgress();
    }

    private Duration whileInProgress(ObservedStack stack, StatusReport report) {
        String status = stack.status();
        Phase phase = status.startsWith("IMPORT") ? Phase.Importing
                : status.startsWith("UPDATE") ? Phase.Updating
                : status.startsWith("DELETE") ? Phase.Deleting
                : Phase.Creating;
        report.progressing(phase, ConditionReason.StackInProgress, "CloudFormation stack " + stack.name() + " is " + status);
        return durations.inProgress();
    }

    private Duration whenCreateRolledBack(DesiredStack desired, StatusReport report) {
        List<FailedResource> failed = aws.failedResources(desired.region(), desired.stackName());
        rememberFailedExecution(report, desired, failed);
        // A stack in ROLLBACK_COMPLETE holds nothing and can only be deleted.
        aws.deleteStack(desired.region(), desired.stackName());
        if (failedBefore(report.status(), desired)) {
            report.stalled(Phase.Failed, ConditionReason.CreateFailed, "creating stack " + desired.stackName()
                    + " failed and was rolled back: " + FailureText.resources(failed)
                    + ". The operator removes the empty stack; fix the template or parameters and it creates the stack again.");
            return durations.stable();
        }
        report.progressing(Phase.Pending, ConditionReason.CleaningUp, "removing stack " + desired.stackName()
                + " left in ROLLBACK_COMPLETE by an earlier create, to create it again");
        return durations.inProgress();
    }

    private Duration whenRollbackFailed(FireflyStack resource, DesiredStack desired, StatusReport report) {
        List<FailedResource> failed = aws.failedResources(desired.region(), desired.stackName());
        rememberFailedExecution(report, desired, failed);
        List<FailedResource> tablesWithItems = failed.stream()
                .filter(f -> "AWS::DynamoDB::Table".equals(f.type()) && f.physicalId() != null)
                .filter(f -> !aws.tableIsEmpty(desired.region(), f.physicalId()))
                .toList();
        if (tablesWithItems.isEmpty()) {
            aws.deleteStack(desired.region(), desired.stackName());
            report.progressing(Phase.Pending, ConditionReason.CleaningUp, "removing stack " + desired.stackName()
                    + " left in " + report.status().getStackStatus() + " (nothing it holds has data)");
            return durations.inProgress();
        }
        String tables = tablesWithItems.stream().map(FailedResource::physicalId).collect(Collectors.joining(", "));
        report.stalled(Phase.Failed, ConditionReason.RollbackFailed, "the rollback of stack " + desired.stackName()
                + " could not delete " + FailureText.resources(tablesWithItems) + ". The operator never deletes a table that holds data:"
                + " empty or delete table " + tables + " in AWS, then the operator removes the failed stack by itself.");
        return durations.backoff(resource);
    }

    private Duration whenUpdateRollbackFailed(FireflyStack resource, DesiredStack desired, StatusReport report) {
        List<FailedResource> failed = aws.failedResources(desired.region(), desired.stackName());
        report.status().setFailedResources(failed);
        // A table the update created and that now holds items: CloudFormation cannot delete it, and
        // continuing the rollback would only fail again until a person has emptied it.
        List<FailedResource> tablesWithItems = failed.stream()
                .filter(f -> "AWS::DynamoDB::Table".equals(f.type()) && "DELETE_FAILED".equals(f.status()) && f.physicalId() != null)
                .filter(f -> !aws.tableIsEmpty(desired.region(), f.physicalId()))
                .toList();
        if (!tablesWithItems.isEmpty()) {
            String tables = tablesWithItems.stream().map(FailedResource::physicalId).collect(Collectors.joining(", "));
            report.stalled(Phase.Failed, ConditionReason.UpdateRollbackFailed, "the rollback of the update of stack "
                    + desired.stackName() + " could not delete " + FailureText.resources(tablesWithItems)
                    + ". The operator never deletes a table that holds data: empty or delete table " + tables
                    + " in AWS, then the operator continues the rollback by itself.");
            return durations.backoff(resource);
        }
        aws.continueUpdateRollback(desired.region(), desired.stackName());
        report.progressing(Phase.Updating, ConditionReason.UpdateRollbackFailed, "stack " + desired.stackName()
                + " was UPDATE_ROLLBACK_FAILED (" + FailureText.resources(failed) + "); continuing the rollback");
        return durations.backoff(resource);
    }

    private Duration whenDeleteFailedOutsideOperator(DesiredStack desired, StatusReport report) {
        List<FailedResource> failed = aws.failedResources(desired.region(), desired.stackName());
        report.status().setFailedResources(failed);
        report.stalled(Phase.Failed, ConditionReason.StackDeleteFailed, "stack " + desired.stackName()
                + " is DELETE_FAILED after a deletion the FireflyStack did not ask for (" + FailureText.resources(failed)
                + "); CloudFormation cannot update it in this state. Finish the deletion in AWS and the operator creates or imports it again.");
        return durations.stable();
    }

    private Duration executionFailed(DesiredStack desired, StatusReport report, ChangeSetName name, ObservedStack stack) {
        List<FailedResource> failed = aws.failedResources(desired.region(), desired.stackName());
        report.status().setFailedResources(failed);
        record(report, name, "CREATE_COMPLETE", "EXECUTE_FAILED", FailureText.resources(failed));
        return stayFailed(report);
    }

    private Duration ready(DesiredStack desired, ObservedStack stack, StatusReport report) {
        report.status().setOutputs(stack.outputs());
        report.status().setFailedResources(List.of());
        report.ready("stack " + desired.stackName() + " is " + stack.status() + " and matches the spec");
        return durations.stable();
    }

    private Duration stayFailed(StatusReport report) {
        ChangeSetStatus last = report.status().getChangeSet();
        ChangeSetName name = ChangeSetName.parse(last.name()).orElseThrow();
        String reason = last.statusReason();
        if ("EXECUTE_FAILED".equals(last.executionStatus())) {
            ConditionReason why = switch (name.kind()) {
                case CREATE -> ConditionReason.CreateFailed;
                case IMPORT -> ConditionReason.ImportFailed;
                case UPDATE -> ConditionReason.UpdateFailed;
            };
            report.stalled(Phase.Failed, why, "change set " + name + " failed and CloudFormation rolled it back: " + reason
                    + ". Fix the FireflyStack spec (or what it reads); the operator tries again when it changes.");
        } else {
            FailureText.Explained why = FailureText.changeSetFailure(name.toString(), null, reason);
            report.stalled(Phase.Failed, why.reason(), why.message());
        }
        return durations.stable();
    }

    /** Whether the inputs of this spec were already tried and failed. */
    private static boolean failedBefore(FireflyStackStatus status, DesiredStack desired) {
        ChangeSetStatus last = status.getChangeSet();
        if (last == null || ChangeSetName.parse(last.name()).filter(n -> n.hash().equals(desired.hash())).isEmpty()) {
            return false;
        }
        boolean refused = "FAILED".equals(last.status()) && !ObservedChangeSet.isNoChangesReason(last.statusReason());
        return refused || "EXECUTE_FAILED".equals(last.executionStatus());
    }

    private static boolean isApplied(ChangeSetStatus last, ChangeSetName name) {
        if (name.kind() == Kind.IMPORT) {
            return false; // the UPDATE that adds the Outputs is still to come
        }
        return "EXECUTE_COMPLETE".equals(last.executionStatus())
                || ("FAILED".equals(last.status()) && ObservedChangeSet.isNoChangesReason(last.statusReason()));
    }

    private Optional<ObservedChangeSet> ownChangeSet(DesiredStack desired, FireflyStackStatus status) {
        ChangeSetStatus last = status.getChangeSet();
        return ChangeSetName.parse(last == null ? null : last.name())
                .filter(n -> n.hash().equals(desired.hash()) && n.kind() != Kind.UPDATE)
                .flatMap(n -> aws.changeSet(desired.region(), desired.stackName(), n.toString()));
    }

    /**
     * Marks the operator's own create or import change set for this spec as failed in execution, so that once
     * the failed stack is removed the operator waits for a spec change instead of trying the same thing again.
     */
    private static void rememberFailedExecution(StatusReport report, DesiredStack desired, List<FailedResource> failed) {
        ChangeSetStatus last = report.status().getChangeSet();
        ChangeSetName.parse(last == null ? null : last.name())
                .filter(n -> n.hash().equals(desired.hash()) && n.kind() != Kind.UPDATE)
                .ifPresent(n -> record(report, n, last.status(), "EXECUTE_FAILED", FailureText.resources(failed)));
        report.status().setFailedResources(failed);
    }

    private static void record(StatusReport report, ChangeSetName name, String status, String execution, String reason) {
        report.status().setChangeSet(new ChangeSetStatus(name.toString(), name.kind().name(), status, execution, reason));
    }
}
