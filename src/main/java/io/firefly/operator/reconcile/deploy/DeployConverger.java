package io.firefly.operator.reconcile.deploy;

import io.firefly.operator.api.AdoptionPolicy;
import io.firefly.operator.api.ChangeSetStatus;
import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FailedResource;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import io.firefly.operator.port.AwsFailure;
import io.firefly.operator.port.AwsPort;
import io.firefly.operator.port.ChangeSetRequest;
import io.firefly.operator.port.ChangeSetRequest.ChangeSetKind;
import io.firefly.operator.port.ChangeSetRequest.ImportedTable;
import io.firefly.operator.port.ExecutionStatus;
import io.firefly.operator.port.ObservedChangeSet;
import io.firefly.operator.port.ObservedStack;
import io.firefly.operator.port.Rejection;
import io.firefly.operator.port.ResourceFailure;
import io.firefly.operator.reconcile.deploy.ChangeSetName.Kind;
import io.firefly.operator.reconcile.inputs.DesiredStack;
import io.firefly.operator.reconcile.inputs.StackOwner;
import io.firefly.operator.reconcile.status.StatusReport;
import io.firefly.operator.template.CloudFormationYaml;
import io.firefly.operator.template.TemplateDefaults;
import io.firefly.operator.template.TemplateFormatException;
import io.firefly.operator.template.TemplateInspector;
import io.firefly.operator.template.TemplateInspector.NamedTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The deploy workflow as a table: the stack's observed situation × the operator's last {@link Attempt} →
 * one step (create, execute or delete a change set; delete a failed stack; continue a rollback), and when to
 * look again. Nothing here waits for AWS.
 *
 * <p>Paths: stack absent → CREATE change set, or IMPORT when a table the template names exists (then the
 * UPDATE that adds the Outputs); stack stable → UPDATE change set when the inputs changed or the stack was
 * changed by someone else (an empty change set is success). A failure is not retried until the spec (its
 * generation) or an input changes.
 */
public final class DeployConverger {
    /** CloudFormation's limit on a TemplateBody in a request (AWS CloudFormation User Guide, "Quotas"). */
    static final int MAX_TEMPLATE_BODY_BYTES = 51_200;

    private static final String EXECUTE_CHANGE_SET = "ExecuteChangeSet";

    /** ExecuteChangeSet's error code for a change set that cannot run in its current status. */
    private static final String INVALID_CHANGE_SET_STATUS = "InvalidChangeSetStatus";

    private final AwsPort aws;
    private final Durations durations;
    private final TurnsAhead turnsAhead;
    private final TemplateDefaults templateDefaults;

    public DeployConverger(AwsPort aws, Durations durations, TurnsAhead turnsAhead, TemplateDefaults templateDefaults) {
        this.aws = aws;
        this.durations = durations;
        this.turnsAhead = turnsAhead;
        this.templateDefaults = templateDefaults;
    }

    /** One reconcile's view: the FireflyStack, what it asks for, and the status being written. */
    private record Step(FireflyStack resource, DesiredStack desired, StatusReport report) {
        String stackName() {
            return desired.stackName();
        }

        String region() {
            return desired.region();
        }

        long generation() {
            return resource.getMetadata().getGeneration();
        }
    }

    /**
     * @param ownerExists whether the FireflyStack an ownership tag names (namespace/name) still exists: a stack
     *                    whose owner is gone (deleted with deletionPolicy Retain) may be adopted
     */
    public Duration converge(FireflyStack resource, DesiredStack desired, StatusReport report, Predicate<String> ownerExists) {
        try {
            return step(new Step(resource, desired, report), ownerExists);
        } catch (TemplateUnreadable e) {
            report.stalled(Phase.Failed, ConditionReason.TemplateInvalid, "spec.template: " + e.getMessage()
                    + ". Fix the template.");
            return durations.stable();
        }
    }

