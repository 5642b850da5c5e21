package io.firefly.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one run of {@link ScaleBenchmark} measured, and its Markdown report for docs/benchmarks.md.
 *
 * @param unrelatedSetup how long creating the unrelated ConfigMaps and Secrets took
 * @param operators      what each operator process spent, in the order of their shards
 * @param harnessCpu     CPU time of the benchmark's own process (the embedded Kubernetes API, the offline AWS and
 *                       the benchmark) from apply to all Ready: what the operators shared the machine with
 * @param harnessCpuSteady the same in the steady window: mostly the API server answering the operators' steady reads
 */
record BenchmarkResult(int stacks, BenchmarkSetup setup, Duration unrelatedSetup, Duration harnessCpu,
                       Duration harnessCpuSteady, Duration toAllReady,
                       Map<String, Long> deployCalls, Duration steadyWindow, Map<String, Long> steadyCalls,
                       Duration toAllDeleted, Map<String, Long> deleteCalls, List<OperatorUsage> operators,
                       LimitMeasures limits) {

    BenchmarkResult {
        operators = List.copyOf(operators);
    }

    /** All operators together (the only one, when there is one). */
    OperatorUsage operatorTotal() {
        return OperatorUsage.total(operators);
    }

    long steadyCount(String action) {
        return steadyCalls.getOrDefault(action, 0L);
    }

    /** Stable poll intervals in the steady window: at most one bulk listing (of its pages) is due per interval. */
    long stablePollsInWindow() {
        return steadyWindow.toMillis() / setup.stable().toMillis();
    }

    /** Every AWS call of the deploy, SQS's receives and deletes included, per stack created. */
    double callsPerStack() {
        return deployCalls.values().stream().mapToLong(Long::longValue).sum() / (double) stacks;
    }

    /** The share of {@link #callsPerStack()} spent reading the events queue, shared by all stacks. */
    double queueCallsPerStack() {
        return deployCalls.entrySet().stream().filter(e -> QUEUE_ACTIONS.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum() / (double) stacks;
    }

    private static final java.util.Set<String> QUEUE_ACTIONS = java.util.Set.of("ReceiveMessage", "DeleteMessage", "DeleteMessageBatch");

    String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("### ").append(stacks).append(" FireflyStacks (").append(stacks / 2).append(" tables, ")
                .append(stacks / 2).append(" Lambda stacks)\n\n").append(setup.describe()).append(".\n")
                .append("Operator JVM: `").append(String.join(" ", setup.jvmOptions())).append("`")
                .append(setup.jvmEnvironment().isEmpty() ? "" : ", environment " + setup.jvmEnvironment()).append("\n\n");
        out.append("| measure | value |\n| --- | --- |\n");
        row(out, "unrelated ConfigMaps / Secrets, created before the operator started in",
                setup.unrelated().configMaps() + " / " + setup.unrelated().secrets() + ", " + seconds(unrelatedSetup));
        row(out, "time from apply to all Ready", seconds(toAllReady));
        row(out, "AWS calls per stack created (all actions)", String.format("%.2f", callsPerStack())
                + (setup.events() ? String.format(", of which SQS %.2f", queueCallsPerStack()) : ""));
        row(out, "time from delete to all gone", seconds(toAllDeleted));
        OperatorUsage total = operatorTotal();
        String who = operators.size() == 1 ? "operator" : "operators together";
        row(out, who + " CPU, apply to all Ready", seconds(total.cpuDeploy()));
        row(out, "embedded Kubernetes API and offline AWS (the benchmark's process) CPU, apply to all Ready",
                seconds(harnessCpu));
        row(out, who + " CPU, steady " + steadyWindow.toSeconds() + " s / delete to all gone",
                seconds(total.cpuSteady()) + " / " + seconds(total.cpuDelete()));
        row(out, "the benchmark's process CPU, steady " + steadyWindow.toSeconds() + " s", seconds(harnessCpuSteady));
        row(out, who + " heap used, before the stacks / steady", mib(total.heapAtStart()) + " / " + mib(total.heapSteady()));
        row(out, who + " resident memory, at all Ready / steady / peak of the run", resident(total));
        if (operators.size() > 1) {
            out.append("\n| operator watching | CPU, apply to all Ready | heap before the stacks / steady "
                    + "| resident at all Ready / steady / peak |\n| --- | --- | --- | --- |\n");
            for (OperatorUsage operator : operators) {
                out.append("| ").append(operator.watches()).append(" | ").append(seconds(operator.cpuDeploy())).append(" | ")
                        .append(mib(operator.heapAtStart())).append(" / ").append(mib(operator.heapSteady())).append(" | ")
                        .append(resident(operator)).append(" |\n");
            }
        }
        limits.appendMarkdown(out);
        out.append("\n| AWS calls | deploy | per stack | steady ").append(steadyWindow.toSeconds())
                .append(" s | delete |\n| --- | --- | --- | --- | --- |\n");
        var actions = new java.util.TreeSet<String>();
        actions.addAll(deployCalls.keySet());
        actions.addAll(steadyCalls.keySet());
        actions.addAll(deleteCalls.keySet());
        for (String action : actions) {
            long deploy = deployCalls.getOrDefault(action, 0L);
            out.append("| ").append(action).append(" | ").append(deploy).append(" | ")
                    .append(String.format("%.2f", deploy / (double) stacks)).append(" | ")
                    .append(steadyCount(action)).append(" | ").append(deleteCalls.getOrDefault(action, 0L)).append(" |\n");
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String measure, String value) {
        out.append("| ").append(measure).append(" | ").append(value).append(" |\n");
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    private static String resident(OperatorUsage usage) {
        return usage.residentSteady() < 0 ? "n/a"
                : mib(usage.residentReady()) + " / " + mib(usage.residentSteady()) + " / " + mib(usage.residentPeak());
    }

    private static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / (1024.0 * 1024.0));
    }
}
