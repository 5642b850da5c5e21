package io.firefly.operator.aws;

import io.firefly.operator.config.FireflyConfig;
import io.firefly.operator.port.AwsIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether CloudFormation's stack events reach the operator, through which queue, for which account and from
 * which regions. The stack watch reads it to choose how often an in-progress stack is read; the health check
 * reports it.
 *
 * <p>An account's region counts as announced only once an event from it has arrived through one of the
 * account's queues: an EventBridge rule sees the events of its own region and account, so a queue fed from
 * us-east-1 says nothing about a stack in eu-west-1, and the operator's queue nothing about a FireflyAccount's
 * stacks; those keep the ordinary poll.
 */
@ApplicationScoped
public class EventFeed {

    public enum Mode {
        /** No queue is configured: the operator polls. */
        OFF,
        /** A queue is configured but not read yet: the operator is starting, or another replica leads. */
        IDLE,
        /** The last ReceiveMessage succeeded. */
        RECEIVING,
        /** The queue could not be read (missing, denied, unreachable): the operator polls and tries again. */
        UNAVAILABLE
    }

    /**
     * @param account the FireflyAccount whose queue it is; empty: the operator's own account's
     * @param reason  why the queue is unavailable; empty otherwise
     */
    public record State(Optional<String> account, Mode mode, String queueUrl, String reason, Instant since) {
    }

    /** One queue: its state and the regions it has carried events from. */
    private final class Tracked {
        private final Set<String> regionsHeard = ConcurrentHashMap.newKeySet();
        private volatile State state;

        private Tracked(EventQueue queue) {
            state = new State(queue.account(), Mode.IDLE, queue.url(), "", clock.instant());
        }
    }

    private final Clock clock = Clock.systemUTC();
    private final Map<EventQueue, Tracked> queues = new ConcurrentHashMap<>();
    private final Instant offSince = clock.instant();

    public EventFeed(FireflyConfig config) {
        config.events().queueUrl().ifPresent(url -> track(EventQueue.operators(url)));
    }

    /** The operator's own account's queue: OFF when none is configured. */
    public State state() {
        return queues.entrySet().stream().filter(e -> e.getKey().account().isEmpty()).findFirst()
                .map(e -> e.getValue().state)
                .orElseGet(() -> new State(Optional.empty(), Mode.OFF, "", "", offSince));
    }

    /** The queues of FireflyAccounts, by account name. */
    public List<State> accounts() {
        return queues.entrySet().stream().filter(e -> e.getKey().account().isPresent()).map(e -> e.getValue().state)
                .sorted(Comparator.comparing(s -> s.account().orElseThrow())).toList();
    }

    /** Whether events of this account and region are arriving now, so that an in-progress stack there is announced. */
    public boolean announces(AwsIdentity account, String region) {
        return queues.entrySet().stream().anyMatch(e -> e.getKey().identity().equals(account)
                && e.getValue().state.mode() == Mode.RECEIVING && e.getValue().regionsHeard.contains(region));
    }

    void track(EventQueue queue) {
        queues.computeIfAbsent(queue, Tracked::new);
    }

    /** A FireflyAccount's queue is no longer read: it was removed from the account, or the account deleted. */
    void forget(EventQueue queue) {
        queues.remove(queue);
    }

    void idle(EventQueue queue) {
        set(queue, Mode.IDLE, "");
    }

    /** @return whether this ends another mode (the caller logs the change once) */
    boolean receiving(EventQueue queue) {
        return set(queue, Mode.RECEIVING, "");
    }

    /** @return whether this ends another mode, or gives another reason */
    boolean unavailable(EventQueue queue, String reason) {
        return set(queue, Mode.UNAVAILABLE, reason);
    }

    void heardFrom(EventQueue queue, String region) {
        Tracked tracked = queues.get(queue);
        if (tracked != null) {
            tracked.regionsHeard.add(region);
        }
    }

    /** @return whether the mode or the reason changed */
    private boolean set(EventQueue queue, Mode mode, String reason) {
        Tracked tracked = queues.get(queue);
        if (tracked == null) {
            return false; // forgotten while its reader was stopping
        }
        synchronized (tracked) {
            State state = tracked.state;
            boolean changed = state.mode() != mode;
            if (changed || !state.reason().equals(reason)) {
                tracked.state = new State(state.account(), mode, state.queueUrl(), reason, changed ? clock.instant() : state.since());
                return true;
            }
            return false;
        }
    }
}