    private Duration step(Step step, Predicate<String> ownerExists) {
        FireflyStack resource = step.resource();
        DesiredStack desired = step.desired();
        StatusReport report = step.report();
        if (desired.templateBody() != null
                && desired.templateBody().getBytes(StandardCharsets.UTF_8).length > MAX_TEMPLATE_BODY_BYTES) {
            report.stalled(Phase.Failed, ConditionReason.TemplateTooLarge, "spec.template: the template is "
                    + desired.templateBody().getBytes(StandardCharsets.UTF_8).length + " bytes; CloudFormation takes at most "
                    + MAX_TEMPLATE_BODY_BYTES + " bytes in a request. Upload it to S3 and set spec.template.url instead.");
            return durations.stable();
        }
        Optional<ObservedStack> observed = aws.stack(desired.region(), desired.stackName());
        report.observed(observed);
        Attempt attempt = Attempt.of(report.status().getChangeSet(), desired, step.generation());
        if (observed.isEmpty()) {
            return whenAbsent(step, attempt);
        }
        ObservedStack stack = observed.get();
        Optional<String> previousOwner = StackOwner.other(stack, resource);
        Optional<String> owner = previousOwner.filter(ownerExists);
        if (previousOwner.isPresent() && owner.isEmpty() && !report.status().isTrue(ConditionType.Ready)) {
            report.event(false, "StackAdopted", "stack " + desired.stackName() + " was deployed for FireflyStack "
                    + previousOwner.get() + ", which no longer exists; this FireflyStack takes it over");
        }
        if (owner.isPresent()) {
            report.stalled(Phase.Failed, ConditionReason.StackOwnedByAnother, "stack " + desired.stackName()
                    + " belongs to FireflyStack " + owner.get() + " (its " + StackOwner.TAG + " tag says so); one stack can"
                    + " have only one FireflyStack. Change spec.stackName, or delete FireflyStack " + owner.get()
                    + " first (with deletionPolicy Retain to keep the stack).");
            return durations.stable();
        }
        return switch (stack.status().situation()) {
            case ABSENT -> whenAbsent(step, attempt);
            case REVIEW -> whenInReview(step, attempt);
            case IN_PROGRESS -> whileInProgress(step, stack);
            case STABLE -> whenStable(step, stack, attempt);
            case CREATE_ROLLED_BACK -> whenCreateRolledBack(step, attempt);
            case ROLLBACK_FAILED -> whenRollbackFailed(step, attempt);
            case UPDATE_ROLLBACK_FAILED -> whenUpdateRollbackFailed(step);
            case DELETE_FAILED -> whenDeleteFailedOutsideOperator(step);
            case UNKNOWN -> unknownStatus(step, "stack " + desired.stackName() + " has status " + stack.rawStatus());
        };
    }

    private Duration whenAbsent(Step step, Attempt attempt) {
        if (attempt instanceof Attempt.Failed failed) {
            return stayFailed(step, failed);
        }
        if (attempt instanceof Attempt.Applied) {
            step.report().event(false, ConditionReason.DriftCorrected.name(), "stack " + step.stackName()
                    + " was deleted outside the operator; deploying it again");
        }
        List<NamedTable> existing = existingTables(step.desired());
        if (existing.isEmpty()) {
            ChangeSetName name = ChangeSetName.of(Kind.CREATE, step.generation(), step.desired());
            return startChangeSet(step, name, ChangeSetKind.CREATE, step.desired().templateBody(), List.of(),
                    Phase.Creating, "creating stack " + step.stackName());
        }
        String tables = existing.stream().map(NamedTable::tableName).collect(Collectors.joining(", "));
        if (step.resource().getSpec().getAdoption() == AdoptionPolicy.CreateOnly) {
            step.report().stalled(Phase.Failed, ConditionReason.ImportRefused, "table " + tables
                    + " already exists and spec.adoption is CreateOnly, so the operator will not import it into stack "
                    + step.stackName() + ". Set spec.adoption to AdoptOrCreate to adopt it with its items, or rename the table in the template.");
            return durations.stable();
        }
        List<NamedTable> withoutPolicy = existing.stream().filter(t -> !t.hasDeletionPolicy()).toList();
        if (!withoutPolicy.isEmpty()) {
            step.report().stalled(Phase.Failed, ConditionReason.ImportRefused, "table " + tables + " already exists; to import it, resource "
                    + withoutPolicy.stream().map(NamedTable::logicalId).collect(Collectors.joining(", "))
                    + " needs a DeletionPolicy attribute in the template (CloudFormation requires one for every imported resource).");
            return durations.stable();
        }
        ChangeSetName name = ChangeSetName.of(Kind.IMPORT, step.generation(), step.desired());
        List<String> ids = existing.stream().map(NamedTable::logicalId).toList();
        step.report().status().setImportedResources(ids);
        String body = inspector(step.desired(), Map.of()).importBody(Set.copyOf(ids));
        return startChangeSet(step, name, ChangeSetKind.IMPORT, body,
                existing.stream().map(t -> new ImportedTable(t.logicalId(), t.tableName())).toList(),
                Phase.Importing, "importing existing table " + tables + " into new stack " + step.stackName());
    }

