package io.firefly.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the benchmark runs its operators: as the chart's default install, or as one release per shard. */
class OperatorsTest {

    @Test
    void oneOperatorWatchesEveryNamespaceWhileShardsEachWatchOneWithALeaseOfTheirOwn() {
        assertThat(Operators.shards(List.of("bench")))
                .containsExactly(new Operators.Shard("JOSDK_ALL_NAMESPACES", "firefly-operator"));
        assertThat(Operators.shards(List.of("bench-0", "bench-1"))).containsExactly(
                new Operators.Shard("bench-0", "firefly-operator-0"), new Operators.Shard("bench-1", "firefly-operator-1"));
    }
}
