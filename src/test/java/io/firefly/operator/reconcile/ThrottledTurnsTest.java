package io.firefly.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.firefly.operator.TestClock;
import io.firefly.operator.port.AwsIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/**
 * Stacks AWS throttled take turns: simulated against a token bucket as AWS meters calls, hundreds of stacks get
 * through in about the time the rate allows, the first throttled first; and the line's rules one by one.
 */
class ThrottledTurnsTest {
    private static final Duration LONGEST = Duration.ofSeconds(20);
    private static final ThrottledTurns.LineKey CREATE = new ThrottledTurns.LineKey(AwsIdentity.OPERATOR, "us-east-1", "CreateChangeSet");
    private static final ThrottledTurns.LineKey DESCRIBE = new ThrottledTurns.LineKey(AwsIdentity.OPERATOR, "us-east-1", "DescribeStacks");

    /** A clock the test moves. */
    private final TestClock clock = new TestClock();
    private final ThrottledTurns turns = new ThrottledTurns(LONGEST, clock);

    @Test
    void twoHundredStacksAtTwoCallsASecondGetThroughInAboutTheHundredSecondsTheRateAllows() {
        Simulation run = simulate(200, 2.0);

        // 200 calls at 2 a second take 99 s after the first second's burst: the line wastes little of the quota
        assertThat(run.lastThrough()).isLessThan(Duration.ofSeconds(110));
        // and asks for it a few times per call, not dozens
        assertThat(run.attempts()).isLessThan(200 * 10);
        // the stacks throttled first go through first, near enough: the first half of the line before the last tenth
        assertThat(run.order().subList(0, 100)).doesNotContainAnyElementsOf(List.of("stack-199", "stack-198", "stack-190"));
    }

