package io.firefly.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.firefly.demo.EmbeddedKubernetes;
import io.firefly.demo.OperatorProcess;
import io.firefly.offlineaws.OfflineAws;
import io.firefly.offlineaws.TestTemplates;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import io.firefly.operator.api.TemplateSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The packaged operator run with the logging environment the chart renders for {@code logging.format=json}
 * and {@code logging.level=TRACE}: the console speaks JSON, the lines of a reconcile carry the FireflyStack
 * and its CloudFormation stack in {@code mdc}, and the operator's own loggers follow the chart's level.
 */
class OperatorLogsIT {
    private static final Path WORK = Path.of("target", "operator-logs-it");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "logs";
    private static final String NAME = "registration-keys";
    private static final String STACK = "logs-registration-keys";

    @Test
    void reconcileLinesAreJsonNamingTheFireflyStackAndItsStack() throws IOException {
        Path log = WORK.resolve("operator.log");
        Files.createDirectories(WORK);
        Files.deleteIfExists(log);
        try (OfflineAws aws = OfflineAws.start();
             EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start(0, WORK);
             OperatorProcess operator = OperatorProcess.start(kubernetes.kubeconfig(), aws.endpoint(), log,
                     chartsLoggingEnv("logging: {level: TRACE, format: json}"))) {
            kubernetes.client().namespaces()
                    .resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
            kubernetes.client().resource(stack()).create();

            List<JsonNode> lines = await("a Ready line, see " + log).atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> jsonLines(operator.log()), all -> all.stream().anyMatch(OperatorLogsIT::saysReady));

            List<JsonNode> reconcileLines = lines.stream()
                    .filter(line -> line.path("loggerName").asText().startsWith("io.firefly.operator.reconcile")).toList();
            assertThat(reconcileLines).as("the reconciler's lines, see %s", log).isNotEmpty().allSatisfy(line -> {
                assertThat(line.path("mdc").path("fireflystack").asText()).isEqualTo(NAMESPACE + "/" + NAME);
                assertThat(line.path("mdc").path("stack").asText()).isEqualTo(STACK);
            });
            assertThat(lines).as("the operator's own DEBUG lines, let through by the chart's level; see %s", log)
                    .anySatisfy(line -> {
                        assertThat(line.path("loggerName").asText()).startsWith("io.firefly.");
                        assertThat(line.path("level").asText()).isEqualTo("DEBUG");
                    });
            assertThat(lines).as("TRACE taken as it is, not raised to the build-time minimum; see %s", log)
                    .noneSatisfy(line -> assertThat(line.path("message").asText()).contains("below minimum logging level"));
        }
    }

    /** The literal QUARKUS_LOG_* variables of the operator container the chart renders with these values. */
    private static Map<String, String> chartsLoggingEnv(String values) {
        Deployment deployment = ChartRenderer.render(WORK, values).one(Deployment.class);
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(env -> env.getName().startsWith("QUARKUS_LOG_") && env.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static FireflyStack stack() {
        FireflyStack stack = new FireflyStack();
        stack.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(NAME).build());
        FireflyStackSpec spec = new FireflyStackSpec();
        spec.setStackName(STACK);
        spec.setTemplate(TemplateSource.inline(TestTemplates.read("registration-keys.yaml")));
        stack.setSpec(spec);
        return stack;
    }

    private static boolean saysReady(JsonNode line) {
        return line.path("message").asText().startsWith("Ready:");
    }

    /** Every complete line of the log as JSON; a line that is not JSON fails the test. */
    private static List<JsonNode> jsonLines(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(0, text.lastIndexOf('\n') + 1).lines().map(OperatorLogsIT::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }
}
