package io.firefly.operator.reconcile.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.firefly.operator.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How many DescribeChangeSet calls a change set costs, and how late its first look comes, when the first look
 * is timed by the change sets before it: change sets that take 1.5 to 2.5 s to compute, an in-progress poll
 * of 0.5 s (the demo's: four or five looks a change set at a fixed poll) or 5 s (production's: one look, but
 * up to 3.5 s after the change set was ready).
 */
class ChangeSetTimingTest {
    private static final Duration STABLE = Duration.ofSeconds(60);

    private record Outcome(double looksPerChangeSet, double computedAtFirstLook, Duration firstLook) {
    }

    @Test
    void atAShortPollAChangeSetCostsAboutOneLookInsteadOfFour() {
        Outcome outcome = simulate(Duration.ofMillis(500), 300);

        assertThat(outcome.looksPerChangeSet()).isLessThan(1.3);
        assertThat(outcome.computedAtFirstLook()).isBetween(0.75, 0.98);
        assertThat(outcome.firstLook()).isBetween(Duration.ofMillis(1500), Duration.ofMillis(3500));
    }

    @Test
    void atALongPollTheFirstLookComesSoonAfterTheChangeSetIsReady() {
        Outcome outcome = simulate(Duration.ofSeconds(5), 300);

        assertThat(outcome.firstLook()).as("instead of the 5 s poll").isLessThan(Duration.ofMillis(3500));
        assertThat(outcome.looksPerChangeSet()).isLessThan(1.3);
    }

    @Test
    void aLookBeforeTheFirstLookTimeTeachesNothing() {
        TestClock clock = new TestClock();
        ChangeSetTiming timing = new ChangeSetTiming(Duration.ofSeconds(5), STABLE, clock);
        Instant created = clock.instant();
        clock.set(created.plusSeconds(1)); // woken by a dependency's change, long before the first look

        timing.looked("cs", created, false);

        assertThat(timing.firstLook()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theFirstLookStaysWithinAQuarterSecondAndTheStablePoll() {
        TestClock clock = new TestClock();
        ChangeSetTiming timing = new ChangeSetTiming(Duration.ofSeconds(1), Duration.ofSeconds(10), clock);
        for (int i = 0; i < 200; i++) {
            Instant created = clock.instant();
            clock.set(created.plus(timing.firstLook()));
            timing.looked("cs", created, false); // never computed in time
        }
        assertThat(timing.firstLook()).isEqualTo(Duration.ofSeconds(10));
        for (int i = 0; i < 500; i++) {
            timing.looked("cs", clock.instant(), true); // always computed at once
        }
        assertThat(timing.firstLook()).isEqualTo(Duration.ofMillis(250));
    }

    /** Change sets one after another, each looked at first when the timing says, then every in-progress poll. */
    private static Outcome simulate(Duration inProgress, int changeSets) {
        TestClock clock = new TestClock();
        ChangeSetTiming timing = new ChangeSetTiming(inProgress, STABLE, clock);
        Random random = new Random(7);
        int looks = 0;
        int computedFirst = 0;
        int counted = 0;
        for (int i = 0; i < changeSets; i++) {
            Instant created = clock.instant();
            Instant computedAt = created.plusMillis(1500 + random.nextInt(1000));
            clock.set(created.plus(timing.firstLook()));
            boolean learnt = i >= changeSets / 3; // count once the timing has settled
            boolean first = true;
            while (true) {
                boolean computed = !clock.instant().isBefore(computedAt);
                if (learnt) {
                    looks++;
                    computedFirst += first && computed ? 1 : 0;
                }
                Duration again = timing.looked("cs", created, computed);
                if (computed) {
                    break;
                }
                first = false;
                clock.set(clock.instant().plus(again));
            }
            counted += learnt ? 1 : 0;
        }
        return new Outcome((double) looks / counted, (double) computedFirst / counted, timing.firstLook());
    }
}
