package io.firefly.soak;

import io.firefly.demo.OperatorProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Two replicas of the packaged operator sharing one Lease, as the Helm chart runs them. A replica is
 * SIGKILLed (a node failure or an OOM kill: its container restarts in the same pod, with the same
 * identity) or SIGTERMed (a pod stop in a rollout: a new pod with a new name replaces it), and comes
 * back after a moment while the other one leads or takes over. A replica that ends by itself is
 * restarted, as the kubelet restarts a container.
 */
final class Replicas implements AutoCloseable {
    /** The default terminationGracePeriodSeconds of a pod: after it the kubelet sends SIGKILL. */
    static final Duration GRACE = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 5;

    /** How one SIGTERM ended. */
    record TermExit(String pod, Duration took, boolean withinGrace) {
    }

    private final Path kubeconfig;
    private final URI aws;
    private final Path workDir;
    private final OperatorProcess[] running = new OperatorProcess[2];
    private final String[] pods = {"firefly-operator-a", "firefly-operator-b"};
    private final int[] podGenerations = new int[2];
    private final List<TermExit> termExits = new ArrayList<>();
    private final List<CompletableFuture<Void>> restarts = new ArrayList<>();
    private final ExecutorService starter = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "soak-replica-start");
        thread.setDaemon(true);
        return thread;
    });

    Replicas(Path kubeconfig, URI aws, Path workDir) {
        this.kubeconfig = kubeconfig;
        this.aws = aws;
        this.workDir = workDir;
    }

    /** Starts both replicas side by side and waits until both are ready. */
    void start() {
        CompletableFuture.allOf(restartLater(0, Duration.ZERO), restartLater(1, Duration.ZERO)).join();
    }

    /** SIGKILLs one of the running replicas (false when both are restarting); the same pod starts it again after {@code down}. */
    synchronized boolean kill(Random random, Duration down) {
        int slot = runningSlot(random);
        if (slot < 0) {
            return false;
        }
        OperatorProcess replica = running[slot];
        running[slot] = null;
        replica.kill();
        restarts.add(restartLater(slot, down));
        return true;
    }

    /**
     * SIGTERMs one of the running replicas (false when both are restarting) and records how long it took
     * to end; a new pod replaces it after {@code down}.
     */
    boolean terminate(Random random, Duration down) {
        int slot;
        OperatorProcess replica;
        String pod;
        synchronized (this) {
            slot = runningSlot(random);
            if (slot < 0) {
                return false;
            }
            replica = running[slot];
            pod = pods[slot];
            running[slot] = null;
        }
        long started = System.nanoTime();
        boolean ended = replica.terminate(GRACE);
        synchronized (this) {
            termExits.add(new TermExit(pod, Duration.ofNanos(System.nanoTime() - started), ended));
            pods[slot] = (slot == 0 ? "firefly-operator-a-" : "firefly-operator-b-") + (++podGenerations[slot]);
            restarts.add(restartLater(slot, down));
        }
        return true;
    }

    /** A slot whose replica runs, drawn at random; -1 when both are restarting. */
    private int runningSlot(Random random) {
        int first = random.nextInt(2);
        return running[first] != null ? first : running[1 - first] != null ? 1 - first : -1;
    }

    /** Waits for every pending restart, so that both replicas run. */
    void awaitBoth() {
        do {
            List<CompletableFuture<Void>> pending;
            synchronized (this) {
                pending = List.copyOf(restarts);
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        } while (restartExited() > 0);
    }

    synchronized List<TermExit> termExits() {
        return List.copyOf(termExits);
    }

    /**
     * Restarts, as the kubelet does, a replica that ended by itself (one that lost the Lease exits with
     * status 1 to come back as a follower); returns how many it found.
     */
    synchronized int restartExited() {
        int exited = 0;
        for (int slot = 0; slot < 2; slot++) {
            if (running[slot] != null && !running[slot].isAlive()) {
                running[slot] = null;
                restarts.add(restartLater(slot, Duration.ofSeconds(1)));
                exited++;
            }
        }
        return exited;
    }

    /** Starts the slot's pod after {@code down}; a start that fails (exits, or is not ready in time) is tried again. */
    private CompletableFuture<Void> restartLater(int slot, Duration down) {
        return CompletableFuture.runAsync(() -> {
            pause(down);
            for (int attempt = 1; ; attempt++) {
                String pod;
                synchronized (this) {
                    pod = pods[slot];
                }
                try {
                    // The kubelet sets HOSTNAME to the pod name: the replica's identity in the Lease.
                    OperatorProcess replica = OperatorProcess.start(kubeconfig, aws,
                            workDir.resolve("operator-" + (slot == 0 ? "a" : "b") + ".log"), Map.of("HOSTNAME", pod));
                    synchronized (this) {
                        running[slot] = replica;
                    }
                    return;
                } catch (RuntimeException failedStart) {
                    if (attempt == START_ATTEMPTS) {
                        throw failedStart;
                    }
                    pause(Duration.ofSeconds(attempt));
                }
            }
        }, starter);
    }

    /** The time a killed pod stays down: a schedule, not a wait for a condition. */
    private static void pause(Duration down) {
        try {
            Thread.sleep(down.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        starter.shutdown();
        try {
            starter.awaitTermination(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            for (OperatorProcess replica : running) {
                if (replica != null) {
                    replica.close();
                }
            }
        }
    }
}
