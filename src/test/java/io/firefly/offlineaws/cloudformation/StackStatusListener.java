package io.firefly.offlineaws.cloudformation;

import java.time.Instant;

/**
 * Told of every stack status change, as CloudFormation tells Amazon EventBridge. Called under the engine's
 * lock, right after the change: it must not block, and must not call the engine.
 */
@FunctionalInterface
public interface StackStatusListener {

    StackStatusListener NONE = change -> {
    };

    /** @param reason the status reason, or null */
    record StackStatusChange(String stackId, String stackName, String status, String reason, Instant at) {
    }

    void changed(StackStatusChange change);
}
