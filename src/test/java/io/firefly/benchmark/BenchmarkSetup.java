package io.firefly.benchmark;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How one benchmark run is set up: the operator's polls, whether it reads CloudFormation's events, how fast
 * the offline AWS works and which rate limits it enforces, the operator's JVM options, how many operators
 * share the stacks, and what else the cluster holds.
 *
 * @param inProgress firefly.poll.in-progress
 * @param stable     firefly.poll.stable: the steady window is counted in these
 * @param stepDelay  how long the offline AWS takes for each resource step and for each change set
 * @param events     whether the operator reads a queue that CloudFormation's stack events reach
 * @param dropRate   the share (0 to 1) of those events the offline EventBridge drops
 * @param rateLimits the offline AWS's rate limits ({@code --rate-limit}, docs/offline-aws.md); null for none
 * @param jvmOptions the operator JVM's options
 * @param jvmEnvironment the operator process's environment beside the operator's own settings: the image's
 *                       allocator settings, or nothing with {@code --jvm-options}, where the benchmark's own
 *                       environment passes through
 * @param operators  how many operators: one watching every namespace, or that many each watching one namespace
 *                   of stacks ({@link Operators})
 * @param unrelated  the ConfigMaps and Secrets no FireflyStack reads, created before the operator starts
 */
record BenchmarkSetup(Duration inProgress, Duration stable, Duration stepDelay, boolean events, double dropRate,
                      String rateLimits, List<String> jvmOptions, Map<String, String> jvmEnvironment, int operators,
                      UnrelatedObjects unrelated) {

    /**
     * The demo's intervals and a fast offline AWS, without events or limits, with the JVM settings the image ships,
     * one operator in a cluster holding as many other objects as a real one.
     */
    static final BenchmarkSetup DEMO = new BenchmarkSetup(Duration.ofMillis(500), Duration.ofSeconds(5),
            Duration.ofMillis(50), false, 0, null, ImageJvm.shipped().options(), ImageJvm.shipped().allocatorEnvironment(),
            1, UnrelatedObjects.REAL_CLUSTER);

    BenchmarkSetup {
        if (dropRate < 0 || dropRate > 1) {
            throw new IllegalArgumentException("--drop-events is a share from 0 to 1, got " + dropRate);
        }
        if (operators < 1) {
            throw new IllegalArgumentException("--operators is at least 1, got " + operators);
        }
        jvmOptions = List.copyOf(jvmOptions);
        jvmEnvironment = Map.copyOf(jvmEnvironment);
    }

    /**
     * {@code --in-progress 0.5S --stable 5S --step-delay 50MS} (ISO-8601 durations without the PT),
     * {@code --events}, {@code --drop-events 0.3} (which turns events on), {@code --rate-limit SPEC},
     * {@code --jvm-options "-Xmx256m ..."}, {@code --operators 2}, {@code --unrelated-configmaps 10000},
     * {@code --unrelated-secrets 2000}; what is not given is as in {@link #DEMO}.
     */
    static BenchmarkSetup fromArgs(String[] args) {
        double drop = Double.parseDouble(arg(args, "--drop-events", "0"));
        String jvm = arg(args, "--jvm-options", null);
        return new BenchmarkSetup(
                duration(arg(args, "--in-progress", null), DEMO.inProgress),
                duration(arg(args, "--stable", null), DEMO.stable),
                duration(arg(args, "--step-delay", null), DEMO.stepDelay),
                List.of(args).contains("--events") || drop > 0, drop,
                arg(args, "--rate-limit", null),
                jvm == null ? DEMO.jvmOptions : Arrays.stream(jvm.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList(),
                jvm == null ? DEMO.jvmEnvironment : Map.of(),
                intArg(args, "--operators", DEMO.operators),
                new UnrelatedObjects(intArg(args, "--unrelated-configmaps", DEMO.unrelated.configMaps()),
                        intArg(args, "--unrelated-secrets", DEMO.unrelated.secrets())));
    }

    /** The same run in a cluster holding other unrelated objects. */
    BenchmarkSetup withUnrelated(UnrelatedObjects other) {
        return new BenchmarkSetup(inProgress, stable, stepDelay, events, dropRate, rateLimits, jvmOptions, jvmEnvironment,
                operators, other);
    }

    /** The same run with the offline AWS enforcing these rate limits ({@code --rate-limit}). */
    BenchmarkSetup withRateLimits(String spec) {
        return new BenchmarkSetup(inProgress, stable, stepDelay, events, dropRate, spec, jvmOptions, jvmEnvironment,
                operators, unrelated);
    }

    /** The same run with that many operators. */
    BenchmarkSetup withOperators(int count) {
        return new BenchmarkSetup(inProgress, stable, stepDelay, events, dropRate, rateLimits, jvmOptions, jvmEnvironment,
                count, unrelated);
    }

    /** The namespaces the FireflyStacks go to: {@code bench} for one operator, {@code bench-0} ... for shards. */
    List<String> stackNamespaces() {
        return operators == 1 ? List.of("bench")
                : java.util.stream.IntStream.range(0, operators).mapToObj(i -> "bench-" + i).toList();
    }

    /** One line for the report's heading. */
    String describe() {
        return "in-progress poll " + seconds(inProgress) + ", stable poll " + seconds(stable)
                + ", offline AWS step " + seconds(stepDelay) + ", "
                + (events ? "events on" + (dropRate > 0 ? " with " + Math.round(dropRate * 100) + " % dropped" : "") : "events off")
                + ", rate limits " + (rateLimits == null ? "none" : rateLimits)
                + (operators == 1 ? ", one operator watching all namespaces"
                : ", " + operators + " operators each watching one namespace of stacks")
                + ", " + unrelated.describe(stackNamespaces());
    }

    /** Tells the results files of different setups apart: results-200-events-drop30-operators2.md. */
    String fileSuffix() {
        return (events ? "-events" : "") + (dropRate > 0 ? "-drop" + Math.round(dropRate * 100) : "")
                + (rateLimits != null ? "-limited" : "") + (operators > 1 ? "-operators" + operators : "")
                + (unrelated.equals(DEMO.unrelated) ? "" : "-unrelated" + unrelated.configMaps() + "-" + unrelated.secrets());
    }

    static int intArg(String[] args, String name, int fallback) {
        String value = arg(args, name, null);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static Duration duration(String text, Duration fallback) {
        return text == null ? fallback : Duration.parse("PT" + text);
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return (millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0)) + " s";
    }

    private static String arg(String[] args, String name, String fallback) {
        List<String> list = List.of(args);
        int at = list.indexOf(name);
        return at >= 0 && at + 1 < list.size() ? list.get(at + 1) : fallback;
    }
}