    /** Tables the template names that exist already; none for a template CloudFormation reads from a URL. */
    private List<NamedTable> existingTables(DesiredStack desired) {
        if (desired.templateBody() == null) {
            return List.of();
        }
        Map<String, String> pseudo = Map.of("AWS::Region", desired.region(), "AWS::StackName", desired.stackName(),
                "AWS::Partition", "aws", "AWS::URLSuffix", "amazonaws.com");
        return inspector(desired, pseudo).namedTables().stream()
                .filter(t -> aws.tableExists(desired.region(), t.tableName()))
                .toList();
    }

    /** The template's parameter defaults; none known for a template CloudFormation reads from a URL. */
    private Map<String, String> parameterDefaults(Step step) {
        if (step.desired().templateBody() == null) {
            return Map.of();
        }
        try {
            return templateDefaults.of(step.resource().getMetadata().getUid(), step.desired().templateBody());
        } catch (TemplateFormatException e) {
            throw new TemplateUnreadable(e.getMessage());
        }
    }

    private static TemplateInspector inspector(DesiredStack desired, Map<String, String> pseudo) {
        try {
            return new TemplateInspector(CloudFormationYaml.parse(desired.templateBody()), desired.parameters(), pseudo);
        } catch (TemplateFormatException e) {
            throw new TemplateUnreadable(e.getMessage());
        }
    }

    private Duration startChangeSet(Step step, ChangeSetName name, ChangeSetKind kind, String body,
                                    List<ImportedTable> imports, Phase phase, String what) {
        DesiredStack desired = step.desired();
        try {
            aws.createChangeSet(desired.region(), new ChangeSetRequest(desired.stackName(), name.toString(), kind,
                    body, desired.templateUrl(), desired.parameters(), desired.capabilities(), desired.tags(),
                    desired.roleArn(), imports));
        } catch (AwsFailure.Refused refused) {
            record(step, name, "FAILED", "UNAVAILABLE", refused.getMessage(), false);
            FailureText.Explained why = FailureText.changeSetFailure(name.toString(), refused.rejection(), refused.getMessage());
            step.report().stalled(Phase.Failed, why.reason(), why.message());
            return durations.stable();
        }
        record(step, name, "CREATE_PENDING", "UNAVAILABLE", null, null);
        step.report().progressing(phase, ConditionReason.ChangeSetPending, what + ": change set " + name + " is being created");
        // An UPDATE change set keeps the in-progress poll: its first look also deletes a correction that came back
        // empty, and a soak run once ended with one left behind when that look came later. Kept until understood.
        return kind == ChangeSetKind.UPDATE ? durations.inProgress() : durations.changeSets().created(name.toString());
    }

