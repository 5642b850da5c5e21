package io.firefly.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The operator as built (target/quarkus-app/quarkus-run.jar) running as its own process, configured only
 * the ordinary way: a kubeconfig and FIREFLY_* environment variables.
 */
public final class OperatorProcess implements AutoCloseable {
    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    /** How often the operator started here reads a stack that is not changing: an out-of-band change shows within it. */
    public static final Duration STABLE_POLL = Duration.ofSeconds(5);

    private final Process process;
    private final Path log;
    private final int httpPort;

    private OperatorProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    public static OperatorProcess start(Path kubeconfig, URI awsEndpoint, Path log, Map<String, String> extraEnv) {
        return start(kubeconfig, awsEndpoint, log, extraEnv, List.of("-Xmx256m"));
    }

    /** @param jvmOptions the java command's options, before {@code -jar} */
    public static OperatorProcess start(Path kubeconfig, URI awsEndpoint, Path log, Map<String, String> extraEnv,
                                        List<String> jvmOptions) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: build the operator first with ./mvnw package -DskipTests");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
        env.put("FIREFLY_AWS_ENDPOINT_OVERRIDE", awsEndpoint.toString());
        env.put("FIREFLY_AWS_REGION", "us-east-1");
        env.put("FIREFLY_POLL_IN_PROGRESS", "500ms");
        env.put("FIREFLY_POLL_STABLE", STABLE_POLL.toSeconds() + "s");
        env.put("FIREFLY_POLL_MAX_BACKOFF", "4s");
        env.put("AWS_ACCESS_KEY_ID", "offline");
        env.put("AWS_SECRET_ACCESS_KEY", "offline");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("POD_NAMESPACE", "default");
        env.putAll(extraEnv);
        try {
            Files.createDirectories(log.getParent());
            OperatorProcess operator = new OperatorProcess(builder.start(), log, port);
            try {
                operator.awaitReady();
            } catch (RuntimeException notReady) {
                // a start given up on must not linger: a kubelet kills a pod that fails its probes
                operator.process.destroyForcibly();
                throw notReady;
            }
            return operator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for SmallRye Health's readiness, as a kubelet would. */
    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready")).build();
        Awaitility.await("operator readiness (log: " + log + ")").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .failFast("the operator process exited; see " + log, () -> !process.isAlive())
                .ignoreExceptions()
                .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /** SmallRye Health: {@code /q/health}, with {@code /live} and {@code /ready} below it. */
    public URI health() {
        return URI.create("http://127.0.0.1:" + httpPort + "/q/health");
    }

    public URI metrics() {
        return URI.create("http://127.0.0.1:" + httpPort + "/q/metrics");
    }

    public Path log() {
        return log;
    }

    /** The operator's process id, for measuring its memory. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process at once, as a node failure or an OOM kill would: no graceful shutdown. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the process as a kubelet stops a pod: SIGTERM, then SIGKILL once the grace period has run out.
     * Returns whether it ended by itself within the grace period.
     */
    public boolean terminate(Duration grace) {
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        return false;
    }

    @Override
    public void close() {
        terminate(Duration.ofSeconds(10));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
