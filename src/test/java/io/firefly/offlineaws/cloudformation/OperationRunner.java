package io.firefly.offlineaws.cloudformation;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs stack operations and change set computations in the background, as AWS does: never on the
 * request thread. An operation advances one {@link Step} per resource step delay; the engine lock is
 * held while state changes, never while a resource call runs.
 */
final class OperationRunner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OperationRunner.class.getName());
    private static final int THREADS = 4;

    private final Object lock;
    private final Duration stepDelay;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "offline-cloudformation");
        t.setDaemon(true);
        return t;
    });

    OperationRunner(Object lock, Duration stepDelay) {
        this.lock = lock;
        this.stepDelay = stepDelay;
    }

    void start(StackOperation operation) {
        executor.execute(() -> advance(operation));
    }

    /** Runs a state change under the engine lock after a delay. */
    void later(Duration delay, Runnable change) {
        executor.schedule(() -> guarded(() -> {
            synchronized (lock) {
                change.run();
            }
        }), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs work off the engine lock after a delay, then hands its result to {@code finish} under the lock. */
    <T> void later(Duration delay, Supplier<T> work, Consumer<T> finish) {
        executor.schedule(() -> guarded(() -> {
            T result = work.get();
            synchronized (lock) {
                finish.accept(result);
            }
        }), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void advance(StackOperation operation) {
        guarded(() -> {
            Step step;
            synchronized (lock) {
                step = operation.next();
            }
            if (step == null) {
                return;
            }
            Step.Result result = step.work().get();
            executor.schedule(() -> guarded(() -> {
                synchronized (lock) {
                    step.finish().accept(result);
                }
                advance(operation);
            }), stepDelay.toNanos(), TimeUnit.NANOSECONDS);
        });
    }

    /** An error here would otherwise vanish inside the executor and leave a stack in progress forever. */
    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "offline CloudFormation: a stack operation step failed", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
