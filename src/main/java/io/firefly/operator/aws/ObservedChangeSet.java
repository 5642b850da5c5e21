package io.firefly.operator.aws;

import java.util.Locale;

/** A change set as DescribeChangeSet saw it. */
public record ObservedChangeSet(String name, String type, String status, String executionStatus, String statusReason) {

    public boolean isPending() {
        return "CREATE_PENDING".equals(status) || "CREATE_IN_PROGRESS".equals(status);
    }

    public boolean isExecutable() {
        return "CREATE_COMPLETE".equals(status) && "AVAILABLE".equals(executionStatus);
    }

    public boolean isFailed() {
        return "FAILED".equals(status);
    }

    /** CloudFormation reports "nothing to change" as a FAILED change set; the seeds' deploys count it as success. */
    public boolean isEmpty() {
        return isFailed() && isNoChangesReason(statusReason);
    }

    public static boolean isNoChangesReason(String reason) {
        if (reason == null) {
            return false;
        }
        String text = reason.toLowerCase(Locale.ROOT);
        return text.contains("didn't contain changes") || text.contains("no updates are to be performed");
    }
}
