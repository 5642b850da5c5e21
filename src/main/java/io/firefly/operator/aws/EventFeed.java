package io.firefly.operator.aws;

import io.firefly.operator.config.FireflyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether CloudFormation's stack events reach the operator, and from which regions. The stack watch reads
 * it to choose how often an in-progress stack is read; the health check reports it.
 *
 * <p>A region counts as announced only once an event from it has arrived: an EventBridge rule sees the
 * events of its own region, so a queue fed from us-east-1 says nothing about a stack in eu-west-1, whose
 * in-progress stacks keep the ordinary poll.
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

    /** @param reason why the queue is unavailable; empty otherwise */
    public record State(Mode mode, String queueUrl, String reason, Instant since) {
    }

    private final Clock clock = Clock.systemUTC();
    private final Set<String> regionsHeard = ConcurrentHashMap.newKeySet();
    private volatile State state;

    public EventFeed(FireflyConfig config) {
        state = config.events().queueUrl()
                .map(url -> new State(Mode.IDLE, url, "", clock.instant()))
                .orElseGet(() -> new State(Mode.OFF, "", "", clock.instant()));
    }

    public State state() {
        return state;
    }

    /** Whether events from this region are arriving now, so that an in-progress stack there is announced. */
    public boolean announces(String region) {
        return state.mode() == Mode.RECEIVING && regionsHeard.contains(region);
    }

    void idle(String queueUrl) {
        set(Mode.IDLE, queueUrl, "");
    }

    /** @return whether this ends another mode (the caller logs the change once) */
    boolean receiving(String queueUrl) {
        return set(Mode.RECEIVING, queueUrl, "");
    }

    /** @return whether this ends another mode, or gives another reason */
    boolean unavailable(String queueUrl, String reason) {
        boolean news = state.mode() != Mode.UNAVAILABLE || !state.reason().equals(reason);
        set(Mode.UNAVAILABLE, queueUrl, reason);
        return news;
    }

    void heardFrom(String region) {
        regionsHeard.add(region);
    }

    private synchronized boolean set(Mode mode, String queueUrl, String reason) {
        boolean changed = state.mode() != mode;
        if (changed || !state.reason().equals(reason)) {
            state = new State(mode, queueUrl, reason, changed ? clock.instant() : state.since());
        }
        return changed;
    }
}
