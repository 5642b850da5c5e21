package io.firefly.offlineaws.cloudformation;

import java.time.Instant;

/**
 * A drift detection as DescribeStackDriftDetectionStatus shows it.
 *
 * @param stackDriftStatus DRIFTED, IN_SYNC or UNKNOWN once the detection has ended; null while it runs
 * @param detectionStatus  DETECTION_IN_PROGRESS, DETECTION_COMPLETE or DETECTION_FAILED
 * @param reason           why the detection failed; null otherwise
 * @param driftedCount     resources found MODIFIED or DELETED; null while the detection runs
 * @param timestamp        when the detection was started
 */
public record DriftDetectionStatus(String stackId, String detectionId, String stackDriftStatus, String detectionStatus,
                                   String reason, Integer driftedCount, Instant timestamp) {
}
