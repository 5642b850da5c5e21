package io.firefly.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness, small, in the suite: it keeps running, and the properties its numbers stand
 * for hold. Each stack costs one change set and one execution, and once stable the operator reads stack
 * status only through the shared bulk listing, at most one per stable poll, never stack by stack.
 */
class ScaleBenchmarkIT {

    @Test
    void twentyStacksDeployOnceEachAndStayQuietOnceStable() {
        int stacks = 20;
        BenchmarkResult result = new ScaleBenchmark(Path.of("target", "benchmark-it")).run(stacks, Duration.ofSeconds(11));
        System.out.println(result.toMarkdown());

        assertThat(result.deployCalls().get("CreateChangeSet")).as("one change set per stack").isEqualTo(stacks);
        assertThat(result.deployCalls().get("ExecuteChangeSet")).as("one execution per stack").isEqualTo(stacks);
        assertThat(result.deleteCalls().get("DeleteStack")).as("one DeleteStack per stack").isEqualTo(stacks);
        assertThat(result.deployCalls().values().stream().mapToLong(Long::longValue).sum() / (double) stacks)
                .as("AWS calls per stack created, all actions").isLessThan(10);
        assertThat(result.limits().criticalPath()).as("read from the stacks' events").isPositive();
        assertThat(result.limits().lagP99()).as("every stack showed Ready after CloudFormation finished it")
                .isGreaterThanOrEqualTo(result.limits().lagMedian()).isPositive();

        assertThat(result.steadyCount("DescribeStacks (by name)")).as("no stable stack is read on its own").isZero();
        assertThat(result.steadyCount("DescribeStacks (listing)")).as("one shared listing per stable poll")
                .isBetween(1L, result.stablePollsInWindow() + 1);
        assertThat(result.steadyCount("CreateChangeSet") + result.steadyCount("ExecuteChangeSet"))
                .as("nothing deployed while nothing changed").isZero();
    }
}
