package io.firefly.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What one run of {@link ScaleBenchmark} measured, and its Markdown report for docs/benchmarks.md. */
record BenchmarkResult(int stacks, ScaleBenchmark.Setup setup, Duration toAllReady, List<Duration> readyLags,
                       Map<String, Long> deployCalls, Duration steadyWindow,
                       Map<String, Long> steadyCalls, Duration toAllDeleted, Map<String, Long> deleteCalls,
                       long heapAtStartBytes, long heapSteadyBytes, long residentSteadyBytes) {

    long steadyCount(String action) {
        return steadyCalls.getOrDefault(action, 0L);
    }

    /** Stable poll intervals in the steady window: at most one bulk listing (of its pages) is due per interval. */
    long stablePollsInWindow() {
        return steadyWindow.toMillis() / setup.stable().toMillis();
    }

    /** The Ready lag below which this share (0 to 1) of the stacks fall. */
    Duration readyLag(double quantile) {
        return readyLags.get((int) Math.min(readyLags.size() - 1, Math.ceil(quantile * readyLags.size()) - 1));
    }

    /** AWS calls made for the deploy, per stack created; SQS's receives and deletes are shared by all stacks. */
    double callsPerStack() {
        return deployCalls.values().stream().mapToLong(Long::longValue).sum() / (double) stacks;
    }

    String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("### ").append(stacks).append(" FireflyStacks (").append(stacks / 2).append(" tables, ")
                .append(stacks / 2).append(" Lambda stacks), ").append(setup.describe()).append("\n\n");
        out.append("| measure | value |\n| --- | --- |\n");
        row(out, "time from apply to all Ready", seconds(toAllReady));
        row(out, "Ready lag after the stack's last CloudFormation event, p50 / p99 / max",
                millis(readyLag(0.5)) + " / " + millis(readyLag(0.99)) + " / " + millis(readyLag(1.0)));
        row(out, "AWS calls per stack created", String.format("%.2f", callsPerStack()));
        row(out, "time from delete to all gone", seconds(toAllDeleted));
        row(out, "operator heap used, before the stacks / steady", mib(heapAtStartBytes) + " / " + mib(heapSteadyBytes));
        row(out, "operator resident memory, steady", residentSteadyBytes < 0 ? "n/a" : mib(residentSteadyBytes));
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

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }

    private static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / (1024.0 * 1024.0));
    }
}
