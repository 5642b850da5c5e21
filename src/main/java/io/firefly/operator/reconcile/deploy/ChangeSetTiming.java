package io.firefly.operator.reconcile.deploy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When to look at a change set CloudFormation is computing. Change sets have no event, so the operator has
 * to ask (DescribeChangeSet), and a fixed in-progress poll asks either too often (0.5 s against a change set
 * that takes seconds: several calls each) or too late (5 s against one that takes two). The first look is
 * instead timed by the change sets before it: it aims at the moment by which about nine change sets in ten
 * are computed, moving a little earlier each time a first look finds the change set computed and a good
 * step later each time it finds it still computing (a stochastic approximation of that quantile: at
 * {@value #TARGET_COMPUTED}, 0.97 per hit and 1.3 per miss balance). A change set still computing at the
 * first look is looked at again every in-progress poll, as before.
 *
 * <p>Only looks that say something about the timing count: a look well after the first-look time that finds
 * the change set computed says nothing about whether it could have been earlier, and one before it (a
 * reconcile woken by something else) finding it computing is expected. The time a change set took is read
 * against when this process created it, or else its creation time as CloudFormation reports it. A CREATE
 * change set is executed at its first look without being described ({@code DeployConverger}): that it ran
 * says it was computed. One timing serves every stack: a change set's
 * computation depends more on CloudFormation's load than on the template. It starts at the in-progress poll
 * and stays between a quarter of a second and the stable poll.
 */
public final class ChangeSetTiming {
    static final double TARGET_COMPUTED = 0.9;
    private static final double EARLIER = 0.97;
    private static final double LATER = 1.3;
    private static final Duration FLOOR = Duration.ofMillis(250);
    private static final int REMEMBERED = 10_000;

    private final Duration inProgress;
    private final Duration ceiling;
    private final Clock clock;
    private long firstLookMillis;
    /** When this process created the change sets not looked at yet, by name; the oldest forgotten past a bound. */
    private final Map<String, Instant> createdAt = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > REMEMBERED;
        }
    };

    public ChangeSetTiming(Duration inProgress, Duration stable, Clock clock) {
        this.inProgress = inProgress;
        this.ceiling = stable.compareTo(FLOOR) > 0 ? stable : FLOOR;
        this.clock = clock;
        this.firstLookMillis = clamp(inProgress.toMillis());
    }

    /** A change set was just created: when to look whether it is computed. */
    public synchronized Duration created(String changeSet) {
        createdAt.put(changeSet, clock.instant());
        return firstLook();
    }

    synchronized Duration firstLook() {
        return Duration.ofMillis(firstLookMillis);
    }

    /**
     * The change set was looked at (DescribeChangeSet) and found computed or still computing; learns from it.
     *
     * @param reportedCreatedAt its creation time as CloudFormation reports it, for a change set this process did
     *                          not create (null: unknown)
     * @return when to look again if it is still computing
     */
    public synchronized Duration looked(String changeSet, Instant reportedCreatedAt, boolean computed) {
        Instant created = createdAt.remove(changeSet);
        learn(created != null ? created : reportedCreatedAt, computed);
        return inProgress;
    }

    /** The change set ran at its first look, without a DescribeChangeSet: it was computed by then. */
    public synchronized void executedAtFirstLook(String changeSet) {
        learn(createdAt.remove(changeSet), true);
    }

    private void learn(Instant created, boolean computed) {
        if (created == null) {
            return;
        }
        long elapsed = Duration.between(created, clock.instant()).toMillis();
        if (computed && elapsed <= firstLookMillis * 3 / 2) {
            firstLookMillis = clamp(Math.round(firstLookMillis * EARLIER));
        } else if (!computed && elapsed >= firstLookMillis * 9 / 10) {
            firstLookMillis = clamp(Math.round(firstLookMillis * LATER));
        }
    }

    private long clamp(long millis) {
        return Math.max(FLOOR.toMillis(), Math.min(ceiling.toMillis(), millis));
    }
}
