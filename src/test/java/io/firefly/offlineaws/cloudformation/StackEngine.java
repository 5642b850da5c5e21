package io.firefly.offlineaws.cloudformation;

import io.firefly.offlineaws.control.OfflineAwsOptions;
import io.firefly.offlineaws.template.Template;
import io.firefly.offlineaws.template.TemplateEvaluator;
import io.firefly.offlineaws.template.TemplateException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stacks and change sets of one account and region, and the rules of every CloudFormation action
 * on them. Requests validate and start work here, synchronously; the work itself (change set
 * computation, resource steps) runs on the {@link OperationRunner}. All state is guarded by one lock.
 */
public final class StackEngine implements AutoCloseable {

    private static final Pattern STACK_ARN = Pattern.compile("arn:aws:cloudformation:[^:]*:[^:]*:stack/([^/]+)/.*");
    private static final Pattern CHANGE_SET_ARN = Pattern.compile("arn:aws:cloudformation:[^:]*:[^:]*:changeSet/([^/]+)/.*");
    /** DescribeStackEvents pages are a hundred events long in AWS. */
    private static final int EVENTS_PAGE_SIZE = 100;

    private final Object lock = new Object();
    private final OfflineAwsOptions options;
    private final OperationContext context;
    private final OperationRunner runner;
    private final ChangePlanner planner;
    private final ImportRules importRules;
    private final DriftDetections drifts;
    private final Map<String, Stack> stacksById = new LinkedHashMap<>();
    private final Map<String, String> liveStackIds = new HashMap<>();
    private final Map<String, ChangeSet> changeSetsById = new HashMap<>();
    private long nextSequence;
    private volatile StackStatusListener statusListener = StackStatusListener.NONE;

    /** The ids CreateChangeSet returns. */
    public record ChangeSetIds(String changeSetId, String stackId) {
    }

    public StackEngine(OfflineAwsOptions options, OperationContext context) {
        this.options = options;
        this.context = context;
        this.runner = new OperationRunner(lock, options.resourceStepDelay());
        this.planner = new ChangePlanner(context.providers());
        this.importRules = new ImportRules(context.providers(), planner);
        this.drifts = new DriftDetections(runner, new DriftChecker(context.providers(), context.clock()), context.clock(),
                options.changeSetDelay());
    }

    /** Who hears of every stack status change from now on (the offline EventBridge). */
    public void onStatusChange(StackStatusListener listener) {
        this.statusListener = listener;
    }

    // ---- change sets ------------------------------------------------------------------------------

