package io.firefly.operator.reconcile;

import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import io.firefly.operator.config.FireflyConfig;
import io.firefly.operator.port.AwsFailure;
import io.firefly.operator.port.AwsIdentity;
import io.firefly.operator.port.AwsPort;
import io.firefly.operator.port.AwsPorts;
import io.firefly.operator.reconcile.delete.DeleteConverger;
import io.firefly.operator.reconcile.deploy.DeployConverger;
import io.firefly.operator.reconcile.deploy.ChangeSetTiming;
import io.firefly.operator.reconcile.deploy.Durations;
import io.firefly.operator.reconcile.deploy.TurnsAhead;
import io.firefly.operator.reconcile.drift.DriftCheck;
import io.firefly.operator.reconcile.inputs.DesiredStack;
import io.firefly.operator.reconcile.inputs.InputResolver;
import io.firefly.operator.reconcile.inputs.StackGraph;
import io.firefly.operator.reconcile.status.StatusReport;
import io.firefly.operator.reconcile.tenancy.PolicyCheck;
import io.firefly.operator.reconcile.tenancy.Tenant;
import io.firefly.operator.template.TemplateDefaults;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * What one reconcile decides for a FireflyStack, apart from JOSDK and the Kubernetes API: suspension,
 * dependencies, inputs, what its FireflyAccount permits, then one deploy or delete step and the drift check,
 * each with the AWS identity of that account. Every failure ends here in the
 * status and a retry with backoff; nothing is thrown, so JOSDK never gives up on an object and never strands
 * its finalizer.
 */
final class StackConverger {
    private static final Logger LOG = Logger.getLogger(StackConverger.class);
    /**
     * The longest wait after throttling: the ceiling of the AWS SDKs' own retries (standard retry mode,
     * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html). Throttling says the account's
     * request rate is spent for now, not that the stack is in trouble: a stack that waited minutes would leave the
     * quota unused once it has room, and every stack waiting for it would finish that much later. Below it, the
     * wait is the stack's turn ({@link ThrottledTurns}).
     */
    static final Duration THROTTLED_MAX_BACKOFF = Duration.ofSeconds(20);

    /** The operator settings a step needs. */
    record Settings(Duration inProgress, Duration stable, Duration maxBackoff, Duration driftInterval, String defaultRegion) {
        static Settings of(FireflyConfig config) {
            return new Settings(config.poll().inProgress(), config.poll().stable(), config.poll().maxBackoff(),
                    config.drift().interval(), config.aws().region());
        }
    }

    private final Settings settings;
    private final Backoff backoff;
    private final ThrottledTurns turns;
    private final AwsPorts ports;
    private final Durations durations;
    private final Clock clock;
    private final TemplateDefaults templateDefaults = new TemplateDefaults();

    StackConverger(AwsPorts ports, Settings settings, Clock clock) {
        this.settings = settings;
        this.ports = ports;
        this.clock = clock;
        this.backoff = new Backoff(settings.inProgress(), settings.maxBackoff());
        this.turns = new ThrottledTurns(THROTTLED_MAX_BACKOFF, clock);
        ChangeSetTiming changeSets = new ChangeSetTiming(settings.inProgress(), settings.stable(), clock);
        this.durations = new Durations() {
            @Override
            public Duration inProgress() {
                return settings.inProgress();
            }

            @Override
            public Duration stable() {
                return settings.stable();
            }

            @Override
            public Duration backoff(FireflyStack stack) {
                return backoff.next(stack.getMetadata().getUid());
            }

            @Override
            public ChangeSetTiming changeSets() {
                return changeSets;
            }
        };
    }

    /**
     * @param tenant      the FireflyAccount the spec and the namespace name now, or the operator's identity
     * @param ownerExists whether the FireflyStack an ownership tag names (namespace/name) still exists
     * @return when to look again
     */
    Duration deploy(FireflyStack resource, StackGraph graph, InputResolver inputs, Tenant tenant, StatusReport report,
                    Predicate<String> ownerExists) {
        try {
            Duration next = deployStep(resource, graph, inputs, tenant, report, ownerExists);
            turns.through(resource.getMetadata().getUid());
            if (report.status().getPhase() != Phase.Failed) {
                backoff.reset(resource.getMetadata().getUid());
            }
            return next;
        } catch (AwsFailure e) {
            return awsTrouble(resource, tenant, report, e);
        } catch (RuntimeException e) {
            return unexpected(resource, report, Phase.Failed, e);
        }
    }