    @Test
    void aLineFollowsTheRateAtWhichItsStacksGetThrough() {
        for (int i = 0; i < 20; i++) {
            turns.throttled(CREATE, "waiting-" + i);
        }
        // two stacks a second get through for ten seconds
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofMillis(500));
            turns.through("waiting-" + i);
        }
        for (int i = 20; i < 40; i++) {
            turns.throttled(CREATE, "waiting-" + i);
        }

        // the line calls at twice that: the first in line again in a quarter of a second, the tenth in 2.5 s
        assertThat(turns.placeOf(CREATE, "waiting-20")).isEqualTo(1);
        assertThat(turns.throttled(CREATE, "waiting-20")).isBetween(Duration.ofMillis(200), Duration.ofMillis(300));
        assertThat(turns.throttled(CREATE, "waiting-29")).isBetween(Duration.ofMillis(2100), Duration.ofMillis(2900));
    }

    @Test
    void aLineThatNobodyGetsThroughCallsLessAndLessOften() {
        Duration first = turns.throttled(CREATE, "stuck");
        clock.advance(Duration.ofSeconds(5));
        Duration afterFive = turns.throttled(CREATE, "stuck");
        clock.advance(Duration.ofSeconds(15));
        Duration afterTwenty = turns.throttled(CREATE, "stuck");
        Duration afterSixtyFive = Duration.ZERO;
        for (int i = 0; i < 3; i++) { // asking every 15 s, as a stack that waits up to 20 s does
            clock.advance(Duration.ofSeconds(15));
            afterSixtyFive = turns.throttled(CREATE, "stuck");
        }

        // another client spends the account's quota: no stack of the line got through for 5 s, 20 s, then 65 s
        assertThat(List.of(first, afterFive)).as("a young line is not slowed yet")
                .allSatisfy(wait -> assertThat(wait).isLessThan(Duration.ofMillis(600)));
        assertThat(afterTwenty).isBetween(Duration.ofMillis(4200), Duration.ofMillis(5800));
        assertThat(afterSixtyFive).as("27.5 s less jitter, above the longest wait").isEqualTo(LONGEST);
    }

    @Test
    void noStackWaitsLongerThanTheLongestWaitHoweverLongTheLine() {
        Duration last = Duration.ZERO;
        for (int i = 0; i < 500; i++) {
            last = turns.throttled(CREATE, "stack-" + i);
        }

        assertThat(turns.placeOf(CREATE, "stack-499")).isEqualTo(500);
        assertThat(last).isEqualTo(LONGEST);
    }

    @Test
    void eachOperationHasItsOwnLineAndAStackThrottledOnAnotherLeavesTheFirst() {
        turns.throttled(CREATE, "table");
        turns.throttled(CREATE, "function");
        turns.throttled(DESCRIBE, "other");

        assertThat(turns.placeOf(DESCRIBE, "other")).isEqualTo(1);
        assertThat(turns.placeOf(CREATE, "function")).isEqualTo(2);

        // the table's CreateChangeSet went through; now its next call is throttled
        turns.throttled(DESCRIBE, "table");

        assertThat(turns.placeOf(CREATE, "table")).isZero();
        assertThat(turns.placeOf(CREATE, "function")).isEqualTo(1);
        assertThat(turns.placeOf(DESCRIBE, "table")).isEqualTo(2);
    }

    @Test
    void aStackOutsideALineWithStacksInItWouldGoAheadOfThemAStackInItWouldNot() {
        assertThat(turns.othersWaiting(CREATE, "newcomer")).as("no line yet").isFalse();
        turns.throttled(CREATE, "waiting");

        assertThat(turns.othersWaiting(CREATE, "newcomer")).isTrue();
        assertThat(turns.othersWaiting(CREATE, "waiting")).as("its own turn").isFalse();
        assertThat(turns.othersWaiting(DESCRIBE, "newcomer")).as("another operation's line").isFalse();

        turns.through("waiting");
        assertThat(turns.othersWaiting(CREATE, "newcomer")).as("the line emptied").isFalse();
        turns.throttled(CREATE, "silent");
        clock.advance(LONGEST.multipliedBy(2).plusSeconds(1));
        assertThat(turns.othersWaiting(CREATE, "newcomer")).as("nobody left but a stack gone silent").isFalse();
    }

    @Test
    void aStackThatWentThroughOrFellSilentNoLongerHoldsAPlace() {
        turns.throttled(CREATE, "through");
        turns.throttled(CREATE, "silent");
        turns.throttled(CREATE, "waiting");

        turns.through("through");
        clock.advance(LONGEST.multipliedBy(2).plusSeconds(1));
        turns.throttled(CREATE, "waiting");

        assertThat(turns.placeOf(CREATE, "through")).isZero();
        assertThat(turns.placeOf(CREATE, "silent")).isZero();
        assertThat(turns.placeOf(CREATE, "waiting")).isEqualTo(1);
    }

    private record Simulation(Duration lastThrough, int attempts, List<String> order) {
    }

    /**
     * {@code stacks} stacks each need one call; AWS lets {@code rate} a second through from a bucket holding one
     * second's worth, refusing the rest without taking a token. A refused stack calls again when its turn says.
     */
    private Simulation simulate(int stacks, double rate) {
        record Call(Instant at, String uid) {
        }
        Instant start = clock.instant();
        PriorityQueue<Call> due = new PriorityQueue<>(java.util.Comparator.comparing(Call::at));
        for (int i = 0; i < stacks; i++) {
            due.add(new Call(start.plusMillis(i), "stack-" + i)); // applied at once, reconciled in quick succession
        }
        double tokens = rate;
        Instant refilled = start;
        int attempts = 0;
        List<String> order = new ArrayList<>();
        while (!due.isEmpty()) {
            Call call = due.poll();
            clock.set(call.at());
            tokens = Math.min(rate, tokens + Duration.between(refilled, call.at()).toNanos() / 1e9 * rate);
            refilled = call.at();
            attempts++;
            if (tokens >= 1) {
                tokens -= 1;
                turns.through(call.uid());
                order.add(call.uid());
            } else {
                due.add(new Call(call.at().plus(turns.throttled(CREATE, call.uid())), call.uid()));
            }
        }
        return new Simulation(Duration.between(start, clock.instant()), attempts, order);
    }
}
