package io.firefly.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bin/benchmark's options, and the JVM the benchmark runs the operator with when none are given. */
class BenchmarkSetupTest {

    @Test
    void optionsSetTheOperatorsPollsEventsTheOfflineAwsAndTheJvm() {
        BenchmarkSetup setup = BenchmarkSetup.fromArgs(new String[] {"--stacks", "100", "--in-progress", "5S",
                "--stable", "1M", "--step-delay", "2S", "--drop-events", "0.3", "--rate-limit", "aws",
                "--jvm-options", " -Xmx96m  -XX:+UseSerialGC ", "--operators", "2", "--unrelated-configmaps", "500",
                "--unrelated-secrets", "0"});

        assertThat(setup.inProgress()).isEqualTo(Duration.ofSeconds(5));
        assertThat(setup.stable()).isEqualTo(Duration.ofMinutes(1));
        assertThat(setup.stepDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(setup.events()).as("dropping events implies events").isTrue();
        assertThat(setup.dropRate()).isEqualTo(0.3);
        assertThat(setup.rateLimits()).isEqualTo("aws");
        assertThat(setup.jvmOptions()).containsExactly("-Xmx96m", "-XX:+UseSerialGC");
        assertThat(setup.jvmEnvironment()).as("the options replace the image's settings").isEmpty();
        assertThat(setup.operators()).isEqualTo(2);
        assertThat(setup.stackNamespaces()).containsExactly("bench-0", "bench-1");
        assertThat(setup.unrelated()).isEqualTo(new UnrelatedObjects(500, 0));
        assertThat(setup.fileSuffix()).isEqualTo("-events-drop30-limited-operators2-unrelated500-0");
        assertThat(setup.describe()).isEqualTo("in-progress poll 5 s, stable poll 60 s, offline AWS step 2 s, "
                + "events on with 30 % dropped, rate limits aws, 2 operators each watching one namespace of stacks, "
                + "500 unrelated ConfigMaps and 0 Secrets, over 22 namespaces (20 of their own and the stacks')");
    }

    @Test
    void withoutOptionsItIsTheDemoSetup() {
        BenchmarkSetup setup = BenchmarkSetup.fromArgs(new String[] {"--events"});

        assertThat(setup).isEqualTo(new BenchmarkSetup(BenchmarkSetup.DEMO.inProgress(), BenchmarkSetup.DEMO.stable(),
                BenchmarkSetup.DEMO.stepDelay(), true, 0, null, BenchmarkSetup.DEMO.jvmOptions(),
                BenchmarkSetup.DEMO.jvmEnvironment(), 1, new UnrelatedObjects(10_000, 2_000)));
        assertThat(setup.stackNamespaces()).containsExactly("bench");
        assertThat(setup.fileSuffix()).isEqualTo("-events");
        assertThat(setup.describe()).startsWith("in-progress poll 0.5 s, stable poll 5 s, offline AWS step 0.05 s, events on,")
                .contains("one operator watching all namespaces, 10000 unrelated ConfigMaps and 2000 Secrets");
        assertThatThrownBy(() -> BenchmarkSetup.fromArgs(new String[] {"--drop-events", "30"}))
                .hasMessageContaining("share from 0 to 1");
        assertThatThrownBy(() -> BenchmarkSetup.fromArgs(new String[] {"--operators", "0"}))
                .hasMessageContaining("--operators is at least 1");
    }

    @Test
    void theImagesJvmIsRunWithTheHeapItsStartScriptDerivesFromTheChartsMemoryLimit() {
        ImageJvm image = new ImageJvm(Map.of("JAVA_MAX_MEM_RATIO", "40", "GC_CONTAINER_OPTIONS", "-XX:+UseSerialGC",
                "JAVA_OPTS_APPEND", "-Xss256k -Dquarkus.http.host=0.0.0.0", "MALLOC_ARENA_MAX", "2"), ImageJvm.bytes("256Mi"), 1);

        assertThat(image.options()).startsWith("-Xmx102m", "-XX:ActiveProcessorCount=1", "-XX:+UseSerialGC")
                .endsWith("-Xss256k", "-Dquarkus.http.host=0.0.0.0");
        assertThat(image.allocatorEnvironment()).containsExactly(Map.entry("MALLOC_ARENA_MAX", "2"));
        assertThat(new ImageJvm(Map.of(), ImageJvm.bytes("512Mi"), 1).options())
                .as("run-java.sh's defaults: half the limit, the parallel collector")
                .contains("-Xmx256m", "-XX:+UseParallelGC");
    }
}
