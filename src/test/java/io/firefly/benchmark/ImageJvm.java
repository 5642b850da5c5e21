package io.firefly.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.firefly.operator.packaging.ImageEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options the operator's image runs with in the pod the chart makes, for running the packaged jar
 * outside a container the same way. The image's start script (run-java.sh of the UBI OpenJDK runtime image)
 * builds the command line from its environment: {@code -XX:MaxRAMPercentage=$JAVA_MAX_MEM_RATIO} (50 when
 * unset), {@code $GC_CONTAINER_OPTIONS} ({@code -XX:+UseParallelGC} when unset), fixed heap-free ratios and
 * {@code -XX:+ExitOnOutOfMemoryError}, then {@code $JAVA_OPTS_APPEND}. Outside a container a percentage would
 * be of the whole machine's memory and the JVM would count the machine's cores, so the heap is given as the
 * {@code -Xmx} that percentage makes of the chart's memory limit, and the processors as the chart's CPU limit.
 * The image's allocator settings ({@code MALLOC_ARENA_MAX}) go into the process's environment.
 *
 * @param environment the Dockerfile's ENV
 * @param memoryLimit the chart's resources.limits.memory, bytes
 * @param cpuLimit    the chart's resources.limits.cpu, whole processors (at least 1)
 */
record ImageJvm(Map<String, String> environment, long memoryLimit, int cpuLimit) {
    static final Path CHART_VALUES = Path.of("helm/firefly-operator/values.yaml");

    private static final Pattern QUANTITY = Pattern.compile("(\\d+)(Ki|Mi|Gi)?");

    static ImageJvm shipped() {
        try {
            Map<String, String> env = ImageEnvironment.ofDockerfile();
            JsonNode limits = new YAMLMapper().readTree(CHART_VALUES.toFile()).path("resources").path("limits");
            int cpus = (int) Math.max(1, Math.floor(Double.parseDouble(limits.path("cpu").asText("1"))));
            return new ImageJvm(env, bytes(limits.path("memory").asText()), cpus);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The java command's options, as run-java.sh would give them in the pod. */
    List<String> options() {
        double ratio = Double.parseDouble(environment.getOrDefault("JAVA_MAX_MEM_RATIO", "50"));
        List<String> options = new ArrayList<>();
        options.add("-Xmx" + (long) (memoryLimit * ratio / 100) / (1024 * 1024) + "m");
        options.add("-XX:ActiveProcessorCount=" + cpuLimit);
        options.addAll(words(environment.getOrDefault("GC_CONTAINER_OPTIONS", "-XX:+UseParallelGC")));
        options.addAll(List.of("-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:GCTimeRatio=4",
                "-XX:AdaptiveSizePolicyWeight=90", "-XX:+ExitOnOutOfMemoryError"));
        options.addAll(words(environment.getOrDefault("JAVA_OPTS_APPEND", "")));
        return options;
    }

    /** The image's settings of the C library's allocator (MALLOC_ARENA_MAX ...), which the JVM's native memory obeys. */
    Map<String, String> allocatorEnvironment() {
        return environment.entrySet().stream().filter(e -> e.getKey().startsWith("MALLOC_"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    /** A Kubernetes memory quantity in bytes: 512Mi, 1Gi. */
    static long bytes(String quantity) {
        Matcher m = QUANTITY.matcher(quantity.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a memory quantity the benchmark reads: " + quantity);
        }
        long unit = switch (m.group(2) == null ? "" : m.group(2)) {
            case "Ki" -> 1024L;
            case "Mi" -> 1024L * 1024;
            case "Gi" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Long.parseLong(m.group(1)) * unit;
    }
}
