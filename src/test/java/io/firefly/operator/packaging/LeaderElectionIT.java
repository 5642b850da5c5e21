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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged operator (target/quarkus-app, as the image runs it, prod profile)
 * share one Kubernetes API: one holds the Lease firefly-operator-lock in POD_NAMESPACE, the other
 * waits ready, and takes over when the leader dies. The API grants exactly the leader-election
 * Role the chart renders, through the SelfSubjectRulesReview JOSDK checks before it starts.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class LeaderElectionIT {
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Path WORK = Path.of("target", "leader-election-it");
    private static final String NAMESPACE = ChartRenderer.RELEASE_NAMESPACE;

    static KubernetesMockServer server;
    static KubernetesClient client;

    private final List<Process> replicas = new ArrayList<>();
    private Path kubeconfig;

    @BeforeEach
    void clusterWithTheChartsGrants() throws IOException {
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

    @AfterEach
    void stopReplicas() {
        replicas.forEach(Process::destroyForcibly);
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
                .redirectOutput(WORK.resolve(podName + ".log").toFile());
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
    private static void awaitReady(Process replica, int port, String podName) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
        await(podName + " readiness, see " + WORK.resolve(podName + ".log")).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .failFast(podName + " exited, see " + WORK.resolve(podName + ".log"), () -> !replica.isAlive())
                .ignoreExceptions()
                .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private void awaitHolder(String podName, Duration within) {
        await("Lease " + LeaderElectionProducer.LEASE_NAME + " held by " + podName).atMost(within)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> lease().map(l -> l.getSpec().getHolderIdentity()), holder -> holder.equals(Optional.of(podName)));
    }

    private Optional<Lease> lease() {
        return Optional.ofNullable(client.leases().inNamespace(NAMESPACE).withName(LeaderElectionProducer.LEASE_NAME).get());
    }

    private Path writeKubeconfig() throws IOException {
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
