package io.firefly.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness, small, in the suite: it keeps running, and the properties its numbers stand
 * for hold. Each stack costs one change set and one execution, and once stable the operator reads stack
 * status only through the shared bulk listing, at most one per stable poll, never stack by stack. The
 * cluster holds a few hundred unrelated ConfigMaps and Secrets, fewer than the benchmark's default, so that
 * the suite stays fast while the operator still has to list and ignore them.
 */
class ScaleBenchmarkIT {
    private static final UnrelatedObjects FEW_UNRELATED = new UnrelatedObjects(300, 60);

    @Test
    void twentyStacksDeployOnceEachAndStayQuietOnceStable() {
        int stacks = 20;
        BenchmarkResult result = new ScaleBenchmark(Path.of("target", "benchmark-it"))
                .run(stacks, Duration.ofSeconds(11), BenchmarkSetup.DEMO.withUnrelated(FEW_UNRELATED));
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

    /**
     * Under rate limits tight enough that the quota, not CloudFormation, sets the pace (ten change sets at one
     * every two seconds take 20 s): every stack ends Ready, and the deploy takes about the time the quota
     * allows for its calls, not a multiple of it, as stacks retry in turn instead of each on its own backoff.
     */
    @Test
    void underRateLimitsTenStacksDeployInAboutTheTimeTheQuotaAllows() {
        int stacks = 10;
        BenchmarkResult result = new ScaleBenchmark(Path.of("target", "benchmark-it")).run(stacks, Duration.ofSeconds(1),
                BenchmarkSetup.DEMO.withUnrelated(FEW_UNRELATED)
                        .withRateLimits("CreateChangeSet=0.5/s,ExecuteChangeSet=0.5/s,DeleteStack=0.5/s,Describe*=2/s"));
        System.out.println(result.toMarkdown());

        assertThat(result.limits().throttled()).as("the limits were reached").isPositive();
        assertThat(result.limits().quotaTime()).as("ten change sets at 0.5 a second").isGreaterThanOrEqualTo(Duration.ofSeconds(20));
        assertThat(result.limits().readyToQuotaTime()).as("time to all Ready over the time the quota allows")
                .isLessThan(1.8);
    }

    /**
     * Two shards, each watching one namespace and holding its own Lease: both reconcile at once (a shared
     * Lease would leave one waiting and its stacks never Ready), and neither touches the other's stacks (two
     * operators reconciling one stack would create its change set twice).
     */
    @Test
    void twoOperatorsOnDisjointNamespacesEachDeployTheirOwnStacksOnce() {
        int stacks = 20;
        BenchmarkResult result = new ScaleBenchmark(Path.of("target", "benchmark-it"))
                .run(stacks, Duration.ofSeconds(6), BenchmarkSetup.DEMO.withUnrelated(FEW_UNRELATED).withOperators(2));
        System.out.println(result.toMarkdown());

        assertThat(result.operators()).extracting(OperatorUsage::watches)
                .containsExactly("bench-0 (Lease in firefly-operator-0)", "bench-1 (Lease in firefly-operator-1)");
        assertThat(result.operators()).as("both reconciled").allSatisfy(operator ->
                assertThat(operator.cpuDeploy()).isPositive());
        assertThat(result.deployCalls().get("CreateChangeSet")).as("one change set per stack, by one operator")
                .isEqualTo(stacks);
        assertThat(result.deployCalls().get("ExecuteChangeSet")).as("one execution per stack").isEqualTo(stacks);
        assertThat(result.deleteCalls().get("DeleteStack")).as("one DeleteStack per stack").isEqualTo(stacks);
    }
}
