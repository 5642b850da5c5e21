package io.firefly.soak;

import io.firefly.soak.Replicas.TermExit;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one soak found: the figures of the run and, per invariant, its violations (none when it held).
 *
 * @param toReady         from applying every FireflyStack to all Ready, before the disruptions
 * @param toConverge      from the end of the disruptions to every object Ready at its generation or gone
 * @param toTornDown      from deleting every FireflyStack to all gone
 * @param operatorCalls   the operator's AWS calls over the whole run, by action
 * @param callsPerMinute  the operator's AWS calls in each minute of the run
 * @param callBound       the most calls a minute may hold
 */
record SoakReport(SoakOptions options, int tables, int imported, int retained, Duration toReady, Duration toConverge,
                  Duration toTornDown, Duration total, Map<String, Long> disruptions, Map<String, Long> operatorCalls,
                  List<Long> callsPerMinute, long callBound, long stackLives, long tablesDeletedWithItems,
                  long statusesSeen, List<TermExit> termExits, Map<String, List<String>> violations) {

    boolean passed() {
        return violations.values().stream().allMatch(List::isEmpty);
    }

    String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("### Soak: seed ").append(options.seed()).append(", ").append(options.stacks()).append(" stacks, ")
                .append(seconds(options.chaos())).append(" of disruptions\n\n");
        out.append("| measure | value |\n| --- | --- |\n");
        row(out, "graph", "%d table stacks (%d imported, %d with deletionPolicy Retain), %d Lambda stacks"
                .formatted(tables, imported, retained, options.stacks() - tables));
        row(out, "from apply to all Ready", seconds(toReady));
        row(out, "from the end of the disruptions to all Ready or gone", seconds(toConverge));
        row(out, "from deleting everything to all gone", seconds(toTornDown));
        row(out, "whole run", seconds(total));
        row(out, "stack lives (CREATE and IMPORT change sets)", String.valueOf(stackLives));
        row(out, "tables deleted holding items (manifest said Delete, deletion asked)", String.valueOf(tablesDeletedWithItems));
        row(out, "statuses written by the operator and checked", String.valueOf(statusesSeen));
        row(out, "operator AWS calls", operatorCalls.values().stream().mapToLong(Long::longValue).sum() + "");
        row(out, "operator AWS calls per minute: mean / most / bound", "%.0f / %d / %d".formatted(
                callsPerMinute.stream().mapToLong(Long::longValue).average().orElse(0),
                callsPerMinute.stream().mapToLong(Long::longValue).max().orElse(0), callBound));
        row(out, "SIGTERM to exit: most", termExits.stream().map(TermExit::took).max(Duration::compareTo)
                .map(SoakReport::seconds).orElse("n/a") + " (" + termExits.size() + " SIGTERMs)");
        out.append("\n| disruption | count |\n| --- | --- |\n");
        disruptions.forEach((kind, count) -> row(out, kind, String.valueOf(count)));
        out.append("\n| operator AWS call | count |\n| --- | --- |\n");
        operatorCalls.forEach((action, count) -> row(out, action, String.valueOf(count)));
        out.append("\n| invariant | violations |\n| --- | --- |\n");
        violations.forEach((invariant, found) -> row(out, invariant, found.isEmpty() ? "none" : String.valueOf(found.size())));
        violations.forEach((invariant, found) -> found.forEach(v -> out.append("\nVIOLATION ").append(invariant).append(": ").append(v)));
        out.append(passed() ? "\nEvery invariant held.\n" : "\n");
        return out.toString();
    }

    private static void row(StringBuilder out, String measure, String value) {
        out.append("| ").append(measure).append(" | ").append(value).append(" |\n");
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