    private Duration whenInReview(Step step, Attempt attempt) {
        Optional<ChangeSetName> recorded = pending(attempt).filter(n -> n.kind() != Kind.UPDATE);
        if (attempt instanceof Attempt.Executable executable && executable.name().kind() != Kind.UPDATE) {
            return execute(step, executable.name(), phaseOf(executable.name()));
        }
        if (attempt instanceof Attempt.Requested requested && requested.name().kind() == Kind.CREATE && notLookedAt(step)) {
            if (turnsAhead.othersWaitingFor(EXECUTE_CHANGE_SET)) {
                // Executed now, it would take the request AWS lets through next from a stack whose change set is
                // computed for sure, and about one in ten first looks finds its own still computing: under
                // throttling, that wastes a request of the execution quota. It waits its turn behind them instead.
                throw new AwsFailure.Throttled(EXECUTE_CHANGE_SET, "other stacks wait their turn to execute a change set", null);
            }
            Optional<Duration> executed = executeIfComputed(step, requested.name());
            if (executed.isPresent()) {
                return executed.get();
            }
        }
        Optional<ObservedChangeSet> ours = recorded
                .flatMap(n -> aws.changeSet(step.region(), step.stackName(), n.toString()))
                .or(() -> aws.changeSets(step.region(), step.stackName()).stream()
                        .filter(cs -> ChangeSetName.parse(cs.name())
                                .filter(n -> n.hash().equals(step.desired().hash()) && n.kind() != Kind.UPDATE).isPresent())
                        .findFirst());
        if (ours.isEmpty()) {
            // Left by a crash or by an older spec; a REVIEW_IN_PROGRESS stack holds no resources.
            aws.deleteStack(step.region(), step.stackName());
            step.report().progressing(Phase.Pending, ConditionReason.CleaningUp, "stack " + step.stackName()
                    + " was left in REVIEW_IN_PROGRESS by a change set that is not for the current spec; removing it to start again");
            return durations.inProgress();
        }
        ObservedChangeSet changeSet = ours.get();
        ChangeSetName name = ChangeSetName.parse(changeSet.name()).orElseThrow();
        if (name.kind() == Kind.IMPORT && step.report().status().getImportedResources().isEmpty()) {
            // An operator stopped right after creating the change set never wrote what it imports.
            step.report().status().setImportedResources(existingTables(step.desired()).stream().map(NamedTable::logicalId).toList());
        }
        record(step, name, changeSet);
        if (changeSet.isUnknown()) {
            return unknownStatus(step, "change set " + name + " has status " + changeSet.status() + "/" + changeSet.execution());
        }
        if (changeSet.execution() == ExecutionStatus.OBSOLETE) {
            aws.deleteStack(step.region(), step.stackName());
            step.report().progressing(Phase.Pending, ConditionReason.ChangeSetObsolete, "change set " + name
                    + " became OBSOLETE before it ran; removing the empty stack " + step.stackName() + " to start again");
            return durations.inProgress();
        }
        if (changeSet.isRefused() || changeSet.isEmpty()) {
            FailureText.Explained why = FailureText.changeSetFailure(name.toString(), changeSet.rejection(), changeSet.statusReason());
            aws.deleteStack(step.region(), step.stackName());
            step.report().stalled(Phase.Failed, name.kind() == Kind.IMPORT ? ConditionReason.ImportFailed : why.reason(), why.message());
            return durations.stable();
        }
        return followChangeSet(step, name, changeSet, phaseOf(name));
    }

    private Duration whenStable(Step step, ObservedStack stack, Attempt attempt) {
        if (attempt instanceof Attempt.Executing executing) {
            if (stack.status().isRolledBack()) {
                return executionFailed(step, executing.name());
            }
            attempt = applied(step, executing.name(), stack.lastUpdatedAt(), false);
        }
        if (attempt instanceof Attempt.Applied applied) {
            if (applied.name().kind() == Kind.IMPORT) {
                return update(step, stack, new Attempt.NotTried(), "adding the template's Outputs to the imported stack "
                        + step.stackName());
            }
            return whenApplied(step, stack, applied, true);
        }
        if (attempt instanceof Attempt.Failed failed) {
            return stayFailed(step, failed);
        }
        if (attempt instanceof Attempt.Executable executable && executable.name().kind() == Kind.UPDATE) {
            return execute(step, executable.name(), Phase.Updating);
        }
        return update(step, stack, attempt, "updating stack " + step.stackName());
    }

    /**
     * The operator's change is in: Ready, unless someone else changed the stack since (then deploy again).
     *
     * @param mayCorrect false right after a correction was found applied: a stack that still differs is looked at
     *                   again later instead of corrected once more in the same step
     */
    private Duration whenApplied(Step step, ObservedStack stack, Attempt.Applied applied, boolean mayCorrect) {
        if (applied.stackUpdatedAt() == null) {
            // applied before the operator recorded update times: this observation is the reference from now on,
            // and nothing confirmed its values, so they are compared
            applied = applied(step, applied.name(), stack.lastUpdatedAt(), false);
        }
        Optional<String> drift = StackDrift.between(step.desired(), parameterDefaults(step), stack,
                applied.stackUpdatedAt(), applied.noChanges());
        if (drift.isEmpty()) {
            return ready(step, stack);
        }
        if (!mayCorrect) {
            step.report().progressing(Phase.Updating, ConditionReason.StackInProgress, "stack " + step.stackName()
                    + " still differs from the spec after change set " + applied.name() + " (" + drift.get() + "); looking again");
            return durations.inProgress();
        }
        String message = "stack " + step.stackName() + " was changed outside the operator (" + drift.get()
                + "); deploying the spec again";
        step.report().event(false, ConditionReason.DriftCorrected.name(), message);
        Instant changedAt = stack.lastUpdatedAt() == null ? Instant.EPOCH : stack.lastUpdatedAt();
        return update(step, stack, new Attempt.Requested(ChangeSetName.correcting(step.generation(), step.desired(), changedAt)),
                message);
    }

