package io.firefly.operator.reconcile.drift;

import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.DriftStatus;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.port.AwsFailure;
import io.firefly.operator.port.AwsPort;
import io.firefly.operator.port.DriftDetection;
import io.firefly.operator.reconcile.inputs.DesiredStack;
import io.firefly.operator.reconcile.status.StatusReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Resource-level drift of a Ready stack, found by CloudFormation drift detection (AWS CloudFormation User
 * Guide, "Detect unmanaged configuration changes to stacks and resources"): one step per reconcile, never
 * waiting. DetectStackDrift when due, DescribeStackDriftDetectionStatus on later reconciles while it runs,
 * DescribeStackResourceDrifts only when the stack drifted. The result is the Drifted condition and
 * status.drift; drift never makes the stack un-Ready, and a failed detection is reported, not retried early.
 */
public final class DriftCheck {
    private static final Logger LOG = Logger.getLogger(DriftCheck.class);

    private final AwsPort aws;
    private final DriftSchedule schedule;
    private final Duration inProgress;
    private final Clock clock;

    public DriftCheck(AwsPort aws, Duration interval, Duration inProgress, Clock clock) {
        this.aws = aws;
        this.schedule = new DriftSchedule(interval);
        this.inProgress = inProgress;
        this.clock = clock;
    }

    /** @return how soon to look again while a detection runs; empty when nothing is under way */
    public Optional<Duration> step(FireflyStack resource, DesiredStack desired, StatusReport report) {
        if (schedule.isOff()) {
            return Optional.empty();
        }
        DriftStatus last = report.status().getDrift();
        try {
            if (last != null && last.detectionId() != null) {
                return follow(desired, report, last);
            }
            if (schedule.isDue(resource.getMetadata().getUid(), lastDone(last, report), clock.instant())) {
                String id = aws.detectDrift(desired.region(), desired.stackName());
                report.status().setDrift(new DriftStatus(last == null ? null : last.checkedAt(),
                        last == null ? null : last.stackDriftStatus(), id, null, last == null ? List.of() : last.resources()));
                return Optional.of(inProgress);
            }
        } catch (AwsFailure e) {
            // Drift is a report: a detection AWS refuses or throttles waits for its next moment, Ready stays.
            LOG.infof("drift detection of stack %s could not run: %s", desired.stackName(), e.getMessage());
            report.status().setDrift(new DriftStatus(clock.instant().toString(), "UNKNOWN", null,
                    "drift detection could not run: " + e.getMessage(), last == null ? List.of() : last.resources()));
        }
        return Optional.empty();
    }

    private Optional<Duration> follow(DesiredStack desired, StatusReport report, DriftStatus last) {
        DriftDetection detection = aws.driftDetection(desired.region(), last.detectionId());
        String finishedAt = Optional.ofNullable(detection.finishedAt()).orElse(clock.instant()).toString();
        switch (detection.progress()) {
            case IN_PROGRESS -> {
                return Optional.of(inProgress);
            }
            case COMPLETE -> {
                boolean drifted = "DRIFTED".equals(detection.stackDriftStatus());
                boolean wasDrifted = report.status().isTrue(ConditionType.Drifted);
                List<DriftStatus.ResourceDrift> resources = drifted
                        ? aws.resourceDrifts(desired.region(), desired.stackName()) : List.of();
                report.status().setDrift(new DriftStatus(finishedAt, detection.stackDriftStatus(), null, null, resources));
                if (drifted) {
                    String what = describe(resources);
                    if (!wasDrifted || !what.equals(describe(last.resources()))) {
                        report.event(true, "ResourcesDrifted", "stack " + desired.stackName() + ": " + what);
                    }
                    report.drifted(true, "resources of stack " + desired.stackName() + " differ from the template: " + what
                            + ". CloudFormation does not undo this by itself: set them back in AWS (docs/drift.md says how for tables).");
                } else {
                    report.drifted(false, "drift detection found stack " + desired.stackName() + " "
                            + detection.stackDriftStatus() + " at " + finishedAt);
                }
            }
            case FAILED, UNKNOWN -> report.status().setDrift(new DriftStatus(finishedAt, "UNKNOWN", null,
                    "drift detection " + detection.progress() + ": " + detection.reason(), last.resources()));
        }
        return Optional.empty();
    }

    private static Instant lastDone(DriftStatus last, StatusReport report) {
        if (last != null && last.checkedAt() != null) {
            return Instant.parse(last.checkedAt());
        }
        // never checked: the first check comes at the stack's own moment after it became Ready
        return report.status().condition(ConditionType.Ready)
                .map(c -> c.getLastTransitionTime() == null ? null : Instant.parse(c.getLastTransitionTime()))
                .orElse(null);
    }

    private static String describe(List<DriftStatus.ResourceDrift> resources) {
        if (resources == null || resources.isEmpty()) {
            return "none";
        }
        return resources.stream().map(r -> r.logicalId() + " (" + r.resourceType() + ", " + r.physicalId() + ") "
                        + r.driftStatus() + (r.properties() == null || r.properties().isEmpty() ? "" : ": "
                        + r.properties().stream().map(p -> p.path() + " is " + p.actual() + ", the template says " + p.expected())
                        .collect(Collectors.joining(", "))))
                .collect(Collectors.joining("; "));
    }
}
