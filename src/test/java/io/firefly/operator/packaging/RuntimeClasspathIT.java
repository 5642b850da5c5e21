package io.firefly.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the image ships (src/main/docker/Dockerfile.jvm copies target/quarkus-app): the operator and its
 * runtime libraries only. The offline AWS, DynamoDB Local and its native SQLite, the mock Kubernetes
 * server and the test libraries are test tooling and must never reach it.
 */
class RuntimeClasspathIT {
    private static final Path APP = Path.of("target", "quarkus-app");
    private static final List<String> TEST_ONLY_JARS = List.of("DynamoDBLocal", "sqlite4java", "log4j-core",
            "kubernetes-server-mock", "mockwebserver", "junit", "assertj", "awaitility", "luaj", "helm-java", "moto");
    private static final List<String> TEST_ONLY_PACKAGES = List.of("io/firefly/offlineaws/", "io/firefly/demo/",
            "io/firefly/benchmark/");

    @Test
    void thePackagedOperatorHoldsNoTestTooling() throws IOException {
        assertThat(APP.resolve("quarkus-run.jar")).as("the operator is packaged (./mvnw package)").isRegularFile();
        List<Path> jars;
        try (Stream<Path> files = Files.walk(APP)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).toList();
        }
        assertThat(jars).as("runtime libraries").isNotEmpty().noneSatisfy(jar ->
                assertThat(TEST_ONLY_JARS).anyMatch(name -> jar.getFileName().toString().contains(name)));
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                assertThat(file.stream().map(e -> e.getName())).as("classes in %s", jar)
                        .noneMatch(entry -> TEST_ONLY_PACKAGES.stream().anyMatch(entry::startsWith))
                        .noneMatch(entry -> entry.endsWith(".so") && entry.contains("sqlite4java"));
            }
        }
        try (Stream<Path> files = Files.walk(APP)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("native libraries")
                    .noneMatch(name -> name.contains("sqlite4java"));
        }
    }
}