    /**
     * One step of the deletion: wait, or the finalizer may go. Deletion is always allowed: no policy applies.
     *
     * @param tenant the FireflyAccount the stack was deployed into (status.account), or the operator's identity
     */
    DeleteConverger.Next delete(FireflyStack resource, DeleteConverger.Dependents dependents, Tenant tenant,
                                StatusReport report) {
        try {
            String region = resource.getSpec().getRegion();
            if (region != null && region.isBlank()) {
                // the operator cannot have deployed a stack in a region without a name: there is nothing to delete
                return new DeleteConverger.Done("spec.region is empty: the operator never deployed stack "
                        + resource.getSpec().getStackName() + ", nothing to delete");
            }
            if (tenant.accountName() != null && report.status().getAccount() == null && report.status().getStackId() == null) {
                // status.account is written with the reconcile that first acts in the account: without it, and
                // without a stack observed, the account refused this FireflyStack or was never there. Its role
                // may not even work: the finalizer goes without an AWS call.
                return new DeleteConverger.Done("the operator never deployed stack " + resource.getSpec().getStackName()
                        + " into FireflyAccount " + tenant.accountName() + ", nothing to delete");
            }
            if (tenant instanceof Tenant.Missing missing) {
                report.stalled(Phase.DeleteFailed, ConditionReason.AccountNotFound, "stack " + resource.getSpec().getStackName()
                        + " was deployed into FireflyAccount " + missing.accountName() + " (" + missing.namedBy()
                        + "), which no longer exists, so the operator has no credentials to delete it. Create the"
                        + " FireflyAccount again; or delete the stack in AWS yourself and remove the finalizer.");
                return new DeleteConverger.Wait(settings.stable());
            }
            DeleteConverger.Next next = new DeleteConverger(ports.as(identity(tenant)), durations).converge(resource,
                    dependents, regionOf(resource), report);
            turns.through(resource.getMetadata().getUid());
            return next;
        } catch (AwsFailure e) {
            return new DeleteConverger.Wait(awsTrouble(resource, tenant, report, e));
        } catch (RuntimeException e) {
            return new DeleteConverger.Wait(unexpected(resource, report, Phase.DeleteFailed, e));
        }
    }

    /** The FireflyStack is gone: its backoff and its template's defaults go too. */
    void forget(FireflyStack resource) {
        backoff.reset(resource.getMetadata().getUid());
        turns.through(resource.getMetadata().getUid());
        templateDefaults.forget(resource.getMetadata().getUid());
    }

    private Duration deployStep(FireflyStack resource, StackGraph graph, InputResolver inputs, Tenant tenant,
                                StatusReport report, Predicate<String> ownerExists) {
        if (resource.getSpec().isSuspend()) {
            report.progressing(Optional.ofNullable(report.status().getPhase()).orElse(Phase.Pending), ConditionReason.Suspended,
                    "spec.suspend is true: the operator leaves stack " + resource.getSpec().getStackName() + " alone");
            return settings.stable();
        }
        Optional<List<String>> cycle = graph.cycleThrough(resource.getMetadata().getName());
        if (cycle.isPresent()) {
            String path = String.join(" -> ", cycle.get());
            report.dependencies(List.of(), "dependency cycle: " + path);
            report.stalled(Phase.Failed, ConditionReason.DependencyCycle, "spec.dependsOn and stackOutput parameters form a cycle: "
                    + path + ". Remove one of these dependencies.");
            return settings.stable();
        }
        List<String> waitingFor = StackGraph.dependenciesOf(resource).stream()
                .filter(name -> graph.get(name).filter(StackGraph::isReady).isEmpty())
                .map(name -> graph.get(name).isPresent() ? name : name + " (not found)")
                .toList();
        if (!waitingFor.isEmpty()) {
            String message = "waiting for " + String.join(", ", waitingFor) + " to be Ready";
            report.dependencies(waitingFor, message);
            report.progressing(Phase.WaitingForDependencies, ConditionReason.WaitingForDependencies, message);
            return settings.stable();
        }
        report.dependencies(List.of(), "all dependencies are Ready");
        var resolution = inputs.resolve(resource, graph, settings.defaultRegion());
        if (resolution instanceof InputResolver.Missing missing) {
            if (missing.permanent()) {
                report.stalled(Phase.Failed, missing.reason(), missing.message());
            } else {
                report.progressing(Phase.Pending, missing.reason(), missing.message());
            }
            return settings.stable();
        }
        DesiredStack desired = ((InputResolver.Resolved) resolution).desired();
        MDC.put("stack", desired.stackName());
        Optional<String> refusal = refusal(tenant, desired, report);
        if (refusal.isPresent()) {
            boolean deployed = report.status().getStackId() != null;
            report.stalled(Phase.Failed, tenant instanceof Tenant.Missing ? ConditionReason.AccountNotFound
                    : ConditionReason.NotPermitted, refusal.get() + (deployed ? " Stack " + desired.stackName()
                    + ", deployed earlier, is left as it is: the operator neither updates nor deletes it while this lasts."
                    : " Nothing was created."));
            return settings.stable();
        }
        report.status().setAccount(tenant.accountName());
        AwsPort aws = ports.as(identity(tenant));
        TurnsAhead turnsAhead = operation -> turns.othersWaiting(
                new ThrottledTurns.LineKey(identity(tenant), regionOf(resource), operation), resource.getMetadata().getUid());
        Duration next = new DeployConverger(aws, durations, turnsAhead, templateDefaults)
                .converge(resource, desired, report, ownerExists);
        if (report.status().getPhase() == Phase.Ready) {
            Optional<Duration> sooner = new DriftCheck(aws, settings.driftInterval(), settings.inProgress(), clock)
                    .step(resource, desired, report);
            if (sooner.isPresent() && sooner.get().compareTo(next) < 0) {
                return sooner.get();
            }
        }
        return next;
    }