    /** Follows the UPDATE change set for the current inputs: create it, then execute it, or find it empty. */
    private Duration update(Step step, ObservedStack stack, Attempt attempt, String what) {
        ChangeSetName name = pending(attempt).filter(n -> n.kind() == Kind.UPDATE)
                .orElseGet(() -> ChangeSetName.of(Kind.UPDATE, step.generation(), step.desired()));
        Optional<ObservedChangeSet> existing = aws.changeSet(step.region(), step.stackName(), name.toString());
        if (existing.isEmpty()) {
            return startChangeSet(step, name, ChangeSetKind.UPDATE, step.desired().templateBody(), List.of(),
                    Phase.Updating, what);
        }
        ObservedChangeSet changeSet = existing.get();
        record(step, name, changeSet);
        if (changeSet.isUnknown()) {
            return unknownStatus(step, "change set " + name + " has status " + changeSet.status() + "/" + changeSet.execution());
        }
        if (changeSet.isEmpty()) {
            aws.deleteChangeSet(step.region(), step.stackName(), name.toString());
            return whenApplied(step, stack, applied(step, name, confirmedAt(stack, changeSet), true), name.correcting() == null);
        }
        switch (changeSet.execution()) {
            case EXECUTE_COMPLETE -> {
                return whenApplied(step, stack, applied(step, name, stack.lastUpdatedAt(), false), name.correcting() == null);
            }
            case EXECUTE_FAILED -> {
                return executionFailed(step, name);
            }
            case OBSOLETE -> {
                aws.deleteChangeSet(step.region(), step.stackName(), name.toString());
                step.report().status().setChangeSet(null);
                step.report().progressing(Phase.Updating, ConditionReason.ChangeSetObsolete, "change set " + name
                        + " became OBSOLETE (another change ran on stack " + step.stackName() + " first); starting over with a fresh change set");
                return durations.inProgress();
            }
            default -> {
                // not executed yet: computed, refused, or still being computed
            }
        }
        if (changeSet.isRefused()) {
            FailureText.Explained why = FailureText.changeSetFailure(name.toString(), changeSet.rejection(), changeSet.statusReason());
            aws.deleteChangeSet(step.region(), step.stackName(), name.toString());
            step.report().stalled(Phase.Failed, why.reason(), why.message());
            return durations.stable();
        }
        return followChangeSet(step, name, changeSet, Phase.Updating);
    }

    private Duration followChangeSet(Step step, ChangeSetName name, ObservedChangeSet changeSet, Phase phase) {
        if (changeSet.isExecutable()) {
            durations.changeSets().looked(name.toString(), changeSet.createdAt(), true);
            return execute(step, name, phase);
        }
        if (changeSet.execution() == ExecutionStatus.EXECUTE_IN_PROGRESS) {
            step.report().progressing(phase, ConditionReason.ChangeSetExecuting, "change set " + name + " is executing on stack "
                    + step.stackName());
            return durations.inProgress();
        }
        step.report().progressing(phase, ConditionReason.ChangeSetPending, "change set " + name + " is " + changeSet.status());
        return durations.changeSets().looked(name.toString(), changeSet.createdAt(), false);
    }

