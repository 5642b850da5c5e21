package io.firefly.operator.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyAccount;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackStatus;
import io.firefly.operator.api.Phase;
import io.firefly.operator.aws.EventQueues;
import io.firefly.operator.aws.StackWatch;
import io.firefly.operator.config.FireflyConfig;
import io.firefly.operator.port.AwsPorts;
import io.firefly.operator.reconcile.delete.DeleteConverger;
import io.firefly.operator.reconcile.inputs.InputResolver;
import io.firefly.operator.reconcile.inputs.StackGraph;
import io.firefly.operator.reconcile.status.EventRecorder;
import io.firefly.operator.reconcile.status.OutputsPublisher;
import io.firefly.operator.reconcile.status.StackMetrics;
import io.firefly.operator.reconcile.status.StatusPatch;
import io.firefly.operator.reconcile.status.StatusReport;
import io.firefly.operator.reconcile.status.WrittenStatuses;
import io.firefly.operator.reconcile.tenancy.AccountChoice;
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
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Converges one FireflyStack per call: dependencies first, then one step of the deploy or delete workflow,
 * then a reschedule. JOSDK runs at most one reconcile per FireflyStack at a time; another FireflyStack's
 * change (its status, its deletion), a referenced ConfigMap's change, a change of the FireflyAccount it uses
 * or of its namespace's labels and annotations, and its stack settling (announced by CloudFormation's events, or
 * seen by a listing of the account's stacks taken for another FireflyStack) trigger this one at once.
 *
 * <p>Every failure ends here in a status condition, an event and a retry with backoff: nothing is thrown to
 * JOSDK, whose retries give up, so no finalizer is ever left behind by an error.
 */
