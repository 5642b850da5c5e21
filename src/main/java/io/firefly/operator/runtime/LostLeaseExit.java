package io.firefly.operator.runtime;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/**
 * Ends the process when this replica loses the Lease to another one, and only then.
 *
 * <p>Java Operator SDK 5.1 would call {@code System.exit} itself whenever leadership stops, including
 * when it stops because the operator is shutting down: on {@code SIGTERM} that call runs inside
 * Quarkus's shutdown hook, waits for the JVM's shutdown lock the hook already holds, and the process
 * never ends until the kubelet kills it at the end of the grace period. So the SDK is told not to exit
 * (see {@link LeaderElectionProducer}) and this class tells the two cases apart: during a shutdown,
 * losing leadership is expected and nothing more is done; otherwise another replica holds the Lease,
 * and this one stops reconciling and exits at once through Quarkus's ordinary shutdown (the operator
 * and its controllers stopped first), with status 1 so that Kubernetes restarts it as a follower.
 */
@Singleton
public class LostLeaseExit {
    /** The status of a process that lost the Lease: a failure, so that the pod's restart is visible. */
    public static final int EXIT_STATUS = 1;

    private static final Logger LOG = Logger.getLogger(LostLeaseExit.class);

    private final IntConsumer exit;
    private volatile boolean shuttingDown;

    public LostLeaseExit() {
        // Quarkus.asyncExit only asks the main thread to stop the application and returns: the
        // leader-election thread that calls it is never the one waiting for the shutdown.
        this(Quarkus::asyncExit);
    }

    LostLeaseExit(IntConsumer exit) {
        this.exit = exit;
    }

    /**
     * Runs before quarkus-operator-sdk stops the operator (its observer has the default priority), and so
     * before the leader election is cancelled and reports that leadership stopped.
     */
    void shuttingDown(@Observes @Priority(1) ShutdownEvent event) {
        shuttingDown = true;
    }

    /**
     * What Java Operator SDK calls besides its own callbacks.
     *
     * @param release hands the Lease over when leadership ends with the shutdown
     */
    public LeaderCallbacks callbacks(Runnable release) {
        return new LeaderCallbacks(() -> {
        }, () -> stoppedLeading(release), newLeader -> {
        });
    }

    void stoppedLeading(Runnable release) {
        if (shuttingDown) {
            LOG.debug("Leadership ended with the shutdown");
            release.run();
            return;
        }
        LOG.errorf("Lost the Lease %s to another replica: stopping reconciliation and exiting with status %d,"
                + " to come back as a follower", LeaderElectionProducer.LEASE_NAME, EXIT_STATUS);
        exit.accept(EXIT_STATUS);
    }
}