    /**
     * The CREATE change set as {@link #startChangeSet} recorded it, not looked at since: CloudFormation has most
     * likely computed it by now (the first look is timed for that), so it is executed without a DescribeChangeSet.
     * A CREATE change set holds the whole template for a stack that does not exist yet, which the operator
     * executes whatever it contains: describing it first would only say whether it is ready.
     */
    private static boolean notLookedAt(Step step) {
        ChangeSetStatus recorded = step.report().status().getChangeSet();
        return recorded != null && "CREATE_PENDING".equals(recorded.status()) && "UNAVAILABLE".equals(recorded.executionStatus())
                && recorded.statusReason() == null;
    }

    /**
     * Executes the change set if CloudFormation has computed it; empty when it answers that the change set
     * cannot run yet (still computing, or refused), which the DescribeChangeSet that follows tells apart.
     */
    private Optional<Duration> executeIfComputed(Step step, ChangeSetName name) {
        try {
            aws.executeChangeSet(step.region(), step.stackName(), name.toString());
        } catch (AwsFailure.Refused refused) {
            if (!INVALID_CHANGE_SET_STATUS.equals(refused.code())) {
                throw refused;
            }
            return Optional.empty();
        }
        durations.changeSets().executedAtFirstLook(name.toString());
        record(step, name, "CREATE_COMPLETE", "EXECUTE_IN_PROGRESS", null, null);
        step.report().progressing(phaseOf(name), ConditionReason.ChangeSetExecuting, "executing change set " + name
                + " on stack " + step.stackName());
        return Optional.of(durations.inProgress());
    }

    private Duration execute(Step step, ChangeSetName name, Phase phase) {
        try {
            aws.executeChangeSet(step.region(), step.stackName(), name.toString());
        } catch (AwsFailure.Refused refused) {
            if (!INVALID_CHANGE_SET_STATUS.equals(refused.code())) {
                throw refused;
            }
            // it can no longer run (OBSOLETE, or already running after a lost status write): describe it next time
            record(step, name, "CREATE_PENDING", "UNAVAILABLE", refused.getMessage(), null);
            step.report().progressing(phase, ConditionReason.ChangeSetPending, "change set " + name
                    + " could not be executed (" + refused.getMessage() + "); looking at it again");
            return durations.inProgress();
        }
        record(step, name, "CREATE_COMPLETE", "EXECUTE_IN_PROGRESS", null, null);
        step.report().progressing(phase, ConditionReason.ChangeSetExecuting, "executing change set " + name
                + " on stack " + step.stackName());
        return durations.inProgress();
    }

    private Duration whileInProgress(Step step, ObservedStack stack) {
        String status = stack.status().name();
        Phase phase = status.startsWith("IMPORT") ? Phase.Importing
                : status.startsWith("UPDATE") ? Phase.Updating
                : status.startsWith("DELETE") ? Phase.Deleting
                : Phase.Creating;
        step.report().progressing(phase, ConditionReason.StackInProgress, "CloudFormation stack " + stack.name() + " is " + status);
        return durations.inProgress();
    }

    private Duration whenCreateRolledBack(Step step, Attempt attempt) {
        List<ResourceFailure> failed = aws.failedResources(step.region(), step.stackName());
        Attempt now = rememberFailedExecution(step, attempt, failed);
        // A stack in ROLLBACK_COMPLETE holds nothing and can only be deleted.
        aws.deleteStack(step.region(), step.stackName());
        if (now instanceof Attempt.Failed) {
            step.report().stalled(Phase.Failed, ConditionReason.CreateFailed, "creating stack " + step.stackName()
                    + " failed and was rolled back: " + FailureText.resources(FailureText.statusOf(failed))
                    + ". The operator removes the empty stack; fix the template or parameters and it creates the stack again.");
            return durations.stable();
        }
        step.report().progressing(Phase.Pending, ConditionReason.CleaningUp, "removing stack " + step.stackName()
                + " left in ROLLBACK_COMPLETE by an earlier create, to create it again");
        return durations.inProgress();
    }