@ControllerConfiguration(name = FireflyStackReconciler.NAME)
public class FireflyStackReconciler implements Reconciler<FireflyStack>, Cleaner<FireflyStack> {
    public static final String NAME = "fireflystack";
    private static final Logger LOG = Logger.getLogger(FireflyStackReconciler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StackConverger converger;
    private final MeterRegistry registry;
    private final EventRecorder events;
    private final EventQueues stackEvents;
    private final StackWatch watch;
    private final String defaultRegion;
    private final NamespaceLists namespaceLists = new NamespaceLists(java.time.Clock.systemUTC());
    private final WrittenStatuses written = new WrittenStatuses();
    private volatile StackMetrics metrics;
    private volatile IndexerResourceCache<FireflyStack> stacks;
    private volatile ReferencedConfigMaps configMaps;
    private volatile InformerEventSource<FireflyStack, FireflyStack> related;
    private volatile InformerEventSource<FireflyAccount, FireflyStack> accounts;
    private volatile InformerEventSource<Namespace, FireflyStack> namespaces;
    private final VersionSkew versionSkew;

    public FireflyStackReconciler(AwsPorts aws, FireflyConfig config, MeterRegistry registry, EventRecorder events,
                                  VersionSkew versionSkew, EventQueues stackEvents, StackWatch watch) {
        this.watch = watch;
        this.defaultRegion = config.aws().region();
        this.stackEvents = stackEvents;
        this.registry = registry;
        this.versionSkew = versionSkew;
        this.events = events;
        this.converger = new StackConverger(aws, StackConverger.Settings.of(config), Clock.systemUTC());
    }

    @Override
    public List<EventSource<?, FireflyStack>> prepareEventSources(EventSourceContext<FireflyStack> context) {
        IndexerResourceCache<FireflyStack> cache = context.getPrimaryCache();
        stacks = cache;
        metrics = new StackMetrics(registry, () -> cache.list());
        related = new RelatedStackSource(InformerEventSourceConfiguration
                .from(FireflyStack.class, FireflyStack.class)
                .withName("related-fireflystacks")
                .withSecondaryToPrimaryMapper(changed -> RelatedStacks.of(changed, related))
                .build(), context, this::forget);
        related.addIndexer(RelatedStacks.DEPENDED_ON, RelatedStacks::dependedOn);
        configMaps = new ReferencedConfigMaps(cache);
        var referenced = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(ConfigMap.class, FireflyStack.class)
                .withName("referenced-configmaps")
                .withItemStore(configMaps)
                .withSecondaryToPrimaryMapper(cm -> RelatedStacks.referencing(cm, cache))
                .build(), context);
        // FireflyAccounts and Namespaces are cluster-scoped: watched in every namespace whatever the operator watches
        accounts = new AccountEventSource(InformerEventSourceConfiguration
                .from(FireflyAccount.class, FireflyStack.class)
                .withName("fireflyaccounts")
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(account -> RelatedStacks.using(account, cache, this::namespace))
                .build(), context, stackEvents);
        namespaces = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(Namespace.class, FireflyStack.class)
                .withName("namespaces")
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(namespace -> RelatedStacks.in(namespace, cache))
                .build(), context);
        return List.of(related, referenced, accounts, namespaces, new StackEventSource(cache, stackEvents, watch, defaultRegion,
                stack -> AccountChoice.accountNameOf(stack, namespace(stack.getMetadata().getNamespace()))));
    }

    @Override
    public UpdateControl<FireflyStack> reconcile(FireflyStack resource, Context<FireflyStack> context) {
        if (versionSkew.leaveAlone(resource, context.getClient())) {
            return UpdateControl.noUpdate();
        }
        try (var ignored = logContext(resource)) {
            String before = startingStatus(resource);
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
                writeStatus(context.getClient(), resource);
            }
            return UpdateControl.<FireflyStack>noUpdate().rescheduleAfter(next);
        }
    }

    /**
     * A status the API server refused (a conflict, the server unreachable) is written again at the next
     * reconcile, which is already scheduled: the failure must not go to JOSDK, whose retries give up. One it
     * took is remembered for the reconciles that start before the informer's copy shows it.
     */
    private void writeStatus(KubernetesClient client, FireflyStack resource) {
        try {
            written.wrote(StatusPatch.replaceStatus(client, resource));
        } catch (KubernetesClientException e) {
            LOG.warnf("could not write the status (%s); it is written again at the next reconcile", e.getMessage());
        }
    }

    private Duration converge(FireflyStack resource, Context<FireflyStack> context, StatusReport report) {
        InputResolver inputs = new InputResolver(context.getClient(),
                (namespace, name) -> configMaps.read(context.getClient(), namespace, name));
        Duration next = converger.deploy(resource, graphOf(resource), inputs, accountChoice().forDeploy(resource), report,
                this::ownerExists);
        if (report.status().getPhase() == Phase.Ready && !report.status().getOutputs().isEmpty()) {
            try {
                new OutputsPublisher(context.getClient(), configMaps::cached).publish(resource, report.status().getOutputs());
            } catch (KubernetesClientException e) {
                LOG.warnf("could not publish the outputs ConfigMap (%s); it is published again at the next reconcile",
                        e.getMessage());
            }
        }
        return next;
    }

    @Override
    public DeleteControl cleanup(FireflyStack resource, Context<FireflyStack> context) {
        if (versionSkew.leaveAlone(resource, context.getClient())) {
            return DeleteControl.noFinalizerRemoval();
        }
        try (var ignored = logContext(resource)) {
            String before = startingStatus(resource);
            StatusReport report = new StatusReport(resource);
            Phase phaseBefore = report.status().getPhase();
            String messageBefore = report.status().getMessage();
            DeleteConverger.Next next = converger.delete(resource, dependentsOf(resource, context.getClient()),
                    accountChoice().forDelete(resource), report);
            if (next instanceof DeleteConverger.Done done) {
                LOG.infof("finalizer removed: %s", done.message());
                events.normal(resource, "Deleted", done.message());
                forget(resource);
                return DeleteControl.defaultDelete();
            }
            announce(resource, report, phaseBefore, messageBefore);
            if (statusChanged(before, resource)) {
                writeStatus(context.getClient(), resource);
            }
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(((DeleteConverger.Wait) next).after());
        }
    }

    /** The FireflyStack is gone, or going: what the operator keeps for it in memory goes too. */
    private void forget(FireflyStack resource) {
        events.forget(resource);
        converger.forget(resource);
        metrics.forget(resource);
        written.forget(resource);
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
     * The namespace's FireflyStacks as the informer that triggers dependents sees them: a dependent woken because
     * its dependency became Ready reads that Ready status from the cache the event came from, never from the
     * controller's own informer, which may not have received the same change yet. The stack being reconciled is
     * taken as this reconcile has it.
     */
    private StackGraph graphOf(FireflyStack resource) {
        return StackGraph.over(RelatedStacks.cachedIn(related, resource.getMetadata().getNamespace()), resource);
    }

    /**
     * Who still uses the stack a deletion step is about: the FireflyStacks the cache shows, which a step may wait
     * on; and, before a step that cannot be undone, those the API server lists.
     */
    private DeleteConverger.Dependents dependentsOf(FireflyStack resource, KubernetesClient client) {
        String name = resource.getMetadata().getName();
        return new DeleteConverger.Dependents() {
            @Override
            public List<String> cached() {
                return graphOf(resource).dependentsOf(name);
            }

            @Override
            public Optional<List<String>> listed() {
                return listedGraphOf(resource, client).map(graph -> graph.dependentsOf(name));
            }
        };
    }

    /**
     * The namespace's FireflyStacks as the API server lists them now, for a deletion: whether a dependent still
     * uses this stack decides whether its stack may go, and an informer's cache can miss a FireflyStack created
     * while its watch was down. A LIST made since this step asked, shared with the steps asking at the same time
     * ({@link NamespaceLists}), whose FireflyStacks carry no status or template: a graph to ask for dependents
     * only. Empty when the API server does not answer.
     */
    private Optional<StackGraph> listedGraphOf(FireflyStack resource, KubernetesClient client) {
        try {
            return Optional.of(StackGraph.over(
                    StackGraph.listed(namespaceLists.list(client, resource.getMetadata().getNamespace())), resource));
        } catch (KubernetesClientException | IllegalArgumentException e) { // the latter: an item that does not convert
            LOG.warnf("could not list the namespace's FireflyStacks (%s); the deletion waits", e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether the FireflyStack an ownership tag names (namespace/name) still exists. */
    private boolean ownerExists(String owner) {
        int slash = owner.indexOf('/');
        return slash < 0 || stacks.get(new ResourceID(owner.substring(slash + 1), owner.substring(0, slash))).isPresent();
    }

    private AccountChoice accountChoice() {
        return new AccountChoice(name -> accounts.get(new ResourceID(name)), this::namespace);
    }

    private Optional<Namespace> namespace(String name) {
        return namespaces.get(new ResourceID(name));
    }

    /** Names the FireflyStack and its CloudFormation stack on every log line of a reconcile. */
    private interface LogContext extends AutoCloseable {
        @Override
        void close();
    }

    /** The status this reconcile starts from, as JSON: the operator's last write where the cached copy predates it. */
    private String startingStatus(FireflyStack resource) {
        if (written.catchUp(resource)) {
            LOG.debug("the cached FireflyStack predates the operator's last status write; deciding from that write");
        }
        return statusJson(resource);
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
