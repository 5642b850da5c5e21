package io.firefly.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart as `helm lint` and `helm template` see it, with default and production-like values. */
class HelmChartTest {
    private static final String FULLNAME = "firefly-firefly-operator";
    private static final Path CRD = Path.of("deploy", "crds", "fireflystacks.firefly.io-v1.yml");
    private static final Path ACCOUNT_CRD = Path.of("deploy", "crds", "fireflyaccounts.firefly.io-v1.yml");
    private static final Path HEALTH_LUA = Path.of("deploy", "argocd", "health-fireflystack.lua");

    @TempDir
    Path workDir;

    @Test
    void lintsWithoutWarningsInStrictMode() {
        LintResult result = new Helm(ChartRenderer.CHART).lint().strict().call();

        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages())
                .noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
    }

    @Test
    void defaultsRenderAnOperatorWatchingAllNamespaces() {
        RenderedChart chart = ChartRenderer.render(workDir, "");

        assertThat(chart.objects()).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "ServiceAccount/" + FULLNAME,
                        "ClusterRole/" + FULLNAME,
                        "ClusterRoleBinding/" + FULLNAME,
                        "ClusterRole/" + FULLNAME + "-accounts",
                        "ClusterRoleBinding/" + FULLNAME + "-accounts",
                        "ClusterRole/" + FULLNAME + "-account-admin",
                        "Role/" + FULLNAME + "-leader-election",
                        "RoleBinding/" + FULLNAME + "-leader-election",
                        "Service/" + FULLNAME + "-metrics",
                        "Deployment/" + FULLNAME);
        assertThat(chart.all(Role.class)).allMatch(role -> ChartRenderer.RELEASE_NAMESPACE.equals(role.getMetadata().getNamespace()));

        Deployment deployment = chart.one(Deployment.class);
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo(ChartRenderer.RELEASE_NAMESPACE);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(FULLNAME);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

        Container operator = onlyContainer(deployment);
        assertThat(operator.getImage()).isEqualTo("registry.example.com/firefly/firefly-operator:" + appVersion());
        assertThat(operator.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(operator.getSecurityContext().getPrivileged()).isNull();
        assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(operator.getResources().getLimits()).containsKeys("cpu", "memory");

        assertThat(operator.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");

        // The JVM needs a writable /tmp on the read-only root filesystem.
        assertThat(operator.getVolumeMounts()).singleElement().satisfies(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/tmp");
            assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(mount.getName()))
                    .singleElement().satisfies(volume -> assertThat(volume.getEmptyDir()).isNotNull());
        });

        Map<String, EnvVar> env = env(operator);
        assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        assertThat(values(env)).containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "JOSDK_ALL_NAMESPACES")
                .containsEntry("FIREFLY_POLL_IN_PROGRESS", "5s")
                .containsEntry("FIREFLY_POLL_STABLE", "60s")
                .containsEntry("FIREFLY_POLL_IN_PROGRESS_WITH_EVENTS", "30s")
                .containsEntry("QUARKUS_LOG_CATEGORY__IO_FIREFLY__LEVEL", "INFO")
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false")
                .doesNotContainKeys("FIREFLY_AWS_REGION", "FIREFLY_AWS_ENDPOINT_OVERRIDE");
        assertThat(env).as("no events queue unless one is given: the operator polls").doesNotContainKey("FIREFLY_EVENTS_QUEUE_URL");
        Map<String, String> image = ImageEnvironment.ofDockerfile();
        assertThat(values(env)).as("the JVM settings the image has, measured in docs/benchmarks.md")
                .containsEntry("JAVA_MAX_MEM_RATIO", image.get("JAVA_MAX_MEM_RATIO"))
                .containsEntry("GC_CONTAINER_OPTIONS", image.get("GC_CONTAINER_OPTIONS"))
                .containsEntry("MALLOC_ARENA_MAX", image.get("MALLOC_ARENA_MAX"))
                .containsEntry("JAVA_OPTS_APPEND", image.get("JAVA_OPTS_APPEND"));
        assertThat(operator.getResources().getLimits().get("memory").toString()).as("what 1,000 stacks were measured in")
                .isEqualTo("320Mi");
        assertThat(image.get("GC_CONTAINER_OPTIONS")).isEqualTo("-XX:+UseSerialGC");
        assertThat(image.get("JAVA_OPTS_APPEND")).as("the chart replaces the image's, so it keeps what the image needs")
                .contains("-Dquarkus.http.host=0.0.0.0", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");

        Service metrics = chart.one(Service.class);
        assertThat(metrics.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(metrics.getSpec().getSelector());
        assertThat(metrics.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));

        assertThat(chart.one(ServiceAccount.class).getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(chart.all(PodDisruptionBudget.class)).isEmpty();
    }

    @Test
    void namespacedHighlyAvailableIrsaInstallUsesRolesOnlyInTheWatchedNamespaces() {
        String roleArn = "arn:aws:iam::123456789012:role/firefly-operator";
        RenderedChart chart = ChartRenderer.render(workDir, """
                watchNamespaces: [a, b]
                replicaCount: 3
                serviceAccount:
                  annotations:
                    eks.amazonaws.com/role-arn: %s
                """.formatted(roleArn));

        List<Role> stackRoles = chart.all(Role.class).stream()
                .filter(role -> grantsOn(role.getRules(), "fireflystacks")).toList();
        assertThat(stackRoles).extracting(role -> role.getMetadata().getNamespace()).containsExactlyInAnyOrder("a", "b");
        assertThat(chart.all(ClusterRole.class)).noneMatch(role -> grantsOn(role.getRules(), "fireflystacks"));
        assertThat(chart.ofKind("ClusterRole")).extracting(o -> o.getMetadata().getName())
                .as("a namespaced install grants cluster-wide only what FireflyAccounts need, which are cluster-scoped")
                .containsExactlyInAnyOrder(FULLNAME + "-accounts", FULLNAME + "-account-admin");
        assertThat(chart.ofKind("ClusterRoleBinding")).extracting(o -> o.getMetadata().getName())
                .containsExactly(FULLNAME + "-accounts");

        for (String namespace : List.of("a", "b")) {
            RoleBinding binding = chart.find(RoleBinding.class, namespace, FULLNAME).orElseThrow();
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getRoleRef().getName()).isEqualTo(FULLNAME);
            assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
                assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                assertThat(subject.getName()).isEqualTo(FULLNAME);
                assertThat(subject.getNamespace()).isEqualTo(ChartRenderer.RELEASE_NAMESPACE);
            });
        }

        Deployment deployment = chart.one(Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(values(env(onlyContainer(deployment)))).containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "a,b");
        assertThat(chart.one(ServiceAccount.class).getMetadata().getAnnotations())
                .containsExactlyEntriesOf(Map.of("eks.amazonaws.com/role-arn", roleArn));
        assertThat(chart.one(PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    }

    @Test
    void awsLoggingAndExtraEnvValuesReachTheContainer() {
        RenderedChart chart = ChartRenderer.render(workDir, """
                aws:
                  region: eu-west-1
                  endpointOverride: http://localstack.localstack:4566
                poll:
                  inProgress: 2s
                  stable: 5m
                drift:
                  interval: 6h
                logging:
                  level: DEBUG
                  format: json
                extraEnv:
                  - name: TZ
                    value: Europe/Paris
                image:
                  tag: 1.2.3
                """);

        Container operator = onlyContainer(chart.one(Deployment.class));
        assertThat(values(env(operator)))
                .containsEntry("FIREFLY_AWS_REGION", "eu-west-1")
                .containsEntry("FIREFLY_AWS_ENDPOINT_OVERRIDE", "http://localstack.localstack:4566")
                .containsEntry("FIREFLY_POLL_IN_PROGRESS", "2s")
                .containsEntry("FIREFLY_POLL_STABLE", "5m")
                .containsEntry("FIREFLY_DRIFT_INTERVAL", "6h")
                .containsEntry("QUARKUS_LOG_CATEGORY__IO_FIREFLY__LEVEL", "DEBUG")
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true")
                .containsEntry("TZ", "Europe/Paris");
        assertThat(operator.getImage()).endsWith(":1.2.3");
    }

    @Test
    void jvmValuesReachTheImagesStartScript() {
        Container operator = onlyContainer(ChartRenderer.render(workDir, """
                jvm:
                  maxRamPercentage: 40
                  gc: -XX:+UseParallelGC
                  options: -XX:TieredStopAtLevel=1
                  mallocArenaMax: 4
                resources:
                  limits: {memory: 1Gi}
                """).one(Deployment.class));

        assertThat(values(env(operator))).containsEntry("JAVA_MAX_MEM_RATIO", "40")
                .containsEntry("GC_CONTAINER_OPTIONS", "-XX:+UseParallelGC")
                .containsEntry("MALLOC_ARENA_MAX", "4")
                .containsEntry("JAVA_OPTS_APPEND", "-Dquarkus.http.host=0.0.0.0 "
                        + "-Djava.util.logging.manager=org.jboss.logmanager.LogManager -XX:TieredStopAtLevel=1");
        assertThat(operator.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
        assertThatThrownBy(() -> ChartRenderer.render(workDir, "jvm: {maxRamPercentage: 0}"))
                .hasMessageContaining("/jvm/maxRamPercentage");
    }

    @Test
    void eventsQueueUrlIsGivenDirectlyOrReadFromTheOutputsConfigMapOfItsStack() {
        String queueUrl = "https://sqs.eu-west-1.amazonaws.com/123456789012/firefly-stack-events";
        Container direct = onlyContainer(ChartRenderer.render(workDir, """
                events:
                  queueUrl: %s
                poll:
                  inProgressWithEvents: 1m
                """.formatted(queueUrl)).one(Deployment.class));
        assertThat(values(env(direct))).containsEntry("FIREFLY_EVENTS_QUEUE_URL", queueUrl)
                .containsEntry("FIREFLY_POLL_IN_PROGRESS_WITH_EVENTS", "1m");

        Container fromOutputs = onlyContainer(ChartRenderer.render(workDir, """
                events:
                  queueUrl: %s
                  queueUrlFrom:
                    configMapKeyRef: {name: firefly-events-outputs}
                """.formatted(queueUrl)).one(Deployment.class));
        List<EnvVar> queueEnv = fromOutputs.getEnv().stream().filter(e -> e.getName().equals("FIREFLY_EVENTS_QUEUE_URL")).toList();
        assertThat(queueEnv).as("the ConfigMap wins over the literal, and only one variable is set").singleElement()
                .satisfies(e -> {
                    assertThat(e.getValue()).isNull();
                    var ref = e.getValueFrom().getConfigMapKeyRef();
                    assertThat(ref.getName()).isEqualTo("firefly-events-outputs");
                    assertThat(ref.getKey()).isEqualTo("QueueUrl");
                    assertThat(ref.getOptional()).as("the pod starts before the queue's stack has published it").isTrue();
                });

        assertThatThrownBy(() -> ChartRenderer.render(workDir, "events: {queueUrl: sqs.example}"))
                .hasMessageContaining("/events/queueUrl");
    }

    @Test
    void refusesClustersOlderThanTheCrdsCelRulesNeed() {
        assertThatThrownBy(() -> ChartRenderer.render(workDir, "", "v1.27.9"))
                .hasMessageContaining("kubeVersion").hasMessageContaining(">=1.28.0-0");
        assertThat(ChartRenderer.render(workDir, "", "v1.28.0").all(Deployment.class)).hasSize(1);
    }

    @Test
    void valuesOfTheWrongShapeAreRefusedNamingTheField() {
        assertThatThrownBy(() -> ChartRenderer.render(workDir, "logging: {format: yaml}"))
                .hasMessageContaining("/logging/format").hasMessageContaining("'text', 'json'");
        // A comma string instead of a list would otherwise render one bogus namespace "a,b".
        assertThatThrownBy(() -> ChartRenderer.render(workDir, "watchNamespaces: a,b"))
                .hasMessageContaining("/watchNamespaces").hasMessageContaining("want array");
        assertThatThrownBy(() -> ChartRenderer.render(workDir, "watchNamespace: [a]"))
                .hasMessageContaining("'watchNamespace' not allowed");
    }

    @Test
    void serviceMonitorScrapesTheMetricsServiceWhenEnabled() {
        RenderedChart chart = ChartRenderer.render(workDir, """
                metrics:
                  serviceMonitor:
                    enabled: true
                    labels: {release: prometheus}
                """);

        HasMetadata monitor = chart.ofKind("ServiceMonitor").get(0);
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        Map<String, Object> spec = ((GenericKubernetesResource) monitor).get("spec");
        assertThat(spec).extracting("endpoints").asList().singleElement()
                .isEqualTo(Map.of("port", "http", "path", "/q/metrics", "interval", "30s"));
        assertThat(spec).extracting("selector.matchLabels")
                .isEqualTo(chart.one(Service.class).getSpec().getSelector());
    }

    @Test
    void argoCdOptionRendersTheArgocdCmPatchWithTheShippedHealthCheck() throws IOException {
        RenderedChart chart = ChartRenderer.render(workDir, "argocd: {healthCheck: {enabled: true}}");

        ConfigMap health = chart.find(ConfigMap.class, ChartRenderer.RELEASE_NAMESPACE, FULLNAME + "-argocd-health")
                .orElseThrow();
        String lua = Files.readString(HEALTH_LUA);
        assertThat(health.getData().get("health.lua")).isEqualTo(lua);
        JsonNode patch = new YAMLMapper().readTree(health.getData().get("argocd-cm-patch.yaml"));
        assertThat(patch.path("data").path("resource.customizations.health.firefly.io_FireflyStack").asText()).isEqualTo(lua);
        assertThat(patch.path("data").path("resource.customizations.health.firefly.io_FireflyAccount").asText())
                .isEqualTo(Files.readString(ArgoCdHealthCheck.ACCOUNT_SCRIPT));

        assertThat(ChartRenderer.render(workDir, "").all(ConfigMap.class)).isEmpty();
    }

    @Test
    void chartShipsTheProjectCrdsAndHealthCheckUnchanged() throws IOException {
        Path chartCrds = ChartRenderer.CHART.resolve("crds");
        try (var files = Files.list(chartCrds)) {
            assertThat(files.map(Path::getFileName).map(Path::toString))
                    .containsExactlyInAnyOrder(CRD.getFileName().toString(), ACCOUNT_CRD.getFileName().toString());
        }
        for (Path crd : List.of(CRD, ACCOUNT_CRD)) {
            assertThat(Files.mismatch(crd, chartCrds.resolve(crd.getFileName())))
                    .as("helm/firefly-operator/crds must be a copy of %s: cp it after regenerating the CRD", crd)
                    .isEqualTo(-1L);
        }
        assertThat(Files.mismatch(HEALTH_LUA, ChartRenderer.CHART.resolve("files/argocd-health-fireflystack.lua")))
                .as("helm/firefly-operator/files/argocd-health-fireflystack.lua must be a copy of %s", HEALTH_LUA)
                .isEqualTo(-1L);
        assertThat(Files.mismatch(ArgoCdHealthCheck.ACCOUNT_SCRIPT,
                ChartRenderer.CHART.resolve("files/argocd-health-fireflyaccount.lua")))
                .as("helm/firefly-operator/files/argocd-health-fireflyaccount.lua must be a copy of %s",
                        ArgoCdHealthCheck.ACCOUNT_SCRIPT)
                .isEqualTo(-1L);
    }

    private static boolean grantsOn(List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> rules, String resource) {
        return rules.stream().anyMatch(rule -> rule.getResources().contains(resource));
    }

    private static Container onlyContainer(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, EnvVar> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));
    }

    private static Map<String, String> values(Map<String, EnvVar> env) {
        return env.values().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static String appVersion() {
        try {
            return new YAMLMapper().readTree(ChartRenderer.CHART.resolve("Chart.yaml").toFile()).path("appVersion").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
