package io.firefly.offlineaws.cloudformation;

import io.firefly.offlineaws.resources.Provisioned;
import io.firefly.offlineaws.resources.ResourceFailure;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One step of a stack operation, lasting one resource step delay. The operation has already announced it
 * (an *_IN_PROGRESS event); {@code work} then runs off the engine lock (the real resource call), and
 * {@code finish} records its result under the lock when the step's time is up.
 */
record Step(Supplier<Result> work, Consumer<Result> finish) {

    /**
     * What the work of a step came to.
     *
     * @param resource      what now exists, or null when the step made nothing (a delete, a status change)
     * @param failureReason why the work failed; null when it succeeded
     */
    record Result(Provisioned resource, String failureReason) {

        static Result done(Provisioned resource) {
            return new Result(resource, null);
        }

        static Result failed(String reason) {
            return new Result(null, reason);
        }

        boolean failed() {
            return failureReason != null;
        }
    }

    static final Result NOTHING = Result.done(null);

    /** A step that only lets a status be seen for its duration. */
    static Step pause() {
        return new Step(() -> NOTHING, result -> {
        });
    }

    static Step failing(String reason, Consumer<Result> finish) {
        return new Step(() -> Result.failed(reason), finish);
    }

    /** Runs a resource call; its {@link ResourceFailure} (or any other error) becomes a failed result. */
    static Result attempt(Supplier<Provisioned> call) {
        try {
            return Result.done(call.get());
        } catch (ResourceFailure e) {
            return Result.failed(e.getMessage());
        } catch (RuntimeException e) {
            return Result.failed("Internal Failure: " + e.getMessage());
        }
    }

    static Result attempt(Runnable call) {
        return attempt(() -> {
            call.run();
            return null;
        });
    }
}
