package io.firefly.benchmark;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.demo.OperatorProcess;
import io.firefly.operator.runtime.LeaderElectionProducer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The operator processes of one run, each as one Helm release of the chart runs it. A single operator watches
 * every namespace (the chart's default). Several are shards: each watches one namespace of stacks only (the
 * chart's {@code watchNamespaces}, which sets {@code QUARKUS_OPERATOR_SDK_NAMESPACES}) and runs in a namespace
 * of its own ({@code POD_NAMESPACE}, which the chart takes from the release's namespace), where its
 * leader-election Lease lives: shards that shared a Lease would wait for each other, one reconciling at a time.
 */
final class Operators implements AutoCloseable {
    private static final String ALL_NAMESPACES = "JOSDK_ALL_NAMESPACES";
    private static final Pattern HEAP = Pattern.compile(
            "^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.E+]+)", Pattern.MULTILINE);

    /**
     * @param watches        the namespace its FireflyStacks are in, or {@value #ALL_NAMESPACES}
     * @param leaseNamespace its own namespace, which holds its Lease
     */
    record Shard(String watches, String leaseNamespace) {
        /** For the report. */
        String describeWatches() {
            return ALL_NAMESPACES.equals(watches) ? "all namespaces" : watches;
        }
    }

    private final List<Shard> shards;
    private final List<OperatorProcess> processes;

    private Operators(List<Shard> shards, List<OperatorProcess> processes) {
        this.shards = List.copyOf(shards);
        this.processes = List.copyOf(processes);
    }

    /** One shard for each of the stacks' namespaces when there are several, one operator watching all otherwise. */
    static List<Shard> shards(List<String> stackNamespaces) {
        if (stackNamespaces.size() == 1) {
            return List.of(new Shard(ALL_NAMESPACES, "firefly-operator"));
        }
        List<Shard> shards = new ArrayList<>();
        for (int i = 0; i < stackNamespaces.size(); i++) {
            shards.add(new Shard(stackNamespaces.get(i), "firefly-operator-" + i));
        }
        return shards;
    }

    /**
     * Starts the shards side by side and waits until each is ready and holds its own Lease.
     *
     * @param logPrefix each operator logs to logPrefix-N.log (logPrefix.log for a single one)
     */
    static Operators start(KubernetesClient client, Path kubeconfig, URI awsEndpoint, List<String> stackNamespaces,
                           Map<String, String> environment, List<String> jvmOptions, Path logPrefix) {
        List<Shard> shards = shards(stackNamespaces);
        shards.forEach(shard -> client.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                .withName(shard.leaseNamespace()).endMetadata().build()).create());
        List<CompletableFuture<OperatorProcess>> starting = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            Map<String, String> env = new HashMap<>(environment);
            env.put("QUARKUS_OPERATOR_SDK_NAMESPACES", shards.get(i).watches());
            env.put("POD_NAMESPACE", shards.get(i).leaseNamespace());
            Path log = logPrefix.resolveSibling(logPrefix.getFileName() + (shards.size() == 1 ? "" : "-" + i) + ".log");
            starting.add(CompletableFuture.supplyAsync(() -> OperatorProcess.start(kubeconfig, awsEndpoint, log, env, jvmOptions)));
        }
        List<OperatorProcess> started = new ArrayList<>();
        RuntimeException failed = null;
        for (CompletableFuture<OperatorProcess> process : starting) {
            try {
                started.add(process.join());
            } catch (CompletionException e) {
                failed = e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        Operators operators = new Operators(shards, started);
        if (failed != null) {
            operators.close();
            throw failed;
        }
        try {
            operators.awaitLeases(client);
        } catch (RuntimeException notLeading) {
            operators.close();
            throw notLeading;
        }
        return operators;
    }

    /** Each shard holds the Lease of its own namespace: none waits for another to reconcile. */
    private void awaitLeases(KubernetesClient client) {
        for (Shard shard : shards) {
            Awaitility.await("the operator watching " + shard.describeWatches() + " holds the Lease in " + shard.leaseNamespace())
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> holder(client, shard) != null);
        }
    }

    private static String holder(KubernetesClient client, Shard shard) {
        Lease lease = client.leases().inNamespace(shard.leaseNamespace()).withName(LeaderElectionProducer.LEASE_NAME).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    /** Which operator process has ended, with its log, if one has: the run cannot go on without it. */
    Optional<String> ended() {
        return processes.stream().filter(p -> !p.isAlive()).findFirst()
                .map(p -> "the operator process has ended; see " + p.log());
    }

    List<Shard> shards() {
        return shards;
    }

    /** Each operator's CPU time so far (user + system), in the order of {@link #shards()}. */
    List<Duration> cpuTimes() {
        return processes.stream().map(p -> LimitMeasures.cpuTime(p.pid())).toList();
    }

    /** Each operator's VmRSS (resident now) or VmHWM (its peak), bytes; -1 where /proc is missing. */
    List<Long> resident(String field) {
        return processes.stream().map(p -> residentBytes(p.pid(), field)).toList();
    }

    /** Each operator's heap in use, from its metrics. */
    List<Long> heapUsed() {
        return processes.stream().map(p -> heapUsed(p.metrics())).toList();
    }

    private static long residentBytes(long pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(line -> line.startsWith(field + ":"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).findFirst().orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    private static long heapUsed(URI metrics) {
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return (long) HEAP.matcher(text).results().mapToDouble(m -> Double.parseDouble(m.group(1))).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        processes.forEach(OperatorProcess::close);
    }
}
