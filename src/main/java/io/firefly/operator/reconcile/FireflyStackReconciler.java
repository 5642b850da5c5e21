package io.firefly.operator.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackStatus;
import io.firefly.operator.api.KeyRef;
import io.firefly.operator.api.Phase;
import io.firefly.operator.api.StackParameter;
import io.firefly.operator.aws.AwsClients;
import io.firefly.operator.aws.AwsErrors;
import io.firefly.operator.aws.StackGateway;
import io.firefly.operator.config.FireflyConfig;
import io.firefly.operator.runtime.VersionSkew;
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
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Converges one FireflyStack per call: dependencies first, then one step of the deploy or delete workflow,
 * then a reschedule. JOSDK runs at most one reconcile per FireflyStack at a time; another FireflyStack's
 * change (its status, its deletion) or a referenced ConfigMap's change triggers this one at once.
 */
@ControllerConfiguration(name = FireflyStackReconciler.NAME)
public class FireflyStackReconciler implements Reconciler<FireflyStack>, Cleaner<FireflyStack> {
    public static final String NAME = "fireflystack";
    private static final Logger LOG = Logger.getLogger(FireflyStackReconciler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsClients clients;
    private final DeployConverger deploy;
    private final DeleteConverger delete;
    private final FireflyConfig config;
    private final MeterRegistry registry;
    private final Backoff backoff;
    private volatile StackMetrics metrics;
    private volatile InformerEventSource<ConfigMap, FireflyStack> configMaps;
    @Inject
    VersionSkew versionSkew;

    public FireflyStackReconciler(AwsClients clients, StackGateway gateway, FireflyConfig config, MeterRegistry registry) {
        this.clients = clients;
        this.config = config;
        this.registry = registry;
        this.backoff = new Backoff(config.poll().inProgress(), config.poll().maxBackoff());
        DeployConverger.Durations durations = new DeployConverger.Durations() {
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
        this.deploy = new DeployConverger(gateway, durations);
        this.delete = new DeleteConverger(gateway, durations);
    }

    @Override
    public List<EventSource<?, FireflyStack>> prepareEventSources(EventSourceContext<FireflyStack> context) {
        IndexerResourceCache<FireflyStack> cache = context.getPrimaryCache();
        metrics = new StackMetrics(registry, () -> cache.list());
        var related = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(FireflyStack.class, FireflyStack.class)
                .withName("related-fireflystacks")
                .withSecondaryToPrimaryMapper(changed -> related(changed, cache))
                .build(), context);
        configMaps = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(ConfigMap.class, FireflyStack.class)
                .withName("referenced-configmaps")
                .withSecondaryToPrimaryMapper(cm -> referencing(cm, cache))
                .build(), context);
        return List.of(related, configMaps);
    }

    @Override
    public UpdateControl<FireflyStack> reconcile(FireflyStack resource, Context<FireflyStack> context) {
        if (versionSkew.leaveAlone(resource, context.getClient())) {
            return UpdateControl.noUpdate();
        }
        String before = statusJson(resource);
        try (var ignored = logContext(resource)) {
            StatusReport report = new StatusReport(resource);
            Duration next = converge(resource, context, report);
            if (report.status().getPhase() == Phase.Ready) {
                metrics.ready(resource);
            } else {
                metrics.seen(resource);
            }
            if (statusChanged(before, resource)) {
                patchStatus(context.getClient(), resource);
            }
            return UpdateControl.<FireflyStack>noUpdate().rescheduleAfter(next);
        }
    }

