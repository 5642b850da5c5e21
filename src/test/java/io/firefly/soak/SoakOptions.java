package io.firefly.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a soak runs.
 *
 * @param seed    drives the graph and every choice of disruption
 * @param chaos   how long the disruptions go on (deploy before, convergence and teardown after, come on top)
 * @param stacks  FireflyStacks in the graph
 * @param workDir where the operators' logs and the report go
 */
record SoakOptions(long seed, Duration chaos, int stacks, Path workDir) {

    static SoakOptions parse(String[] args) {
        List<String> list = List.of(args);
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            if (!List.of("--seed", "--minutes", "--stacks").contains(arg) || i + 1 >= list.size()) {
                throw new IllegalArgumentException("unknown or incomplete argument " + arg
                        + "; usage: bin/soak [--seed N] [--minutes M] [--stacks S]");
            }
            i++;
        }
        long seed = Long.parseLong(value(list, "--seed", "1"));
        long minutes = Long.parseLong(value(list, "--minutes", "10"));
        int stacks = Integer.parseInt(value(list, "--stacks", "200"));
        return new SoakOptions(seed, Duration.ofMinutes(minutes), stacks, Path.of("target", "soak"));
    }

    private static String value(List<String> args, String name, String fallback) {
        int at = args.indexOf(name);
        return at >= 0 ? args.get(at + 1) : fallback;
    }
}