    /**
     * Why the stack may not be deployed with this tenant: its account is missing, refuses it, or is not the one
     * the stack was deployed into (a stack cannot move between accounts: the old one would be left behind).
     */
    private static Optional<String> refusal(Tenant tenant, DesiredStack desired, StatusReport report) {
        String deployedInto = report.status().getAccount();
        if (report.status().getStackId() != null && !Objects.equals(deployedInto, tenant.accountName())) {
            return Optional.of("stack " + desired.stackName() + " was deployed " + through(deployedInto) + " (status.account),"
                    + " and the FireflyStack now names " + through(tenant.accountName()) + "; a stack cannot move between"
                    + " AWS accounts. Set the account back, or create a new FireflyStack for the other account.");
        }
        if (tenant instanceof Tenant.Missing missing) {
            return Optional.of(missing.namedBy() + ": FireflyAccount " + missing.accountName()
                    + " does not exist. Create it, or name an existing one.");
        }
        return tenant instanceof Tenant.Account account ? PolicyCheck.refusal(account, desired) : Optional.empty();
    }

    private static String through(String account) {
        return account == null ? "with the operator's own AWS identity" : "into FireflyAccount " + account;
    }

    private String regionOf(FireflyStack resource) {
        String region = resource.getSpec().getRegion();
        return region == null || region.isBlank() ? settings.defaultRegion() : region;
    }

    private static AwsIdentity identity(Tenant tenant) {
        return tenant instanceof Tenant.Account account ? account.identity() : AwsIdentity.OPERATOR;
    }

    /**
     * Throttling and other AWS errors: say so, and come back later with backoff and jitter. The status
     * leaves out the wait, which changes on every attempt, so that repeated throttling is one status write
     * and one event, not one per attempt.
     */
    private Duration awsTrouble(FireflyStack resource, Tenant tenant, StatusReport report, AwsFailure e) {
        String uid = resource.getMetadata().getUid();
        ThrottledTurns.LineKey line = e instanceof AwsFailure.Throttled throttled
                ? new ThrottledTurns.LineKey(identity(tenant), regionOf(resource), throttled.operation()) : null;
        Duration wait = line != null ? turns.throttled(line, uid) : backoff.next(uid);
        // Keep showing the operation under way; never Ready, which only an observation that matches may say
        // (a stable stack whose listing is throttled keeps its last observation in StackWatch instead).
        Phase shown = report.status().getPhase();
        Phase phase = shown == null || shown == Phase.Ready ? Phase.Pending : shown;
        if (e instanceof AwsFailure.Throttled throttled) {
            LOG.infof("AWS throttled %s; place %d in line, retrying in %s", throttled.operation(), turns.placeOf(line, uid), wait);
            report.progressing(phase, ConditionReason.Throttled, "AWS throttled the operator's " + throttled.operation()
                    + " requests; retrying in turn, at the rate AWS lets them through");
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
}