    private Duration converge(FireflyStack resource, Context<FireflyStack> context, StatusReport report) {
        EventRecorder events = new EventRecorder(context.getClient());
        Phase phaseBefore = report.status().getPhase();
        String messageBefore = report.status().getMessage();
        Duration next;
        try {
            next = deployStep(resource, context, report);
            if (report.status().getPhase() != Phase.Failed) {
                backoff.reset(resource.getMetadata().getUid());
            }
        } catch (SdkException e) {
            next = awsTrouble(resource, report, e);
        }
        if (report.status().getPhase() == Phase.Ready && !report.status().getOutputs().isEmpty()) {
            new OutputsPublisher(context.getClient()).publish(resource, report.status().getOutputs());
        }
        announce(resource, events, report, phaseBefore, messageBefore);
        return next;
    }

    private Duration deployStep(FireflyStack resource, Context<FireflyStack> context, StatusReport report) {
        if (resource.getSpec().isSuspend()) {
            report.progressing(Optional.ofNullable(report.status().getPhase()).orElse(Phase.Pending), ConditionReason.Suspended,
                    "spec.suspend is true: the operator leaves stack " + resource.getSpec().getStackName() + " alone");
            return config.poll().stable();
        }
        StackGraph graph = graphOf(resource, context);
        Optional<List<String>> cycle = graph.cycleThrough(resource.getMetadata().getName());
        if (cycle.isPresent()) {
            String path = String.join(" -> ", cycle.get());
            report.dependencies(List.of(), "dependency cycle: " + path);
            report.stalled(Phase.Failed, ConditionReason.DependencyCycle, "spec.dependsOn and stackOutput parameters form a cycle: "
                    + path + ". Remove one of these dependencies.");
            return config.poll().stable();
        }
        List<String> waitingFor = StackGraph.dependenciesOf(resource).stream()
                .filter(name -> graph.get(name).filter(FireflyStackReconciler::isReady).isEmpty())
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
                .resolve(resource, graph, clients.defaultRegion());
        if (resolution instanceof InputResolver.Missing missing) {
            report.progressing(Phase.Pending, ConditionReason.InputMissing, missing.message());
            return config.poll().stable();
        }
        DesiredStack desired = ((InputResolver.Resolved) resolution).desired();
        MDC.put("stack", desired.stackName());
        try {
            return deploy.converge(resource, desired, report);
        } catch (IllegalArgumentException e) {
            report.stalled(Phase.Failed, ConditionReason.TemplateInvalid, "spec.template: " + e.getMessage()
                    + ". Fix the template.");
            return config.poll().stable();
        }
    }

    @Override
    public DeleteControl cleanup(FireflyStack resource, Context<FireflyStack> context) {
        if (versionSkew.leaveAlone(resource, context.getClient())) {
            return DeleteControl.noFinalizerRemoval();
        }
        String before = statusJson(resource);
        try (var ignored = logContext(resource)) {
            StatusReport report = new StatusReport(resource);
            EventRecorder events = new EventRecorder(context.getClient());
            Phase phaseBefore = report.status().getPhase();
            String messageBefore = report.status().getMessage();
            StackGraph graph = graphOf(resource, context);
            String region = Optional.ofNullable(resource.getSpec().getRegion()).orElse(clients.defaultRegion());
            DeleteConverger.Next next;
            try {
                next = delete.converge(resource, graph.dependentsOf(resource.getMetadata().getName()), region, report);
            } catch (SdkException e) {
                next = new DeleteConverger.Wait(awsTrouble(resource, report, e));
            }
            if (next instanceof DeleteConverger.Done done) {
                LOG.infof("finalizer removed: %s", done.message());
                events.normal(resource, "Deleted", done.message());
                events.forget(resource);
                backoff.reset(resource.getMetadata().getUid());
                metrics.forget(resource);
                return DeleteControl.defaultDelete();
            }
            announce(resource, events, report, phaseBefore, messageBefore);
            if (statusChanged(before, resource)) {
                patchStatus(context.getClient(), resource);
            }
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(((DeleteConverger.Wait) next).after());
        }
    }