    public ChangeSetIds createChangeSet(DeployRequest request) {
        Definitions.requireName(request.changeSetName(), "changeSetName");
        String type = Optional.ofNullable(request.changeSetType()).orElse("UPDATE");
        if (!List.of("CREATE", "UPDATE", "IMPORT").contains(type)) {
            throw CloudFormationError.validation("1 validation error detected: Value '" + type
                    + "' at 'changeSetType' failed to satisfy constraint: Member must satisfy enum value set: [IMPORT, UPDATE, CREATE]");
        }
        synchronized (lock) {
            Stack existing = find(request.stackName()).filter(s -> !s.deleted()).orElse(null);
            boolean reviewing = existing != null && existing.status() == StackStatus.REVIEW_IN_PROGRESS;
            if (existing == null) {
                if (type.equals("UPDATE") || isArn(request.stackName())) {
                    throw CloudFormationError.stackNotFoundBracketed(request.stackName());
                }
                Definitions.requireName(request.stackName(), "stackName");
            } else if (type.equals("CREATE") && !reviewing) {
                throw CloudFormationError.validation("Stack [" + existing.stackName() + "] already exists and cannot be "
                        + "created again with the changeSet [" + request.changeSetName() + "].");
            } else if (!reviewing || type.equals("UPDATE")) {
                requireUpdatable(existing);
            }
            Stack stack = existing != null ? existing : newStack(request.stackName());
            boolean creating = existing == null || reviewing;

            ChangeSet same = stack.changeSets().get(request.changeSetName());
            if (same != null) {
                if (same.fingerprint().equals(request.fingerprint())) {
                    return new ChangeSetIds(same.id(), stack.stackId());
                }
                throw CloudFormationError.alreadyExists("ChangeSet [" + request.changeSetName() + "] already exists");
            }
            if (stack.changeSets().size() >= options.changeSetLimit()) {
                throw CloudFormationError.limitExceeded("ChangeSet limit exceeded for stack " + stack.stackId());
            }
            Template template = Definitions.template(request, stack, context.templates());
            Map<String, String> parameters = Definitions.parameterValues(request.parameters(), stack, creating);
            TemplateEvaluator evaluator = evaluate(stack, template, parameters);
            Definitions.requireCapabilities(template, request.capabilities(), false);
            StackDefinition definition = Definitions.definition(request, stack, template, evaluator.parameters());

            List<ResourceChange> changes;
            boolean empty;
            if (type.equals("IMPORT")) {
                importRules.check(stack, evaluator, request.resourcesToImport(), liveStacks());
                changes = request.resourcesToImport().stream().map(this::importChange).toList();
                empty = false;
            } else {
                ChangePlanner.Plan plan = plan(stack, evaluator);
                changes = plan.changes();
                empty = !creating && changes.isEmpty() && !plan.outputsChange()
                        && definition.parameters().equals(stack.definition().parameters())
                        && definition.tags().equals(stack.definition().tags());
            }
            if (existing == null) {
                register(stack);
            }
            if (stack.status() == null) {
                stack.transition(StackStatus.REVIEW_IN_PROGRESS, "User Initiated", context.now());
            }
            ChangeSet changeSet = new ChangeSet(arn("changeSet", request.changeSetName()), request.changeSetName(), stack,
                    type, context.now(), request.description(), definition, changes, request.resourcesToImport(), empty,
                    request.fingerprint());
            stack.changeSets().put(changeSet.name(), changeSet);
            changeSetsById.put(changeSet.id(), changeSet);
            Duration half = options.changeSetDelay().dividedBy(2);
            runner.later(half, () -> {
                changeSet.inProgress();
                runner.later(options.changeSetDelay().minus(half), changeSet::complete);
            });
            return new ChangeSetIds(changeSet.id(), stack.stackId());
        }
    }

    public ChangeSetView describeChangeSet(String changeSetName, String stackName) {
        synchronized (lock) {
            return Views.view(changeSet(changeSetName, stackName, false));
        }
    }

    public List<ChangeSetView> listChangeSets(String stackName) {
        synchronized (lock) {
            Stack stack = find(stackName).orElseThrow(() -> CloudFormationError.stackNotFoundBracketed(stackName));
            return stack.changeSets().values().stream().map(Views::view).toList();
        }
    }

    public void executeChangeSet(String changeSetName, String stackName, boolean disableRollback) {
        synchronized (lock) {
            ChangeSet changeSet = changeSet(changeSetName, stackName, false);
            if (!changeSet.status().equals("CREATE_COMPLETE")) {
                throw CloudFormationError.invalidChangeSetStatus("ChangeSet [" + changeSet.id()
                        + "] cannot be executed in its current status of [" + changeSet.status() + "]");
            }
            if (!changeSet.executionStatus().equals("AVAILABLE")) {
                throw CloudFormationError.invalidChangeSetStatus("ChangeSet [" + changeSet.id()
                        + "] cannot be executed in its current execution status of [" + changeSet.executionStatus() + "]");
            }
            Stack stack = changeSet.stack();
            if (stack.status() != StackStatus.REVIEW_IN_PROGRESS) {
                requireUpdatable(stack);
            }
            stack.executing(changeSet);
            StackOperation operation = changeSet.type().equals("IMPORT")
                    ? new ImportOperation(stack, context, changeSet)
                    : new DeployOperation(stack, context, changeSet, changeSet.definition(), changeSet.changes(), disableRollback);
            runner.start(operation);
        }
    }

