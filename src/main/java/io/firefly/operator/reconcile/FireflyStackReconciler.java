package io.firefly.operator.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackStatus;
import io.firefly.operator.api.Phase;
import io.firefly.operator.aws.EventQueues;
import io.firefly.operator.config.FireflyConfig;
import io.firefly.operator.port.AwsFailure;
import io.firefly.operator.port.AwsPort;
import io.firefly.operator.reconcile.delete.DeleteConverger;
import io.firefly.operator.reconcile.deploy.DeployConverger;
import io.firefly.operator.reconcile.deploy.Durations;
import io.firefly.operator.reconcile.inputs.DesiredStack;
import io.firefly.operator.reconcile.inputs.InputResolver;
import io.firefly.operator.reconcile.inputs.StackGraph;
import io.firefly.operator.reconcile.status.EventRecorder;
import io.firefly.operator.reconcile.status.OutputsPublisher;
import io.firefly.operator.reconcile.status.StackMetrics;
import io.firefly.operator.reconcile.status.StatusReport;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Converges one FireflyStack per call: dependencies first, then one step of the deploy or delete workflow,
 * then a reschedule. JOSDK runs at most one reconcile per FireflyStack at a time; another FireflyStack's
 * change (its status, its deletion) or a referenced ConfigMap's change triggers this one at once.
 *
 * <p>Every failure ends here in a status condition, an event and a retry with backoff: nothing is thrown to
 * JOSDK, whose retries give up, so no finalizer is ever left behind by an error.
 */