    /**
     * Throttling and other AWS errors: say so, and come back later with backoff and jitter. The status
     * leaves out the wait, which changes on every attempt, so that repeated throttling is one status write
     * and one event, not one per attempt.
     */
    private Duration awsTrouble(FireflyStack resource, StatusReport report, SdkException e) {
        Duration wait = backoff.next(resource.getMetadata().getUid());
        Phase phase = Optional.ofNullable(report.status().getPhase()).orElse(Phase.Pending);
        if (AwsErrors.isThrottling(e)) {
            LOG.infof("AWS throttled a request, retrying in %s", wait);
            report.progressing(phase, ConditionReason.Throttled, "AWS throttled the operator's requests; retrying with backoff");
        } else {
            LOG.warnf("AWS call failed, retrying in %s: %s", wait, AwsErrors.message(e));
            report.progressing(phase, ConditionReason.AwsError, "AWS call failed: " + AwsErrors.message(e)
                    + "; retrying with backoff");
        }
        return wait;
    }

    private void announce(FireflyStack resource, EventRecorder events, StatusReport report, Phase phaseBefore,
                          String messageBefore) {
        FireflyStackStatus status = report.status();
        if (status.getPhase() == phaseBefore && java.util.Objects.equals(status.getMessage(), messageBefore)) {
            return;
        }
        String reason = status.getPhase() == null ? "Pending" : status.getPhase().name();
        LOG.infof("%s: %s", reason, status.getMessage());
        boolean warning = status.isTrue(io.firefly.operator.api.ConditionType.Stalled);
        if (warning) {
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

    static boolean isReady(FireflyStack stack) {
        FireflyStackStatus status = stack.getStatus();
        return status != null && status.getPhase() == Phase.Ready
                && java.util.Objects.equals(status.getObservedGeneration(), stack.getMetadata().getGeneration())
                && status.isTrue(io.firefly.operator.api.ConditionType.Ready);
    }

    private StackGraph graphOf(FireflyStack resource, Context<FireflyStack> context) {
        String namespace = resource.getMetadata().getNamespace();
        return new StackGraph(context.getPrimaryCache()
                .list(s -> namespace.equals(s.getMetadata().getNamespace())).toList());
    }

    private Optional<ConfigMap> configMap(String namespace, String name) {
        return configMaps.get(new ResourceID(name, namespace));
    }

    /** A FireflyStack changed: its dependents may deploy now; if it is going away, its dependencies may delete. */
    private static Set<ResourceID> related(FireflyStack changed, IndexerResourceCache<FireflyStack> cache) {
        String namespace = changed.getMetadata().getNamespace();
        String name = changed.getMetadata().getName();
        Set<ResourceID> ids = new HashSet<>();
        cache.list(s -> namespace.equals(s.getMetadata().getNamespace())
                        && StackGraph.dependenciesOf(s).contains(name))
                .forEach(s -> ids.add(ResourceID.fromResource(s)));
        if (changed.getMetadata().getDeletionTimestamp() != null) {
            StackGraph.dependenciesOf(changed).forEach(d -> ids.add(new ResourceID(d, namespace)));
        }
        return ids;
    }

    private static Set<ResourceID> referencing(ConfigMap configMap, IndexerResourceCache<FireflyStack> cache) {
        String namespace = configMap.getMetadata().getNamespace();
        String name = configMap.getMetadata().getName();
        Set<ResourceID> ids = new HashSet<>();
        cache.list(s -> namespace.equals(s.getMetadata().getNamespace()) && references(s, name))
                .forEach(s -> ids.add(ResourceID.fromResource(s)));
        return ids;
    }

    private static boolean references(FireflyStack stack, String configMapName) {
        KeyRef template = stack.getSpec().getTemplate().getConfigMapKeyRef();
        if (template != null && template.name().equals(configMapName)) {
            return true;
        }
        return stack.getSpec().getParameters().stream()
                .map(StackParameter::valueFrom)
                .anyMatch(from -> from != null && from.configMapKeyRef() != null
                        && from.configMapKeyRef().name().equals(configMapName));
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