    public void deleteChangeSet(String changeSetName, String stackName) {
        synchronized (lock) {
            ChangeSet changeSet = changeSet(changeSetName, stackName, true);
            if (changeSet.executionStatus().equals("EXECUTE_IN_PROGRESS")) {
                throw CloudFormationError.invalidChangeSetStatus("ChangeSet [" + changeSet.id()
                        + "] cannot be deleted while it is being executed");
            }
            changeSet.stack().changeSets().remove(changeSet.name());
            changeSetsById.remove(changeSet.id());
        }
    }

    // ---- stacks -----------------------------------------------------------------------------------

    public String createStack(DeployRequest request) {
        Definitions.requireName(request.stackName(), "stackName");
        synchronized (lock) {
            if (find(request.stackName()).filter(s -> !s.deleted()).isPresent()) {
                throw CloudFormationError.alreadyExists("Stack [" + request.stackName() + "] already exists");
            }
            Stack stack = newStack(request.stackName());
            Template template = Definitions.template(request, stack, context.templates());
            Definitions.requireCapabilities(template, request.capabilities(), true);
            Map<String, String> parameters = Definitions.parameterValues(request.parameters(), stack, true);
            TemplateEvaluator evaluator = evaluate(stack, template, parameters);
            StackDefinition definition = Definitions.definition(request, stack, template, evaluator.parameters());
            ChangePlanner.Plan plan = plan(stack, evaluator);
            register(stack);
            stack.terminationProtection(request.terminationProtection());
            runner.start(new DeployOperation(stack, context, null, definition, plan.changes(), request.disableRollback()));
            return stack.stackId();
        }
    }

    public String updateStack(DeployRequest request) {
        synchronized (lock) {
            Stack stack = find(request.stackName()).filter(s -> !s.deleted())
                    .orElseThrow(() -> CloudFormationError.stackNotFoundBracketed(request.stackName()));
            requireUpdatable(stack);
            Template template = Definitions.template(request, stack, context.templates());
            Definitions.requireCapabilities(template, request.capabilities(), true);
            Map<String, String> parameters = Definitions.parameterValues(request.parameters(), stack, false);
            TemplateEvaluator evaluator = evaluate(stack, template, parameters);
            StackDefinition definition = Definitions.definition(request, stack, template, evaluator.parameters());
            ChangePlanner.Plan plan = plan(stack, evaluator);
            if (plan.changes().isEmpty() && !plan.outputsChange()
                    && definition.parameters().equals(stack.definition().parameters())
                    && definition.tags().equals(stack.definition().tags())) {
                throw CloudFormationError.validation("No updates are to be performed.");
            }
            stack.updatedWithoutChangeSet();
            runner.start(new DeployOperation(stack, context, null, definition, plan.changes(), request.disableRollback()));
            return stack.stackId();
        }
    }

    /** Returns quietly for a stack that does not exist, as AWS does. */
    public void deleteStack(String stackName, List<String> retainResources) {
        synchronized (lock) {
            Optional<Stack> found = find(stackName).filter(s -> !s.deleted());
            if (found.isEmpty()) {
                return;
            }
            Stack stack = found.get();
            if (stack.terminationProtection()) {
                throw CloudFormationError.validation("Stack [" + stack.stackName()
                        + "] cannot be deleted while TerminationProtection is enabled");
            }
            if (!retainResources.isEmpty() && stack.status() != StackStatus.DELETE_FAILED) {
                throw CloudFormationError.validation("Invalid operation on stack [" + stack.stackId() + "]: RetainResources "
                        + "can only be specified when the stack is in the DELETE_FAILED state, but it is in " + stack.status());
            }
            if (stack.status() == StackStatus.DELETE_IN_PROGRESS) {
                return;
            }
            if (stack.status().inProgress()) {
                throw CloudFormationError.validation("Stack [" + stack.stackName() + "] cannot be deleted while in status "
                        + stack.status());
            }
            stack.stoppedRollback(null);
            runner.start(new DeleteOperation(stack, context, Set.copyOf(retainResources), this::released));
        }
    }

