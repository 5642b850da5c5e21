package io.firefly.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.firefly.operator.runtime.LeaderElectionProducer;
import io.firefly.operator.runtime.LostLeaseExit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Two replicas of the packaged operator (target/quarkus-app, as the image runs it, prod profile)
 * share one Kubernetes API: one holds the Lease firefly-operator-lock in POD_NAMESPACE, the other
 * waits ready, and takes over when the leader dies. Both end within seconds of SIGTERM, and a leader
 * that loses the Lease exits. The API grants exactly the leader-election Role the chart renders,
 * through the SelfSubjectRulesReview JOSDK checks before it starts.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class LeaderElectionIT {
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Path WORK = Path.of("target", "leader-election-it");
    private static final String NAMESPACE = ChartRenderer.RELEASE_NAMESPACE;
    /** Well inside the default 30 s terminationGracePeriodSeconds of the chart's pods. */
    private static final Duration SIGTERM_EXIT = Duration.ofSeconds(5);
    /** 128 + 15: how the JVM reports a shutdown started by SIGTERM. */
    private static final int EXIT_ON_SIGTERM = 143;

    static KubernetesMockServer server;
    static KubernetesClient client;

    private static Path kubeconfig;

    private final List<Process> replicas = new ArrayList<>();
    private String testName;

    @BeforeAll
    static void clusterWithTheChartsGrants() throws IOException {
        assertThat(JAR).as("%s: build it with ./mvnw package", JAR).isRegularFile();
        Files.createDirectories(WORK);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        try (InputStream crd = Files.newInputStream(Path.of("deploy", "crds", "fireflystacks.firefly.io-v1.yml"))) {
            client.resource(new KubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
        }
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder()
                        .withNewSpec().withNamespace(NAMESPACE).endSpec()
                        .withNewStatus().withIncomplete(false).withResourceRules(chartsLeaderElectionRules())
                        .endStatus().build())
                .always();
        kubeconfig = writeKubeconfig();
    }

    @BeforeEach
    void nameTheLogs(TestInfo test) {
        testName = test.getTestMethod().orElseThrow().getName();
    }

    /** Each test starts with no replica and no Lease, as on a fresh install. */
    @AfterEach
    void stopReplicasAndForgetTheLease() throws InterruptedException {
        for (Process replica : replicas) {
            replica.destroyForcibly().waitFor();
        }
        client.leases().inNamespace(NAMESPACE).withName(LeaderElectionProducer.LEASE_NAME).delete();
    }

    @Test
    void oneReplicaLeadsAndAnotherTakesOverWhenItDies() {
        Process first = startReplica("firefly-operator-a");
        awaitHolder("firefly-operator-a", Duration.ofSeconds(90));

        startReplica("firefly-operator-b");
        assertThat(lease().map(l -> l.getSpec().getHolderIdentity())).contains("firefly-operator-a");

        first.destroyForcibly();
        // The follower may take the Lease once the dead leader's 15 s lease duration has run out.
        awaitHolder("firefly-operator-b", Duration.ofSeconds(60));
    }

    /** What a pod stop does: the kubelet sends SIGTERM, and the grace period should not run out. */
    @Test
    void leaderAndFollowerExitWithinSecondsOfSigterm() throws InterruptedException {
        Process leader = startReplica("firefly-operator-a");
        awaitHolder("firefly-operator-a", Duration.ofSeconds(90));
        Process follower = startReplica("firefly-operator-b");

        follower.destroy();
        assertThat(follower.waitFor(SIGTERM_EXIT.toSeconds(), TimeUnit.SECONDS))
                .as("follower still running %s after SIGTERM, see %s", SIGTERM_EXIT, log("firefly-operator-b")).isTrue();

        leader.destroy();
        assertThat(leader.waitFor(SIGTERM_EXIT.toSeconds(), TimeUnit.SECONDS))
                .as("leader still running %s after SIGTERM, see %s", SIGTERM_EXIT, log("firefly-operator-a")).isTrue();
        assertThat(leader.exitValue()).as("exit status of a process ended by SIGTERM").isEqualTo(EXIT_ON_SIGTERM);
    }

    /**
     * A rollout stops the leader with SIGTERM: it hands the Lease over as it exits, and the follower leads
     * at its next retry (2 s) instead of waiting out the 15 s lease duration with nothing reconciled.
     */
    @Test
    void aLeaderStoppedBySigtermHandsTheLeaseOver() throws InterruptedException {
        Process leader = startReplica("firefly-operator-a");
        awaitHolder("firefly-operator-a", Duration.ofSeconds(90));
        startReplica("firefly-operator-b");

        leader.destroy();
        assertThat(leader.waitFor(SIGTERM_EXIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Instant exited = Instant.now();

        awaitHolder("firefly-operator-b", Duration.ofSeconds(60));
        assertThat(Duration.between(exited, Instant.now())).as("from the leader's exit to the follower leading, see %s",
                log("firefly-operator-a")).isLessThan(Duration.ofSeconds(8));
    }

    /**
     * Another replica holding the Lease means this one must not reconcile a moment longer: it stops
     * and exits non-zero, so that Kubernetes restarts it as a follower.
     */
    @Test
    void leaderThatLosesTheLeaseExits() throws InterruptedException {
        Process leader = startReplica("firefly-operator-a");
        awaitHolder("firefly-operator-a", Duration.ofSeconds(90));

        client.leases().inNamespace(NAMESPACE).withName(LeaderElectionProducer.LEASE_NAME).edit(lease -> {
            lease.getSpec().setHolderIdentity("firefly-operator-z");
            lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
            return lease;
        });

        // It finds out at its next renewal, one retry period (2 s) later.
        assertThat(leader.waitFor(10, TimeUnit.SECONDS))
                .as("leader still running after losing the Lease, see %s", log("firefly-operator-a")).isTrue();
        assertThat(leader.exitValue()).isEqualTo(LostLeaseExit.EXIT_STATUS);
        assertThat(lease().map(l -> l.getSpec().getHolderIdentity())).contains("firefly-operator-z");
    }

    /** The rules of the chart's leader-election Role, as the API server would report them to the pod. */
    private static List<ResourceRule> chartsLeaderElectionRules() throws IOException {
        Role role = ChartRenderer.render(WORK, "").all(Role.class).stream()
                .filter(r -> NAMESPACE.equals(r.getMetadata().getNamespace()))
                .filter(r -> r.getMetadata().getName().endsWith("-leader-election"))
                .findFirst().orElseThrow();
        return role.getRules().stream().map(rule -> new ResourceRuleBuilder().withApiGroups(rule.getApiGroups())
                .withResources(rule.getResources()).withVerbs(rule.getVerbs())
                .withResourceNames(rule.getResourceNames()).build()).toList();
    }

    private Process startReplica(String podName) {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log(podName).toFile());
        // What the chart's Deployment gives each pod: the kubelet sets HOSTNAME to the pod name.
        builder.environment().put("HOSTNAME", podName);
        builder.environment().put("POD_NAMESPACE", NAMESPACE);
        builder.environment().put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
        builder.environment().put("QUARKUS_OPERATOR_SDK_NAMESPACES", "JOSDK_ALL_NAMESPACES");
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("FIREFLY_AWS_ENDPOINT_OVERRIDE", "http://127.0.0.1:9");
        builder.environment().put("AWS_ACCESS_KEY_ID", "unused");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "unused");
        try {
            Process replica = builder.start();
            replicas.add(replica);
            awaitReady(replica, port, podName);
            return replica;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Readiness as the kubelet checks it: a follower must be ready too, or a rollout never finishes. */
    private void awaitReady(Process replica, int port, String podName) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
        await(podName + " readiness, see " + log(podName)).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .failFast(podName + " exited, see " + log(podName), () -> !replica.isAlive())
                .ignoreExceptions()
                .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private Path log(String podName) {
        return WORK.resolve(testName + "-" + podName + ".log");
    }

    private void awaitHolder(String podName, Duration within) {
        await("Lease " + LeaderElectionProducer.LEASE_NAME + " held by " + podName).atMost(within)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> lease().map(l -> l.getSpec().getHolderIdentity()), holder -> holder.equals(Optional.of(podName)));
    }

    private Optional<Lease> lease() {
        return Optional.ofNullable(client.leases().inNamespace(NAMESPACE).withName(LeaderElectionProducer.LEASE_NAME).get());
    }

    private static Path writeKubeconfig() throws IOException {
        Config config = new ConfigBuilder()
                .addNewCluster().withName("mock").withNewCluster().withServer(client.getMasterUrl().toString())
                .endCluster().endCluster()
                .addNewUser().withName("operator").withNewUser().withToken("operator-token").endUser().endUser()
                .addNewContext().withName("mock").withNewContext().withCluster("mock").withUser("operator")
                .withNamespace(NAMESPACE).endContext().endContext()
                .withCurrentContext("mock")
                .build();
        return Files.writeString(WORK.resolve("kubeconfig"), new KubernetesSerialization().asYaml(config));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