@ControllerConfiguration(name = FireflyStackReconciler.NAME)
public class FireflyStackReconciler implements Reconciler<FireflyStack>, Cleaner<FireflyStack> {
    public static final String NAME = "fireflystack";
    private static final Logger LOG = Logger.getLogger(FireflyStackReconciler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeployConverger deploy;
    private final DeleteConverger delete;
    private final FireflyConfig config;
    private final MeterRegistry registry;
    private final Backoff backoff;
    private final EventRecorder events;
    private final EventQueues stackEvents;
    private volatile StackMetrics metrics;
    private volatile IndexerResourceCache<FireflyStack> stacks;
    private volatile InformerEventSource<ConfigMap, FireflyStack> configMaps;

    public FireflyStackReconciler(AwsPort aws, FireflyConfig config, MeterRegistry registry, KubernetesClient client,
                                  EventQueues stackEvents) {
        this.config = config;
        this.stackEvents = stackEvents;
        this.registry = registry;
        this.backoff = new Backoff(config.poll().inProgress(), config.poll().maxBackoff());
        this.events = new EventRecorder(client);
        Durations durations = new Durations() {
            @Override
            public Duration inProgress() {
                return config.poll().inProgress();
            }

            @Override
            public Duration stable() {
                return config.poll().stable();
            }

            @Override
            public Duration backoff(FireflyStack stack) {
                return backoff.next(stack.getMetadata().getUid());
            }
        };
        this.deploy = new DeployConverger(aws, durations);
        this.delete = new DeleteConverger(aws, durations);
    }

    @Override
    public List<EventSource<?, FireflyStack>> prepareEventSources(EventSourceContext<FireflyStack> context) {
        IndexerResourceCache<FireflyStack> cache = context.getPrimaryCache();
        stacks = cache;
        metrics = new StackMetrics(registry, () -> cache.list());
        var related = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(FireflyStack.class, FireflyStack.class)
                .withName("related-fireflystacks")
                .withSecondaryToPrimaryMapper(changed -> RelatedStacks.of(changed, cache))
                .build(), context);
        configMaps = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(ConfigMap.class, FireflyStack.class)
                .withName("referenced-configmaps")
                .withSecondaryToPrimaryMapper(cm -> RelatedStacks.referencing(cm, cache))
                .build(), context);
        return List.of(related, configMaps, new StackEventSource(cache, stackEvents, config.aws().region()));
    }

    @Override
    public UpdateControl<FireflyStack> reconcile(FireflyStack resource, Context<FireflyStack> context) {
        String before = statusJson(resource);
        try (var ignored = logContext(resource)) {
            StatusReport report = new StatusReport(resource);
            Phase phaseBefore = report.status().getPhase();
            String messageBefore = report.status().getMessage();
            Duration next = converge(resource, context, report);
            if (report.status().getPhase() == Phase.Ready) {
                metrics.ready(resource);
            } else {
                metrics.seen(resource);
            }
            announce(resource, report, phaseBefore, messageBefore);
            if (statusChanged(before, resource)) {
                patchStatus(context.getClient(), resource);
            }
            return UpdateControl.<FireflyStack>noUpdate().rescheduleAfter(next);
        }
    }

    private Duration converge(FireflyStack resource, Context<FireflyStack> context, StatusReport report) {
        Duration next;
        try {
            next = deployStep(resource, context, report);
            if (report.status().getPhase() != Phase.Failed) {
                backoff.reset(resource.getMetadata().getUid());
            }
        } catch (AwsFailure e) {
            next = awsTrouble(resource, report, e);
        } catch (RuntimeException e) {
            next = unexpected(resource, report, Phase.Failed, e);
        }
        if (report.status().getPhase() == Phase.Ready && !report.status().getOutputs().isEmpty()) {
            new OutputsPublisher(context.getClient()).publish(resource, report.status().getOutputs());
        }
        return next;
    }

    private Duration deployStep(FireflyStack resource, Context<FireflyStack> context, StatusReport report) {
        if (resource.getSpec().isSuspend()) {
            report.progressing(Optional.ofNullable(report.status().getPhase()).orElse(Phase.Pending), ConditionReason.Suspended,
                    "spec.suspend is true: the operator leaves stack " + resource.getSpec().getStackName() + " alone");
            return config.poll().stable();
        }
        StackGraph graph = graphOf(resource);
        Optional<List<String>> cycle = graph.cycleThrough(resource.getMetadata().getName());
        if (cycle.isPresent()) {
            String path = String.join(" -> ", cycle.get());
            report.dependencies(List.of(), "dependency cycle: " + path);
            report.stalled(Phase.Failed, ConditionReason.DependencyCycle, "spec.dependsOn and stackOutput parameters form a cycle: "
                    + path + ". Remove one of these dependencies.");
            return config.poll().stable();
        }
        List<String> waitingFor = StackGraph.dependenciesOf(resource).stream()
                .filter(name -> graph.get(name).filter(StackGraph::isReady).isEmpty())
                .map(name -> graph.get(name).isPresent() ? name : name + " (not found)")
                .toList();
        if (!waitingFor.isEmpty()) {
            String message = "waiting for " + String.join(", ", waitingFor) + " to be Ready";
            report.dependencies(waitingFor, message);
            report.progressing(Phase.WaitingForDependencies, ConditionReason.WaitingForDependencies, message);
            return config.poll().stable();
        }
        report.dependencies(List.of(), "all dependencies are Ready");
        var resolution = new InputResolver(context.getClient(), this::configMap)
                .resolve(resource, graph, config.aws().region());
        if (resolution instanceof InputResolver.Missing missing) {
            if (missing.permanent()) {
                report.stalled(Phase.Failed, missing.reason(), missing.message());
            } else {
                report.progressing(Phase.Pending, missing.reason(), missing.message());
            }
            return config.poll().stable();
        }
        DesiredStack desired = ((InputResolver.Resolved) resolution).desired();
        MDC.put("stack", desired.stackName());
        return deploy.converge(resource, desired, report, this::ownerExists);
    }

    @Override
    public DeleteControl cleanup(FireflyStack resource, Context<FireflyStack> context) {
        String before = statusJson(resource);
        try (var ignored = logContext(resource)) {
            StatusReport report = new StatusReport(resource);
            Phase phaseBefore = report.status().getPhase();
            String messageBefore = report.status().getMessage();
            DeleteConverger.Next next;
            try {
                next = deleteStep(resource, report);
            } catch (AwsFailure e) {
                next = new DeleteConverger.Wait(awsTrouble(resource, report, e));
            } catch (RuntimeException e) {
                next = new DeleteConverger.Wait(unexpected(resource, report, Phase.DeleteFailed, e));
            }
            if (next instanceof DeleteConverger.Done done) {
                LOG.infof("finalizer removed: %s", done.message());
                events.normal(resource, "Deleted", done.message());
                events.forget(resource);
                backoff.reset(resource.getMetadata().getUid());
                metrics.forget(resource);
                return DeleteControl.defaultDelete();
            }
            announce(resource, report, phaseBefore, messageBefore);
            if (statusChanged(before, resource)) {
                patchStatus(context.getClient(), resource);
            }
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(((DeleteConverger.Wait) next).after());
        }
    }

    private DeleteConverger.Next deleteStep(FireflyStack resource, StatusReport report) {
        String region = resource.getSpec().getRegion();
        if (region != null && region.isBlank()) {
            // the operator cannot have deployed a stack in a region without a name: there is nothing to delete
            return new DeleteConverger.Done("spec.region is empty: the operator never deployed stack "
                    + resource.getSpec().getStackName() + ", nothing to delete");
        }
        StackGraph graph = graphOf(resource);
        return delete.converge(resource, graph.dependentsOf(resource.getMetadata().getName()),
                region == null ? config.aws().region() : region, report);
    }

    /**
     * Throttling and other AWS errors: say so, and come back later with backoff and jitter. The status
     * leaves out the wait, which changes on every attempt, so that repeated throttling is one status write
     * and one event, not one per attempt.
     */
    private Duration awsTrouble(FireflyStack resource, StatusReport report, AwsFailure e) {
        Duration wait = backoff.next(resource.getMetadata().getUid());
        Phase phase = Optional.ofNullable(report.status().getPhase()).orElse(Phase.Pending);
        if (e instanceof AwsFailure.Throttled) {
            LOG.infof("AWS throttled a request, retrying in %s", wait);
            report.progressing(phase, ConditionReason.Throttled, "AWS throttled the operator's requests; retrying with backoff");
        } else {
            LOG.warnf("AWS call failed, retrying in %s: %s", wait, e.getMessage());
            report.progressing(phase, ConditionReason.AwsError, "AWS call failed: " + e.getMessage() + "; retrying with backoff");
        }
        return wait;
    }

    /** A failure the operator did not foresee: shown on the object and retried with backoff, never given up. */
    private Duration unexpected(FireflyStack resource, StatusReport report, Phase phase, RuntimeException e) {
        Duration wait = backoff.next(resource.getMetadata().getUid());
        LOG.errorf(e, "unexpected error, retrying in %s", wait);
        report.stalled(phase, ConditionReason.InternalError, "the operator failed unexpectedly: " + e
                + "; it retries with backoff. Check the FireflyStack spec, and the operator's log if this persists.");
        return wait;
    }

    /** One event per change of what the FireflyStack reports, plus those the step asked for. */
    private void announce(FireflyStack resource, StatusReport report, Phase phaseBefore, String messageBefore) {
        report.events().forEach(e -> {
            LOG.infof("%s: %s", e.reason(), e.message());
            if (e.warning()) {
                events.warning(resource, e.reason(), e.message());
            } else {
                events.normal(resource, e.reason(), e.message());
            }
        });
        FireflyStackStatus status = report.status();
        if (status.getPhase() == phaseBefore && Objects.equals(status.getMessage(), messageBefore)) {
            return;
        }
        String reason = status.getPhase() == null ? "Pending" : status.getPhase().name();
        LOG.infof("%s: %s", reason, status.getMessage());
        if (status.isTrue(ConditionType.Stalled)) {
            events.warning(resource, reason, status.getMessage());
        } else {
            events.normal(resource, reason, status.getMessage());
        }
    }

    /**
     * Replaces the whole status with one JSON Patch {@code add /status} operation, without resourceVersion:
     * the operator is the status' only writer. A JSON merge patch would do on a real API server, but the
     * Fabric8 mock server appends to lists on merge, and JOSDK's diff-based JSON Patch fails against an
     * object without status; one {@code add} of the whole status behaves the same everywhere.
     */
    private static void patchStatus(KubernetesClient client, FireflyStack resource) {
        ArrayNode patch = Serialization.jsonMapper().createArrayNode();
        patch.addObject().put("op", "add").put("path", "/status")
                .set("value", Serialization.jsonMapper().valueToTree(resource.getStatus()));
        client.resources(FireflyStack.class).inNamespace(resource.getMetadata().getNamespace())
                .withName(resource.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON), patch.toString());
    }

    private StackGraph graphOf(FireflyStack resource) {
        String namespace = resource.getMetadata().getNamespace();
        return new StackGraph(stacks.list(s -> namespace.equals(s.getMetadata().getNamespace())).toList());
    }

    /** Whether the FireflyStack an ownership tag names (namespace/name) still exists. */
    private boolean ownerExists(String owner) {
        int slash = owner.indexOf('/');
        return slash < 0 || stacks.get(new ResourceID(owner.substring(slash + 1), owner.substring(0, slash))).isPresent();
    }

    private Optional<ConfigMap> configMap(String namespace, String name) {
        return configMaps.get(new ResourceID(name, namespace));
    }

    /** Names the FireflyStack and its CloudFormation stack on every log line of a reconcile. */
    private interface LogContext extends AutoCloseable {
        @Override
        void close();
    }

    private static String statusJson(FireflyStack resource) {
        try {
            return JSON.writeValueAsString(resource.getStatus());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean statusChanged(String before, FireflyStack resource) {
        return !before.equals(statusJson(resource));
    }

    private static LogContext logContext(FireflyStack resource) {
        MDC.put("fireflystack", resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName());
        MDC.put("stack", resource.getSpec().getStackName());
        return () -> {
            MDC.remove("fireflystack");
            MDC.remove("stack");
        };
    }
}