    public void continueUpdateRollback(String stackName, List<String> resourcesToSkip) {
        synchronized (lock) {
            Stack stack = find(stackName).filter(s -> !s.deleted())
                    .orElseThrow(() -> CloudFormationError.stackNotFound(stackName));
            DeployOperation stopped = stack.stoppedRollback()
                    .filter(op -> stack.status() == StackStatus.UPDATE_ROLLBACK_FAILED)
                    .orElseThrow(() -> CloudFormationError.validation("ContinueUpdateRollback cannot be called from current stack status"));
            List<String> unknown = resourcesToSkip.stream().filter(id -> !stopped.pendingRollback().contains(id)).toList();
            if (!unknown.isEmpty()) {
                throw CloudFormationError.validation("ResourcesToSkip " + unknown + " must be resources whose rollback failed; "
                        + "those are " + stopped.pendingRollback());
            }
            stopped.resume(Set.copyOf(resourcesToSkip));
            runner.start(stopped);
        }
    }

    public Page<StackView> describeStacks(String stackName, String nextToken) {
        synchronized (lock) {
            if (stackName != null) {
                Stack stack = find(stackName).orElseThrow(() -> CloudFormationError.stackNotFound(stackName));
                return new Page<>(List.of(Views.view(stack)), null);
            }
            return stackPage(stacksById.values().stream().filter(s -> !s.deleted()).toList(), nextToken);
        }
    }

    public Page<StackView> listStacks(List<String> statusFilter, String nextToken) {
        synchronized (lock) {
            List<Stack> matching = stacksById.values().stream()
                    .filter(s -> statusFilter.isEmpty() || statusFilter.contains(s.status().name()))
                    .toList();
            return stackPage(matching, nextToken);
        }
    }

    /** Newest first, paged by position in the stack's event history, which only grows. */
    public Page<StackEvent> describeStackEvents(String stackName, String nextToken) {
        synchronized (lock) {
            Stack stack = find(stackName).orElseThrow(() -> CloudFormationError.stackNotFoundBracketed(stackName));
            List<StackEvent> events = stack.events();
            int end = nextToken == null ? events.size() : (int) Math.min(PageTokens.read(nextToken, "events"), events.size());
            int start = Math.max(0, end - EVENTS_PAGE_SIZE);
            List<StackEvent> page = new ArrayList<>(events.subList(start, end));
            java.util.Collections.reverse(page);
            return new Page<>(page, start > 0 ? PageTokens.of("events", start) : null);
        }
    }

    public List<ResourceView> describeStackResources(String stackName, String logicalId, String physicalId) {
        synchronized (lock) {
            Stack stack;
            if (stackName != null) {
                stack = find(stackName).orElseThrow(() -> CloudFormationError.stackNotFound(stackName));
            } else if (physicalId != null) {
                stack = liveStacks().stream()
                        .filter(s -> s.resources().stream().anyMatch(r -> physicalId.equals(r.physicalId())))
                        .findFirst()
                        .orElseThrow(() -> CloudFormationError.validation("Stack for " + physicalId + " does not exist"));
            } else {
                throw CloudFormationError.validation("Either StackName or PhysicalResourceId must be specified.");
            }
            return stack.resources().stream()
                    .filter(r -> logicalId == null || logicalId.equals(r.logicalId()))
                    .filter(r -> physicalId == null || physicalId.equals(r.physicalId()))
                    .map(r -> new ResourceView(stack.stackName(), stack.stackId(), r, stack.drift().resource(r.logicalId())))
                    .toList();
        }
    }

    public ResourceView describeStackResource(String stackName, String logicalId) {
        return describeStackResources(stackName, logicalId, null).stream().findFirst()
                .orElseThrow(() -> CloudFormationError.validation("Resource " + logicalId + " does not exist for stack " + stackName));
    }

