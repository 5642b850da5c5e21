package io.firefly.operator.port;

import java.time.Instant;

/**
 * A CloudFormation drift detection as DescribeStackDriftDetectionStatus reports it.
 *
 * @param stackDriftStatus DRIFTED, IN_SYNC, UNKNOWN or NOT_CHECKED; null while the detection runs
 */
public record DriftDetection(Progress progress, String stackDriftStatus, String reason, Instant finishedAt) {

    public enum Progress {
        IN_PROGRESS, COMPLETE, FAILED, UNKNOWN;

        /** CloudFormation's DetectionStatus: DETECTION_IN_PROGRESS, DETECTION_COMPLETE, DETECTION_FAILED. */
        public static Progress of(String detectionStatus) {
            if (detectionStatus == null) {
                return UNKNOWN;
            }
            return switch (detectionStatus) {
                case "DETECTION_IN_PROGRESS" -> IN_PROGRESS;
                case "DETECTION_COMPLETE" -> COMPLETE;
                case "DETECTION_FAILED" -> FAILED;
                default -> UNKNOWN;
            };
        }
    }
}