    private Duration whenRollbackFailed(Step step, Attempt attempt) {
        List<ResourceFailure> failed = aws.failedResources(step.region(), step.stackName());
        rememberFailedExecution(step, attempt, failed);
        List<FailedResource> tablesWithItems = tablesWithItems(step, failed, false);
        if (tablesWithItems.isEmpty()) {
            aws.deleteStack(step.region(), step.stackName());
            step.report().progressing(Phase.Pending, ConditionReason.CleaningUp, "removing stack " + step.stackName()
                    + " left in " + step.report().status().getStackStatus() + " (nothing it holds has data)");
            return durations.inProgress();
        }
        String tables = tablesWithItems.stream().map(FailedResource::physicalId).collect(Collectors.joining(", "));
        step.report().stalled(Phase.Failed, ConditionReason.RollbackFailed, "the rollback of stack " + step.stackName()
                + " could not delete " + FailureText.resources(tablesWithItems) + ". The operator never deletes a table that holds data:"
                + " empty or delete table " + tables + " in AWS, then the operator removes the failed stack by itself.");
        return durations.backoff(step.resource());
    }

    private Duration whenUpdateRollbackFailed(Step step) {
        List<ResourceFailure> failed = aws.failedResources(step.region(), step.stackName());
        step.report().status().setFailedResources(FailureText.statusOf(failed));
        // A table the update created and that now holds items: CloudFormation cannot delete it, and
        // continuing the rollback would only fail again until a person has emptied it.
        List<FailedResource> tablesWithItems = tablesWithItems(step, failed, true);
        if (!tablesWithItems.isEmpty()) {
            String tables = tablesWithItems.stream().map(FailedResource::physicalId).collect(Collectors.joining(", "));
            step.report().stalled(Phase.Failed, ConditionReason.UpdateRollbackFailed, "the rollback of the update of stack "
                    + step.stackName() + " could not delete " + FailureText.resources(tablesWithItems)
                    + ". The operator never deletes a table that holds data: empty or delete table " + tables
                    + " in AWS, then the operator continues the rollback by itself.");
            return durations.backoff(step.resource());
        }
        aws.continueUpdateRollback(step.region(), step.stackName());
        step.report().progressing(Phase.Updating, ConditionReason.UpdateRollbackFailed, "stack " + step.stackName()
                + " was UPDATE_ROLLBACK_FAILED (" + FailureText.resources(FailureText.statusOf(failed)) + "); continuing the rollback");
        return durations.backoff(step.resource());
    }

    private List<FailedResource> tablesWithItems(Step step, List<ResourceFailure> failed, boolean deleteFailedOnly) {
        return FailureText.statusOf(failed).stream()
                .filter(f -> "AWS::DynamoDB::Table".equals(f.type()) && f.physicalId() != null)
                .filter(f -> !deleteFailedOnly || "DELETE_FAILED".equals(f.status()))
                .filter(f -> !aws.tableIsEmpty(step.region(), f.physicalId()))
                .toList();
    }

    private Duration whenDeleteFailedOutsideOperator(Step step) {
        List<FailedResource> failed = FailureText.statusOf(aws.failedResources(step.region(), step.stackName()));
        step.report().status().setFailedResources(failed);
        step.report().stalled(Phase.Failed, ConditionReason.StackDeleteFailed, "stack " + step.stackName()
                + " is DELETE_FAILED after a deletion the FireflyStack did not ask for (" + FailureText.resources(failed)
                + "); CloudFormation cannot update it in this state. Finish the deletion in AWS and the operator creates or imports it again.");
        return durations.stable();
    }

    private Duration unknownStatus(Step step, String what) {
        step.report().stalled(Phase.Failed, ConditionReason.UnknownStatus, what + ", which this operator version does not"
                + " know; it leaves the stack alone while it stays so. Upgrade the operator if a newer version knows it.");
        return durations.stable();
    }

    private Duration executionFailed(Step step, ChangeSetName name) {
        List<FailedResource> failed = FailureText.statusOf(aws.failedResources(step.region(), step.stackName()));
        step.report().status().setFailedResources(failed);
        record(step, name, "CREATE_COMPLETE", "EXECUTE_FAILED", FailureText.resources(failed), null);
        return stayFailed(step, new Attempt.Failed(name, true, FailureText.resources(failed)));
    }

    private Duration ready(Step step, ObservedStack stack) {
        step.report().status().setOutputs(stack.outputs());
        step.report().status().setFailedResources(List.of());
        step.report().ready("stack " + step.stackName() + " is " + stack.status() + " and matches the spec");
        return durations.stable();
    }