    public String getTemplate(String stackName, String changeSetName, String stage) {
        synchronized (lock) {
            Template template;
            if (changeSetName != null) {
                template = changeSet(changeSetName, stackName, false).definition().template();
            } else {
                Stack stack = find(stackName).orElseThrow(() -> CloudFormationError.stackNotFound(stackName));
                if (stack.definition() == null) {
                    throw CloudFormationError.validation("Stack [" + stack.stackName() + "] is REVIEW_IN_PROGRESS and has "
                            + "no template yet; name one of its change sets in ChangeSetName");
                }
                template = stack.definition().template();
            }
            return "Processed".equals(stage) ? template.expandServerless().json().toPrettyString() : template.body();
        }
    }

    public TemplateSummary validateTemplate(String templateBody, String templateUrl) {
        return TemplateSummaries.of(Definitions.parse(templateBody, templateUrl, context.templates()), context.providers());
    }

    public TemplateSummary templateSummary(String templateBody, String templateUrl, String stackName) {
        if (stackName == null) {
            return validateTemplate(templateBody, templateUrl);
        }
        synchronized (lock) {
            Stack stack = find(stackName).filter(s -> s.definition() != null)
                    .orElseThrow(() -> CloudFormationError.stackNotFound(stackName));
            return TemplateSummaries.of(stack.definition().template(), context.providers());
        }
    }

    // ---- drift detection --------------------------------------------------------------------------

    public String detectStackDrift(String stackName, List<String> logicalIds) {
        synchronized (lock) {
            Stack stack = find(stackName).filter(s -> !s.deleted()).orElseThrow(() -> CloudFormationError.stackNotFound(stackName));
            return drifts.start(stack, logicalIds);
        }
    }

    public DriftDetectionStatus describeStackDriftDetectionStatus(String detectionId) {
        synchronized (lock) {
            return drifts.status(detectionId);
        }
    }

    public Page<ResourceDrift> describeStackResourceDrifts(String stackName, List<String> statusFilters, Integer maxResults,
                                                           String nextToken) {
        synchronized (lock) {
            Stack stack = find(stackName).orElseThrow(() -> CloudFormationError.stackNotFound(stackName));
            return drifts.resourceDrifts(stack, statusFilters, maxResults, nextToken);
        }
    }

    // ---- call log ---------------------------------------------------------------------------------

    /** The stack and change set a call names, resolving ARNs, for the call log. */
    public CallSubject subjectOf(String stackName, String changeSetName, String changeSetType, boolean creating) {
        synchronized (lock) {
            ChangeSet changeSet = changeSetName == null ? null : changeSetsById.get(changeSetName);
            String stack = stackName;
            if (stackName != null && isArn(stackName)) {
                stack = Optional.ofNullable(stacksById.get(stackName)).map(Stack::stackName).orElseGet(() -> arnName(STACK_ARN, stackName));
            } else if (stackName == null && changeSet != null) {
                stack = changeSet.stack().stackName();
            }
            String changeSetShortName = changeSetName;
            if (changeSetName != null && isArn(changeSetName)) {
                changeSetShortName = changeSet != null ? changeSet.name() : arnName(CHANGE_SET_ARN, changeSetName);
            }
            String type = creating ? Optional.ofNullable(changeSetType).orElse("UPDATE")
                    : changeSet != null ? changeSet.type() : null;
            if (!creating && changeSet == null && changeSetName != null && stack != null) {
                type = find(stack).map(s -> s.changeSets().get(changeSetName)).map(ChangeSet::type).orElse(null);
            }
            return new CallSubject(stack, changeSetShortName, type);
        }
    }

