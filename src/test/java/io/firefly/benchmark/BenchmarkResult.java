package io.firefly.benchmark;

import java.time.Duration;
import java.util.Map;

/** What one run of {@link ScaleBenchmark} measured, and its Markdown report for docs/benchmarks.md. */
record BenchmarkResult(int stacks, Duration toAllReady, Map<String, Long> deployCalls, Duration steadyWindow,
                       Map<String, Long> steadyCalls, Duration toAllDeleted, Map<String, Long> deleteCalls,
                       long heapAtStartBytes, long heapSteadyBytes, long residentSteadyBytes,
                       LimitMeasures limits) {

    long steadyCount(String action) {
        return steadyCalls.getOrDefault(action, 0L);
    }

    /** Stable poll intervals in the steady window: at most one bulk listing (of its pages) is due per interval. */
    long stablePollsInWindow() {
        return steadyWindow.toMillis() / ScaleBenchmark.STABLE_POLL.toMillis();
    }

    String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("### ").append(stacks).append(" FireflyStacks (").append(stacks / 2).append(" tables, ")
                .append(stacks / 2).append(" Lambda stacks)\n\n");
        out.append("| measure | value |\n| --- | --- |\n");
        row(out, "time from apply to all Ready", seconds(toAllReady));
        row(out, "time from delete to all gone", seconds(toAllDeleted));
        row(out, "operator heap used, before the stacks / steady", mib(heapAtStartBytes) + " / " + mib(heapSteadyBytes));
        row(out, "operator resident memory, steady", residentSteadyBytes < 0 ? "n/a" : mib(residentSteadyBytes));
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

    private static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / (1024.0 * 1024.0));
    }
}