    private Duration stayFailed(Step step, Attempt.Failed failed) {
        ChangeSetName name = failed.name();
        if (failed.executed()) {
            ConditionReason why = switch (name.kind()) {
                case CREATE -> ConditionReason.CreateFailed;
                case IMPORT -> ConditionReason.ImportFailed;
                case UPDATE -> ConditionReason.UpdateFailed;
            };
            step.report().stalled(Phase.Failed, why, "change set " + name + " failed and CloudFormation rolled it back: "
                    + failed.reason() + ". Fix the FireflyStack spec (or what it reads); the operator tries again when it changes.");
        } else if (step.report().status().getPhase() != Phase.Failed || !step.report().status().isTrue(ConditionType.Stalled)) {
            // the refusal's own explanation was written when it happened; this one stands in after another message
            FailureText.Explained why = FailureText.changeSetFailure(name.toString(), Rejection.OTHER, failed.reason());
            step.report().stalled(Phase.Failed, why.reason(), why.message());
        }
        return durations.stable();
    }

    /**
     * Marks the operator's own create or import change set for these inputs as failed in execution, so that once
     * the failed stack is removed the operator waits for a spec change instead of trying the same thing again.
     */
    private Attempt rememberFailedExecution(Step step, Attempt attempt, List<ResourceFailure> failed) {
        step.report().status().setFailedResources(FailureText.statusOf(failed));
        Optional<ChangeSetName> ours = pending(attempt).filter(n -> n.kind() != Kind.UPDATE);
        if (ours.isEmpty()) {
            return attempt;
        }
        String reason = FailureText.resources(FailureText.statusOf(failed));
        record(step, ours.get(), "CREATE_COMPLETE", "EXECUTE_FAILED", reason, null);
        return Attempt.of(step.report().status().getChangeSet(), step.desired(), step.generation());
    }

    /** The change set of an attempt still under way, if any. */
    private static Optional<ChangeSetName> pending(Attempt attempt) {
        if (attempt instanceof Attempt.Requested r) {
            return Optional.of(r.name());
        }
        if (attempt instanceof Attempt.Executable e) {
            return Optional.of(e.name());
        }
        if (attempt instanceof Attempt.Executing e) {
            return Optional.of(e.name());
        }
        return Optional.empty();
    }

    private static Phase phaseOf(ChangeSetName name) {
        return switch (name.kind()) {
            case IMPORT -> Phase.Importing;
            case CREATE -> Phase.Creating;
            case UPDATE -> Phase.Updating;
        };
    }

    /**
     * When an empty change set confirmed that the stack matches the spec: the stack's own update time, unless
     * someone updated the stack after CloudFormation computed the change set. Then the change set's creation
     * is the reference, so that the later update reads as a change made outside the operator.
     */
    private static Instant confirmedAt(ObservedStack stack, ObservedChangeSet changeSet) {
        if (changeSet.createdAt() != null && stack.lastUpdatedAt() != null && stack.lastUpdatedAt().isAfter(changeSet.createdAt())) {
            return changeSet.createdAt();
        }
        return stack.lastUpdatedAt();
    }

    /** Records that the change set is in, with the stack update time that later changes are measured against. */
    private static Attempt.Applied applied(Step step, ChangeSetName name, Instant reference, boolean noChanges) {
        String updatedAt = reference == null ? null : reference.toString();
        // An empty change set is recorded as the operator left it, deleted: that reads as applied even where an
        // older CRD prunes noChanges from the status.
        step.report().status().setChangeSet(new ChangeSetStatus(name.toString(), name.kind().name(),
                noChanges ? "DELETE_COMPLETE" : "CREATE_COMPLETE", noChanges ? "UNAVAILABLE" : "EXECUTE_COMPLETE", null,
                noChanges ? Boolean.TRUE : null, updatedAt));
        return new Attempt.Applied(name, updatedAt, noChanges);
    }

    private static void record(Step step, ChangeSetName name, ObservedChangeSet changeSet) {
        record(step, name, changeSet.status().name(), changeSet.execution().name(), changeSet.statusReason(),
                changeSet.isRefused() ? Boolean.FALSE : null);
    }

    private static void record(Step step, ChangeSetName name, String status, String execution, String reason, Boolean noChanges) {
        step.report().status().setChangeSet(new ChangeSetStatus(name.toString(), name.kind().name(), status, execution,
                reason, noChanges, null));
    }
}
