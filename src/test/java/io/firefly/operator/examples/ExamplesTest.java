package io.firefly.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.firefly.operator.api.Capability;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.ParameterSource;
import io.firefly.operator.api.StackOutputRef;
import io.firefly.operator.api.StackParameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/firefly as {@code kubectl apply -k examples/firefly} sees it. */
class ExamplesTest {
    private static List<HasMetadata> objects;

    @BeforeAll
    static void renderWithKubectl() {
        assumeTrue(Kubectl.installed(), "kubectl is not on the PATH; it renders the example as kubectl apply -k does");
        objects = FireflyExamples.typed(Kubectl.kustomize(FireflyExamples.directory()));
    }

    @Test
    void rendersTheNamespaceTheTemplatesAndEightFireflyStacks() {
        assertThat(objects).filteredOn(Namespace.class::isInstance).singleElement()
                .satisfies(namespace -> assertThat(namespace.getMetadata().getName()).isEqualTo(ExpectedStacks.NAMESPACE));
        assertThat(objects).filteredOn(ConfigMap.class::isInstance).hasSize(1);
        assertThat(objects).filteredOn(FireflyStack.class::isInstance).hasSize(8);
        assertThat(objects).hasSize(10);

        assertThat(stacks().keySet()).containsExactlyInAnyOrderElementsOf(ExpectedStacks.names());
        stacks().forEach((name, stack) -> assertThat(stack.getSpec().getStackName())
                .as("spec.stackName of %s", name).isEqualTo(ExpectedStacks.stackName(name)));
        assertThat(objects).filteredOn(object -> !(object instanceof Namespace))
                .allSatisfy(object -> assertThat(object.getMetadata().getNamespace())
                        .as("namespace of %s", object.getMetadata().getName()).isEqualTo(ExpectedStacks.NAMESPACE));
        assertThat(objects).allSatisfy(object -> assertThat(object.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/part-of", "firefly"));
    }

    @Test
    void eachFunctionDependsOnItsTableAndTakesTheTableNameAndArnFromIt() {
        for (ExpectedStacks.Function function : ExpectedStacks.FUNCTIONS) {
            FireflyStack stack = stacks().get(function.name());
            assertThat(stack.getSpec().getDependsOn()).as("dependsOn of %s", function).containsExactly(function.table());
            assertThat(stack.getSpec().getParameters()).as("parameters of %s", function).containsExactlyInAnyOrder(
                    tableOutput("TableName", function.table()), tableOutput("TableArn", function.table()));
            assertThat(stack.getSpec().getCapabilities()).as("capabilities of %s", function)
                    .containsExactly(Capability.CAPABILITY_IAM, Capability.CAPABILITY_AUTO_EXPAND);
        }
    }

    @Test
    void tableStacksDependOnNothingAndTheUsersTableIsNamedByItsParameter() {
        for (String table : ExpectedStacks.TABLES) {
            assertThat(stacks().get(table).getSpec().getDependsOn()).as("dependsOn of %s", table).isEmpty();
            assertThat(stacks().get(table).getSpec().getCapabilities()).as("capabilities of %s", table).isEmpty();
        }
        assertThat(stacks().get(ExpectedStacks.REGISTRATION_KEYS).getSpec().getParameters()).isEmpty();
        assertThat(stacks().get(ExpectedStacks.USERS).getSpec().getParameters())
                .containsExactly(StackParameter.literal("DynamoDbUsersTableName", "firefly-users"));
    }

    @Test
    void everyTemplateReferenceNamesTheGeneratedConfigMapAndAKeyHoldingTheTemplateFile() throws IOException {
        ConfigMap templates = configMap(objects);
        assertThat(templates.getMetadata().getName())
                .as("kustomize appends a content hash so that a template edit changes every reference")
                .matches(ExpectedStacks.TEMPLATES_CONFIG_MAP + "-[a-z0-9]{10}");
        for (Map.Entry<String, FireflyStack> entry : stacks().entrySet()) {
            var reference = entry.getValue().getSpec().getTemplate().getConfigMapKeyRef();
            assertThat(reference.name()).as("template ConfigMap of %s", entry.getKey())
                    .isEqualTo(templates.getMetadata().getName());
            assertThat(reference.key()).isEqualTo(ExpectedStacks.templateKey(entry.getKey()));
            assertThat(templates.getData()).as("key %s of the templates ConfigMap", reference.key())
                    .containsEntry(reference.key(), Files.readString(ExpectedStacks.template(entry.getKey())));
        }
        assertThat(templates.getData()).hasSize(8);
    }

    @Test
    void editingATemplateRenamesTheConfigMapSoEveryFireflyStackSpecChanges(@TempDir Path workspace) throws IOException {
        Path copy = copyOf(FireflyExamples.directory(), workspace.resolve("firefly"));
        Files.writeString(copy.resolve("templates/dynamodb-users.yaml"), "# a comment is an edit too\n",
                StandardOpenOption.APPEND);

        List<HasMetadata> edited = FireflyExamples.typed(Kubectl.kustomize(copy));

        String before = configMap(objects).getMetadata().getName();
        String after = configMap(edited).getMetadata().getName();
        assertThat(after).startsWith(ExpectedStacks.TEMPLATES_CONFIG_MAP + "-").isNotEqualTo(before);
        assertThat(edited).filteredOn(FireflyStack.class::isInstance).hasSize(8).allSatisfy(stack ->
                assertThat(((FireflyStack) stack).getSpec().getTemplate().getConfigMapKeyRef().name()).isEqualTo(after));
    }

    /** A parameter filled from the output of the same name of a table stack. */
    private static StackParameter tableOutput(String output, String table) {
        return new StackParameter(output, null, new ParameterSource(new StackOutputRef(table, output), null, null));
    }

    private static Map<String, FireflyStack> stacks() {
        return objects.stream().filter(FireflyStack.class::isInstance).map(FireflyStack.class::cast)
                .collect(Collectors.toMap(stack -> stack.getMetadata().getName(), Function.identity()));
    }

    private static ConfigMap configMap(List<HasMetadata> rendered) {
        return rendered.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast).findFirst().orElseThrow();
    }

    static Path copyOf(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination);
                }
            }
        }
        return target;
    }
}
