package io.firefly.offlineaws.events;

import io.firefly.offlineaws.sqs.Queue;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How every account's event bus hands an event to a target queue: through the one set of
 * {@link EventDeliveryFaults}, so that a test switches drops, duplicates and reordering on for every account
 * at once, and with one thread for the deliveries a fault delays.
 */
public final class EventDelivery implements AutoCloseable {

    private final EventDeliveryFaults faults = new EventDeliveryFaults();
    private final ScheduledExecutorService delayed = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "offline-aws-events");
        t.setDaemon(true);
        return t;
    });

    public EventDeliveryFaults faults() {
        return faults;
    }

    /** Sends the event's JSON to the queue: not at all, once or twice, at once or later, as the faults say. */
    void deliver(Queue queue, String body) {
        if (faults.dropNext()) {
            return;
        }
        for (int copy = faults.copiesOfNext(); copy > 0; copy--) {
            Duration delay = faults.delayOfNext();
            if (delay.isZero()) {
                queue.send(body);
            } else {
                delayed.schedule(() -> queue.send(body), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void close() {
        delayed.shutdownNow();
    }
}
