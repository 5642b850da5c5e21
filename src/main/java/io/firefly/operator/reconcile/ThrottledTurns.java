package io.firefly.operator.reconcile;

import io.firefly.operator.port.AwsIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to call again after AWS throttled a FireflyStack's call: in turn, in one line per identity, region and
 * operation, as AWS meters each account's requests per Region and API operation
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html does not publish the
 * rates; the SDKs' retry guidance assumes a token bucket). A stack waits its place in line, counted from one, divided
 * by twice the rate at which the line's stacks got through over the last ten seconds: the stack throttled first
 * calls first, and the line as a whole calls a little faster than AWS lets calls through, so that the quota is neither left
 * unused while stacks sleep on a long backoff nor asked for many times over. A per-stack exponential backoff does
 * neither: with hundreds of stacks waiting, most of them slept while tokens went unspent, and each stack's turn
 * came by chance. Never longer than {@link StackConverger#THROTTLED_MAX_BACKOFF}.
 *
 * <p>A stack leaves its line when a step of its goes through without throttling, or when it is throttled on
 * another operation (the one before went through). A stack not seen for twice the longest wait left without a
 * word (deleted, or moved on by a reconcile that made no call) and no longer holds a place. A call that would go
 * ahead of a line without being throttled first may join its end instead ({@link #othersWaiting}). Nothing here
 * waits: the answer is the delay the reconcile is rescheduled with.
 */
final class ThrottledTurns {
    private static final Duration RATE_WINDOW = Duration.ofSeconds(10);
    private static final Duration MIN_WAIT = Duration.ofMillis(200);
    /**
     * The line calls at twice the rate it got through: a line that called only as fast as it got through could
     * never see the rate rise, and it falls each time a turn comes late (by a simulation against a token bucket,
     * 200 stacks at 2 calls a second: 142 s at once the rate, 100 s at twice, the quota's own 99 s).
     */
    private static final double PROBING = 2.0;

    /** One account's calls of one operation in one region, which AWS meters together. */
    record LineKey(AwsIdentity identity, String region, String operation) {
    }

    private final Duration longest;
    private final Clock clock;
    private final Map<LineKey, Line> lines = new HashMap<>();

    ThrottledTurns(Duration longest, Clock clock) {
        this.longest = longest;
        this.clock = clock;
    }

    /** The stack's call of {@code key}'s operation was throttled: how long until its turn. */
    synchronized Duration throttled(LineKey key, String uid) {
        Instant now = clock.instant();
        lines.forEach((other, line) -> {
            if (!other.equals(key)) {
                line.leave(uid, now);
            }
        });
        Line line = lines.computeIfAbsent(key, k -> new Line());
        line.forgetSilent(now, longest.multipliedBy(2));
        int place = line.join(uid, now);
        double jitter = 0.85 + 0.3 * ThreadLocalRandom.current().nextDouble();
        long millis = Math.round(place / (PROBING * line.rate(now)) * jitter * 1000);
        return Duration.ofMillis(Math.max(MIN_WAIT.toMillis(), Math.min(longest.toMillis(), millis)));
    }

    /**
     * Whether other stacks wait in {@code key}'s line while this one is not in it: a call it made now would go
     * ahead of them.
     */
    synchronized boolean othersWaiting(LineKey key, String uid) {
        Line line = lines.get(key);
        if (line == null) {
            return false;
        }
        line.forgetSilent(clock.instant(), longest.multipliedBy(2));
        return line.placeOf(uid) == 0 && line.waiting() > 0;
    }

    /** A step of the stack went through without throttling: it leaves every line it stood in. */
    synchronized void through(String uid) {
        Instant now = clock.instant();
        lines.values().forEach(line -> line.leave(uid, now));
        lines.values().removeIf(line -> line.idle(now));
    }

    /** Where the stack stands in the line, counted from one; zero when it is not in it. */
    synchronized int placeOf(LineKey key, String uid) {
        Line line = lines.get(key);
        return line == null ? 0 : line.placeOf(uid);
    }

    /** A stack in line: its place in the order of joining, and when it was last throttled. */
    private static final class Waiter {
        private final long joined;
        private Instant lastThrottled;

        Waiter(long joined, Instant now) {
            this.joined = joined;
            this.lastThrottled = now;
        }
    }

    private static final class Line {
        private final Map<String, Waiter> waiting = new HashMap<>();
        private long joinings;
        /** When stacks of this line got through, within the rate window. */
        private final Deque<Instant> departures = new ArrayDeque<>();
        private Instant formed;
        private Instant lastDeparture;

        int join(String uid, Instant now) {
            if (waiting.isEmpty() && departures.isEmpty()) {
                formed = now;
            }
            waiting.computeIfAbsent(uid, u -> new Waiter(joinings++, now)).lastThrottled = now;
            return placeOf(uid);
        }

        int waiting() {
            return waiting.size();
        }

        int placeOf(String uid) {
            Waiter mine = waiting.get(uid);
            if (mine == null) {
                return 0;
            }
            return 1 + (int) waiting.values().stream().filter(other -> other.joined < mine.joined).count();
        }

        void leave(String uid, Instant now) {
            if (waiting.remove(uid) != null) {
                departures.addLast(now);
                lastDeparture = now;
            }
        }

        void forgetSilent(Instant now, Duration silence) {
            waiting.values().removeIf(waiter -> waiter.lastThrottled.isBefore(now.minus(silence)));
        }

        /**
         * Stacks through per second over the window (or since the line formed, if later). With none through in the
         * window, one a second at first, then one over the time the line has gone without any beyond the window: a
         * line that AWS lets nobody through (another client spending the account's quota) calls less and less
         * often, as a backoff would, instead of at a rate it never saw; a young line is not slowed before its
         * first stack had a chance to get through.
         */
        double rate(Instant now) {
            Instant from = now.minus(RATE_WINDOW);
            while (!departures.isEmpty() && departures.peekFirst().isBefore(from)) {
                departures.removeFirst();
            }
            if (departures.isEmpty()) {
                Instant since = (lastDeparture != null ? lastDeparture : formed).plus(RATE_WINDOW);
                return 1.0 / Math.max(1.0, Duration.between(since, now).toMillis() / 1000.0);
            }
            Instant start = formed != null && formed.isAfter(from) ? formed : from;
            double seconds = Math.max(1.0, Duration.between(start, now).toMillis() / 1000.0);
            return departures.size() / seconds;
        }

        boolean idle(Instant now) {
            rate(now);
            return waiting.isEmpty() && departures.isEmpty();
        }
    }
}