    @Override
    public void close() {
        runner.close();
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private Optional<Stack> find(String nameOrId) {
        if (nameOrId == null) {
            return Optional.empty();
        }
        if (isArn(nameOrId)) {
            return Optional.ofNullable(stacksById.get(nameOrId));
        }
        return Optional.ofNullable(liveStackIds.get(nameOrId)).map(stacksById::get);
    }

    private Collection<Stack> liveStacks() {
        return stacksById.values().stream().filter(s -> !s.deleted()).toList();
    }

    private Stack newStack(String name) {
        return new Stack(arn("stack", name), name, nextSequence++, context.now(), change -> statusListener.changed(change));
    }

    private void register(Stack stack) {
        stacksById.put(stack.stackId(), stack);
        liveStackIds.put(stack.stackName(), stack.stackId());
    }

    /** A deleted stack keeps its id (DescribeStacks by id still finds it) but gives up its name and change sets. */
    private void released(Stack stack) {
        liveStackIds.remove(stack.stackName(), stack.stackId());
        stack.changeSets().values().forEach(cs -> changeSetsById.remove(cs.id()));
        stack.changeSets().clear();
    }

    private String arn(String kind, String name) {
        return "arn:aws:cloudformation:" + context.region() + ":" + context.accountId() + ":" + kind + "/" + name + "/" + UUID.randomUUID();
    }

    private static boolean isArn(String value) {
        return value.startsWith("arn:");
    }

    private static String arnName(Pattern pattern, String arn) {
        Matcher m = pattern.matcher(arn);
        return m.matches() ? m.group(1) : arn;
    }

    private ChangeSet changeSet(String changeSetName, String stackName, boolean stackMissingIsValidation) {
        if (changeSetName == null) {
            throw CloudFormationError.missing("changeSetName");
        }
        if (isArn(changeSetName)) {
            // the stack's own list decides: a change set it has deleted is gone by its ARN too
            return Optional.ofNullable(changeSetsById.get(changeSetName))
                    .filter(cs -> cs.stack().changeSets().get(cs.name()) == cs)
                    .orElseThrow(() -> CloudFormationError.changeSetNotFound(changeSetName));
        }
        if (stackName == null) {
            throw CloudFormationError.validation("StackName must be specified if ChangeSetName is not specified as an ARN.");
        }
        Optional<Stack> stack = find(stackName).filter(s -> !s.deleted());
        if (stack.isEmpty() && stackMissingIsValidation) {
            throw CloudFormationError.stackNotFoundBracketed(stackName);
        }
        return stack.map(s -> s.changeSets().get(changeSetName))
                .orElseThrow(() -> CloudFormationError.changeSetNotFound(changeSetName));
    }

    private static void requireUpdatable(Stack stack) {
        if (!stack.status().updatable()) {
            throw CloudFormationError.validation("Stack:" + stack.stackId() + " is in " + stack.status()
                    + " state and can not be updated.");
        }
    }

    private TemplateEvaluator evaluate(Stack stack, Template template, Map<String, String> parameters) {
        try {
            return new TemplateEvaluator(template, parameters, context.pseudo(stack));
        } catch (TemplateException e) {
            throw CloudFormationError.validation(e.getMessage());
        }
    }

    private ChangePlanner.Plan plan(Stack stack, TemplateEvaluator evaluator) {
        try {
            return planner.plan(stack, evaluator);
        } catch (TemplateException e) {
            throw CloudFormationError.validation(e.getMessage());
        }
    }

    private ResourceChange importChange(ResourceToImport item) {
        String identifier = item.identifier().get(context.providers().forType(item.resourceType()).identifierProperty(item.resourceType()));
        return new ResourceChange("Import", item.logicalId(), identifier, item.resourceType(), null, List.of(), List.of(), null);
    }

    private Page<StackView> stackPage(List<Stack> stacks, String nextToken) {
        long after = nextToken == null ? -1 : PageTokens.read(nextToken, "stacks");
        List<Stack> rest = stacks.stream()
                .filter(s -> s.sequence() > after)
                .sorted(Comparator.comparingLong(Stack::sequence))
                .toList();
        List<Stack> page = rest.subList(0, Math.min(rest.size(), options.describeStacksPageSize()));
        String token = rest.size() > page.size() ? PageTokens.of("stacks", page.get(page.size() - 1).sequence()) : null;
        return new Page<>(page.stream().map(Views::view).toList(), token);
    }

}
