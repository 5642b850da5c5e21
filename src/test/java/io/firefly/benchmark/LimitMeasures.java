package io.firefly.benchmark;

import io.firefly.offlineaws.control.AwsCall;
import io.firefly.offlineaws.control.RateLimits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The deploy measured against its limit, CloudFormation itself: the critical path (the longest chain of a
 * table stack then the stack reading its outputs, in CloudFormation's own time), the time from apply to all
 * Ready and their ratio; how long after CloudFormation's last event each FireflyStack showed Ready.
 *
 * @param rateLimits    the offline AWS's rate limits, "none" when off
 * @param throttled     calls refused for their rate during the deploy
 * @param quotaTime     the least time the rate limits allow for the calls of the deploy that succeeded: for each
 *                      limit, the calls it charged divided by its rate; the longest (zero without limits)
 * @param quotaBinding  the limit that gives {@link #quotaTime}, with its calls; empty without limits
 */
record LimitMeasures(String rateLimits, Duration criticalPath, Duration toAllReady, Duration lagMedian, Duration lagP99,
                     Duration lagMax, long throttled, Duration quotaTime, String quotaBinding) {

    /** @param chains for each table stack, the stack reading its outputs: stack names as CloudFormation knows them */
    static LimitMeasures of(String rateLimits, Map<String, String> chains, Map<String, CloudFormationTimeline> timelines,
                            Map<String, Instant> readyByStackName, Duration toAllReady, List<AwsCall> deployCalls) {
        Duration critical = chains.entrySet().stream()
                .map(chain -> timelines.get(chain.getKey()).ownTime().plus(timelines.get(chain.getValue()).ownTime()))
                .max(Duration::compareTo).orElse(Duration.ZERO);
        List<Duration> lags = new ArrayList<>();
        timelines.forEach((name, timeline) -> lags.add(Duration.between(timeline.lastEvent(), readyByStackName.get(name))));
        lags.sort(Duration::compareTo);
        long throttled = deployCalls.stream().filter(c -> "Throttling".equals(c.errorCode()) || "ThrottlingException".equals(c.errorCode())).count();
        RateLimits limits = "none".equals(rateLimits) ? RateLimits.none() : RateLimits.parse(rateLimits);
        Duration quotaTime = Duration.ZERO;
        String binding = "";
        for (RateLimits.Rule rule : limits.rules()) {
            long charged = deployCalls.stream().filter(c -> !c.failed())
                    .filter(c -> limits.ruleFor(c.service(), c.action()).filter(rule::equals).isPresent()).count();
            Duration time = Duration.ofMillis(Math.round(charged * 1000 / rule.perSecond()));
            if (time.compareTo(quotaTime) > 0) {
                quotaTime = time;
                binding = String.format("%s at %s/s: %d calls", rule.action(), rule.perSecond(), charged);
            }
        }
        return new LimitMeasures(rateLimits, critical, toAllReady, percentile(lags, 50), percentile(lags, 99),
                percentile(lags, 100), throttled, quotaTime, binding);
    }

    private static Duration percentile(List<Duration> sorted, int p) {
        return sorted.isEmpty() ? Duration.ZERO : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    double readyToCriticalPath() {
        return toAllReady.toMillis() / (double) Math.max(1, criticalPath.toMillis());
    }

    /** Time to all Ready over the least time the rate limits allow; zero without limits. */
    double readyToQuotaTime() {
        return quotaTime.isZero() ? 0 : toAllReady.toMillis() / (double) quotaTime.toMillis();
    }

    void appendMarkdown(StringBuilder out) {
        out.append("\n| against the limit | value |\n| --- | --- |\n");
        row(out, "rate limits", rateLimits);
        row(out, "critical path (table then dependent, CloudFormation's own time)", seconds(criticalPath));
        row(out, "time from apply to all Ready", seconds(toAllReady));
        row(out, "ratio", String.format("%.2f", readyToCriticalPath()));
        row(out, "lag from last stack event to Ready (watched), median / p99 / max",
                seconds(lagMedian) + " / " + seconds(lagP99) + " / " + seconds(lagMax));
        row(out, "calls throttled during deploy", String.valueOf(throttled));
        if (!quotaTime.isZero()) {
            row(out, "time the rate limits allow (successful calls ÷ rate, the binding limit)",
                    seconds(quotaTime) + " (" + quotaBinding + ")");
            row(out, "ratio of time to all Ready to it", String.format("%.2f", readyToQuotaTime()));
        }
    }

    private static void row(StringBuilder out, String measure, String value) {
        out.append("| ").append(measure).append(" | ").append(value).append(" |\n");
    }

    private static String seconds(Duration d) {
        return String.format("%.2f s", d.toMillis() / 1000.0);
    }

    /** utime + stime of a process, from /proc/PID/stat (Linux, 100 ticks a second); zero where there is none. */
    static Duration cpuTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // fields after the command name, which is in parentheses and may hold spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return Duration.ofMillis(ticks * 10);
        } catch (IOException | RuntimeException e) {
            return Duration.ZERO;
        }
    }
}
