package io.firefly.offlineaws;

import io.firefly.offlineaws.control.Faults;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import io.firefly.offlineaws.control.RateLimits;
import io.firefly.offlineaws.sts.Roles;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline AWS as a standalone process ({@code bin/offline-aws}): runs in the foreground until stopped,
 * and prints exactly one line on standard output once it accepts requests. Everything else (DynamoDB
 * Local's banner, logs, errors) goes to standard error.
 */
public final class OfflineAwsMain {

    static final String USAGE = """
            usage: bin/offline-aws [options]
              --port N                          listen on 127.0.0.1:N (default 4566; 0 picks a free port)
              --region R                        the region served, in ARNs and replies (default us-east-1)
              --account-id A                    the default account: the base identity's, in its ARNs (default 123456789012)
              --session-seconds N               STS sessions last at most N seconds, whatever DurationSeconds asked
              --role-external-id ROLE_ARN=ID    AssumeRole of that role needs that ExternalId (repeatable)
              --deny-role ROLE_ARN              AssumeRole of that role is AccessDenied (repeatable)
              --resource-step-delay D           time each resource operation takes (default 200ms)
              --change-set-delay D              time a change set stays CREATE_PENDING/CREATE_IN_PROGRESS, and a drift
                                                detection DETECTION_IN_PROGRESS (default 200ms)
              --page-size N                     stacks per DescribeStacks/ListStacks page (default 100)
              --change-set-limit N              change sets a stack may hold (default 1000)
              --rate-limit SPEC                 refuse requests over these rates as AWS throttles them:
                                                Action=N/s,Prefix*=N/s,dynamodb:Action=N/s, or aws for
                                                CloudFormation-like defaults (see docs/offline-aws.md)
              --throttle RATE                   throttle this share (0..1) of requests
              --throttle-actions A,B            ... only of these actions (default: all)
              --latency D                       delay every request by D
              --fail-resource LOGICAL_ID=REASON next create/update of that resource fails (repeatable)
              --pitr-blocks-delete              tables with point-in-time recovery on cannot be deleted by a stack
              --rollback-keeps-non-empty-tables a rollback cannot delete a table that holds items
            durations: 500ms, 2s, 1m or ISO-8601 (PT0.5S)""";

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    /** The parsed command line: the server's options, the faults to switch on at start and the roles declared. */
    record CommandLine(OfflineAwsOptions options, double throttleRate, Set<String> throttleActions, Duration latency,
                       Map<String, String> failingResources, boolean pitrBlocksDelete, boolean rollbackKeepsNonEmptyTables,
                       Map<String, String> externalIds, Set<String> deniedRoles) {

        void applyRoles(Roles roles) {
            externalIds.forEach(roles::requireExternalId);
            deniedRoles.forEach(roles::deny);
        }

        void applyFaults(Faults faults) {
            if (throttleRate > 0) {
                faults.throttle(throttleRate, throttleActions);
            }
            faults.latency(latency);
            failingResources.forEach(faults::failResource);
            faults.pitrBlocksDelete(pitrBlocksDelete);
            faults.rollbackKeepsNonEmptyTables(rollbackKeepsNonEmptyTables);
        }
    }

    private OfflineAwsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        PrintStream stdout = System.out;
        System.setOut(System.err);
        CommandLine commandLine;
        try {
            commandLine = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("offline-aws: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        OfflineAws aws = OfflineAws.start(commandLine.options());
        commandLine.applyFaults(aws.faults());
        commandLine.applyRoles(aws.roles());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            aws.close();
            stopped.countDown();
        }, "offline-aws-shutdown"));
        stdout.println(readyLine(aws));
        stdout.flush();
        stopped.await();
    }

    static String readyLine(OfflineAws aws) {
        return "offline-aws listening on " + aws.endpoint() + " (region " + aws.region() + ", account " + aws.accountId() + ")";
    }

    static CommandLine parse(String[] args) {
        OfflineAwsOptions options = OfflineAwsOptions.defaults().withPort(OfflineAwsOptions.DEFAULT_PORT);
        double throttleRate = 0;
        Set<String> throttleActions = Set.of();
        Duration latency = Duration.ZERO;
        Map<String, String> failing = new LinkedHashMap<>();
        boolean pitrBlocksDelete = false;
        boolean rollbackKeepsNonEmptyTables = false;
        Map<String, String> externalIds = new LinkedHashMap<>();
        Set<String> deniedRoles = new LinkedHashSet<>();
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String flag = rest.remove(0);
            switch (flag) {
                case "--port" -> options = options.withPort(integer(flag, value(flag, rest)));
                case "--region" -> options = options.withRegion(value(flag, rest));
                case "--account-id" -> options = options.withAccountId(value(flag, rest));
                case "--resource-step-delay" -> options = options.withResourceStepDelay(duration(flag, value(flag, rest)));
                case "--change-set-delay" -> options = options.withChangeSetDelay(duration(flag, value(flag, rest)));
                case "--page-size" -> options = options.withDescribeStacksPageSize(integer(flag, value(flag, rest)));
                case "--change-set-limit" -> options = options.withChangeSetLimit(integer(flag, value(flag, rest)));
                case "--rate-limit" -> options = options.withRateLimits(RateLimits.parse(value(flag, rest)));
                case "--session-seconds" -> options = options.withSessionSeconds(integer(flag, value(flag, rest)));
                case "--role-external-id" -> {
                    String spec = value(flag, rest);
                    int eq = spec.indexOf('=');
                    if (eq < 1 || eq == spec.length() - 1) {
                        throw new IllegalArgumentException("--role-external-id takes ROLE_ARN=EXTERNAL_ID, got " + spec);
                    }
                    externalIds.put(spec.substring(0, eq), spec.substring(eq + 1));
                }
                case "--deny-role" -> deniedRoles.add(value(flag, rest));
                case "--throttle" -> throttleRate = rate(value(flag, rest));
                case "--throttle-actions" -> throttleActions = new LinkedHashSet<>(Arrays.asList(value(flag, rest).split(",")));
                case "--latency" -> latency = duration(flag, value(flag, rest));
                case "--fail-resource" -> {
                    String spec = value(flag, rest);
                    int eq = spec.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--fail-resource takes LOGICAL_ID=REASON, got " + spec);
                    }
                    failing.put(spec.substring(0, eq), spec.substring(eq + 1));
                }
                case "--pitr-blocks-delete" -> pitrBlocksDelete = true;
                case "--rollback-keeps-non-empty-tables" -> rollbackKeepsNonEmptyTables = true;
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new CommandLine(options, throttleRate, throttleActions, latency, failing, pitrBlocksDelete, rollbackKeepsNonEmptyTables,
                externalIds, deniedRoles);
    }

    private static String value(String flag, List<String> rest) {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return rest.remove(0);
    }

    private static int integer(String flag, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number, got " + text);
        }
    }

    private static double rate(String text) {
        try {
            double rate = Double.parseDouble(text);
            if (rate >= 0 && rate <= 1) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--throttle takes a share of requests between 0 and 1, got " + text);
    }

    /** 500ms, 2s, 1m, or ISO-8601 such as PT0.5S. */
    static Duration duration(String flag, String text) {
        Matcher m = DURATION.matcher(text);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMinutes(amount);
            };
        }
        try {
            return Duration.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(flag + " takes a duration such as 500ms, 2s or PT0.5S, got " + text);
        }
    }
}
