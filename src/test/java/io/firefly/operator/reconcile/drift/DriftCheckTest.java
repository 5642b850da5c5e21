package io.firefly.operator.reconcile.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.DriftStatus;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import io.firefly.operator.api.FireflyStackStatus;
import io.firefly.operator.port.AwsFailure;
import io.firefly.operator.port.DriftDetection;
import io.firefly.operator.port.FakeAws;
import io.firefly.operator.reconcile.inputs.DesiredStack;
import io.firefly.operator.reconcile.status.StatusReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Resource drift of a Ready stack: one step per reconcile, reported, never making the stack un-Ready. */
class DriftCheckTest {
    /** Two hours after the stack became Ready (now): its first check is due. */
    private static final Instant NOW = Instant.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private static final Duration INTERVAL = Duration.ofHours(1);

    private final FakeAws aws = new FakeAws();
    private final FireflyStack resource = resource();
    private final DesiredStack desired = new DesiredStack("users", FakeAws.REGION, "Resources: {}", null, Map.of(),
            List.of(), Map.of(), null);

    @Test
    void aStackNeverCheckedStartsADetectionAndLooksAgainSoon() {
        StatusReport report = readyReport();

        Optional<Duration> next = check(INTERVAL).step(resource, desired, report);

        assertThat(aws.calls()).containsExactly("DetectStackDrift users");
        assertThat(resource.getStatus().getDrift().detectionId()).isEqualTo("detection-users");
        assertThat(next).contains(Duration.ofSeconds(5));
        assertThat(resource.getStatus().isTrue(ConditionType.Ready)).isTrue();
    }

    @Test
    void aRunningDetectionIsOnlyAskedAbout() {
        resource.getStatus().setDrift(new DriftStatus(null, null, "detection-users", null, List.of()));

        Optional<Duration> next = check(INTERVAL).step(resource, desired, readyReport());

        assertThat(aws.calls()).containsExactly("DescribeStackDriftDetectionStatus detection-users");
        assertThat(next).contains(Duration.ofSeconds(5));
    }

    @Test
    void aDriftedTableIsNamedWithItsPropertyAndTheStackStaysReady() {
        resource.getStatus().setDrift(new DriftStatus(null, null, "detection-users", null, List.of()));
        aws.putDetection("detection-users", new DriftDetection(DriftDetection.Progress.COMPLETE, "DRIFTED", null, NOW));
        aws.putDrift(new DriftStatus.ResourceDrift("UsersTable", "users-table", "AWS::DynamoDB::Table", "MODIFIED",
                List.of(new DriftStatus.PropertyDrift("/TimeToLiveSpecification/Enabled", "true", "false", "NOT_EQUAL"))));
        StatusReport report = readyReport();

        check(INTERVAL).step(resource, desired, report);

        assertThat(aws.calls()).containsExactly("DescribeStackDriftDetectionStatus detection-users", "DescribeStackResourceDrifts users");
        assertThat(resource.getStatus().isTrue(ConditionType.Drifted)).isTrue();
        assertThat(resource.getStatus().isTrue(ConditionType.Ready)).as("drift is reported, not a failure").isTrue();
        assertThat(resource.getStatus().condition(ConditionType.Drifted).orElseThrow().getMessage())
                .contains("UsersTable (AWS::DynamoDB::Table, users-table) MODIFIED: /TimeToLiveSpecification/Enabled is false, the template says true");
        assertThat(resource.getStatus().getDrift().detectionId()).isNull();
        assertThat(resource.getStatus().getDrift().checkedAt()).isEqualTo(NOW.toString());
        assertThat(report.events()).extracting(StatusReport.Event::reason).containsExactly("ResourcesDrifted");
    }

    @Test
    void anInSyncStackClearsTheDriftedCondition() {
        resource.getStatus().setDrift(new DriftStatus(null, "DRIFTED", "detection-users", null, List.of()));
        aws.putDetection("detection-users", new DriftDetection(DriftDetection.Progress.COMPLETE, "IN_SYNC", null, NOW));
        StatusReport report = readyReport();
        report.drifted(true, "was drifted");

        check(INTERVAL).step(resource, desired, report);

        assertThat(aws.calls()).containsExactly("DescribeStackDriftDetectionStatus detection-users");
        assertThat(resource.getStatus().condition(ConditionType.Drifted).orElseThrow().getStatus()).isEqualTo("False");
        assertThat(resource.getStatus().getDrift().resources()).isEmpty();
    }

    @Test
    void aRecentCheckWaitsForTheStacksNextMoment() {
        resource.getStatus().setDrift(new DriftStatus(NOW.toString(), "IN_SYNC", null, null, List.of()));

        Optional<Duration> next = check(INTERVAL).step(resource, desired, readyReport());

        assertThat(aws.calls()).isEmpty();
        assertThat(next).isEmpty();
    }

    @Test
    void aStackJustReadyWaitsForItsMomentInsteadOfJoiningEveryOtherAtOnce() {
        DriftCheck soon = new DriftCheck(aws, INTERVAL, Duration.ofSeconds(5), Clock.systemUTC());

        soon.step(resource, desired, readyReport());

        assertThat(aws.calls()).as("became Ready a moment ago: the first check comes at its own moment").isEmpty();
    }

    @Test
    void anIntervalOfZeroTurnsDetectionOff() {
        assertThat(check(Duration.ZERO).step(resource, desired, readyReport())).isEmpty();
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void aRefusedDetectionIsReportedAndTheStackStaysReady() {
        aws.fail("DetectStackDrift", new AwsFailure.Refused("ValidationError", null, "Stack is in UPDATE_IN_PROGRESS", null));

        check(INTERVAL).step(resource, desired, readyReport());

        assertThat(resource.getStatus().getDrift().stackDriftStatus()).isEqualTo("UNKNOWN");
        assertThat(resource.getStatus().getDrift().reason()).contains("UPDATE_IN_PROGRESS");
        assertThat(resource.getStatus().isTrue(ConditionType.Ready)).isTrue();
    }

    @Test
    void checksOfManyStacksAreSpreadOverTheInterval() {
        DriftSchedule schedule = new DriftSchedule(INTERVAL);
        Instant lastDone = NOW.minus(INTERVAL);
        long dueWithinTenMinutes = java.util.stream.IntStream.range(0, 1000)
                .filter(i -> schedule.isDue("uid-" + i, lastDone, lastDone.plus(Duration.ofMinutes(10))))
                .count();
        assertThat(dueWithinTenMinutes).as("about a sixth of the stacks in the first sixth of the interval").isBetween(100L, 240L);
        assertThat(java.util.stream.IntStream.range(0, 1000)
                .allMatch(i -> schedule.isDue("uid-" + i, lastDone, lastDone.plus(INTERVAL)))).isTrue();
    }

    private DriftCheck check(Duration interval) {
        return new DriftCheck(aws, interval, Duration.ofSeconds(5), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private StatusReport readyReport() {
        StatusReport report = new StatusReport(resource);
        report.ready("stack users is CREATE_COMPLETE and matches the spec");
        return report;
    }

    private static FireflyStack resource() {
        FireflyStack resource = new FireflyStack();
        resource.setMetadata(new ObjectMetaBuilder().withNamespace("team").withName("users").withUid("uid-users")
                .withGeneration(1L).build());
        FireflyStackSpec spec = new FireflyStackSpec();
        spec.setStackName("users");
        resource.setSpec(spec);
        resource.setStatus(new FireflyStackStatus());
        return resource;
    }
}
