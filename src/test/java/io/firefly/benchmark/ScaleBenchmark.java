package io.firefly.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.firefly.demo.EmbeddedKubernetes;
import io.firefly.offlineaws.control.AwsCall;
import io.firefly.offlineaws.AwsClients;
import io.firefly.offlineaws.OfflineAws;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import io.firefly.offlineaws.control.RateLimits;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import io.firefly.operator.api.ParameterSource;
import io.firefly.operator.api.Phase;
import io.firefly.operator.api.StackOutputRef;
import io.firefly.operator.api.StackParameter;
import io.firefly.operator.api.TemplateSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/**
 * How the operator scales with the number of FireflyStacks: the packaged operator, in its own process,
 * against the embedded Kubernetes API and the offline AWS. Half the stacks are table stacks, half are
 * Lambda stacks that each read a table's outputs, as in the firefly examples. It measures the time to all
 * Ready, the AWS calls by operation for the deploy, a window of steady state (the bulk status listing),
 * the time to delete everything, and the operator's memory; and how long after CloudFormation's last event
 * for its stack each FireflyStack was Ready. Before the operator starts, the cluster is given the ConfigMaps and
 * Secrets of other applications that a real one holds ({@link UnrelatedObjects}). With several operators
 * ({@link Operators}) the stacks are split over as many namespaces, a table and the Lambda stack reading it
 * always in the same one, and each operator watches one. With events on ({@link BenchmarkSetup}) the offline AWS sends
 * CloudFormation's stack events through an EventBridge rule to an SQS queue that the operator reads,
 * optionally dropping a share of them. {@code bin/benchmark} runs it; the results of record are in
 * docs/benchmarks.md.
 */
public final class ScaleBenchmark {
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    private static final String EVENTS_QUEUE = "firefly-stack-events";
    private static final String STACK_EVENTS_PATTERN =
            "{\"source\":[\"aws.cloudformation\"],\"detail-type\":[\"CloudFormation Stack Status Change\"],"
            + "\"detail\":{\"status-details\":{\"status\":[{\"anything-but\":{\"suffix\":\"_IN_PROGRESS\"}}]}}}";

    private final Path workDir;

    ScaleBenchmark(Path workDir) {
        this.workDir = workDir;
    }

    public static void main(String[] args) throws IOException {
        int stacks = BenchmarkSetup.intArg(args, "--stacks", 100);
        Duration steady = Duration.ofSeconds(BenchmarkSetup.intArg(args, "--steady-seconds", 30));
        BenchmarkSetup setup = BenchmarkSetup.fromArgs(args);
        Path workDir = Path.of("target", "benchmark");
        BenchmarkResult result = new ScaleBenchmark(workDir).run(stacks, steady, setup);
        String report = result.toMarkdown();
        Files.writeString(workDir.resolve("results-" + stacks + setup.fileSuffix() + ".md"), report);
        System.out.println(report);
        System.exit(0);
    }

    BenchmarkResult run(int stackCount, Duration steadyWindow, BenchmarkSetup setup) {
        if (stackCount < 2 || stackCount % 2 != 0) {
            throw new IllegalArgumentException("--stacks must be an even number of at least 2: half tables, half Lambdas");
        }
        int pairs = stackCount / 2;
        List<String> namespaces = setup.stackNamespaces();
        try (OfflineAws aws = OfflineAws.start(OfflineAwsOptions.defaults()
                .withResourceStepDelay(setup.stepDelay()).withChangeSetDelay(setup.stepDelay())
                .withRateLimits(setup.rateLimits() == null ? RateLimits.none() : RateLimits.parse(setup.rateLimits())));
             EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start(0, workDir)) {
            KubernetesClient client = kubernetes.client();
            namespaces.forEach(namespace -> client.namespaces()
                    .resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create());
            Duration unrelatedSetup = setup.unrelated().create(client, namespaces);
            System.out.printf("Created %d unrelated ConfigMaps and %d Secrets in %.1f s%n",
                    setup.unrelated().configMaps(), setup.unrelated().secrets(), unrelatedSetup.toMillis() / 1000.0);
            try (Operators operators = Operators.start(client, kubernetes.kubeconfig(), aws.endpoint(), namespaces,
                    environment(aws, setup), setup.jvmOptions(), workDir.resolve("operator-" + stackCount + setup.fileSuffix()))) {
                return measure(client, aws, operators, pairs, steadyWindow, setup, unrelatedSetup);
            }
        }
    }

    /** Applies the stacks, pair i in the i-th namespace round the list, waits for all Ready, holds, deletes. */
    private static BenchmarkResult measure(KubernetesClient client, OfflineAws aws, Operators operators, int pairs,
                                           Duration steadyWindow, BenchmarkSetup setup, Duration unrelatedSetup) {
        int stackCount = pairs * 2;
        List<String> namespaces = setup.stackNamespaces();
        List<Long> heapAtStart = operators.heapUsed();
        aws.eventBus().faults().drop(setup.dropRate());
        ReadyWatch readyWatch = new ReadyWatch(client);

        Instant applied = Instant.now();
        List<Duration> cpuAtApply = operators.cpuTimes();
        Duration harnessCpuAtApply = LimitMeasures.cpuTime(ProcessHandle.current().pid());
        IntStream.range(0, pairs).forEach(i -> {
            // a Lambda stack reads outputs of a stack in its own namespace
            String namespace = namespaces.get(i % namespaces.size());
            client.resource(tableStack(namespace, i)).create();
            client.resource(functionStack(namespace, i)).create();
        });
        await(client, operators, "all Ready", all -> all.size() == stackCount
                && all.stream().allMatch(s -> s.getStatus() != null && s.getStatus().getPhase() == Phase.Ready));
        Duration toReady = Duration.between(applied, Instant.now());
        Map<String, Long> deployCalls = byAction(aws.calls().all(), applied, Instant.now());
        List<Duration> cpuAtReady = operators.cpuTimes();
        Duration harnessCpu = LimitMeasures.cpuTime(ProcessHandle.current().pid()).minus(harnessCpuAtApply);
        List<Long> residentReady = operators.resident("VmRSS");
        LimitMeasures limits = measureLimits(aws, pairs, setup, readyWatch, toReady, applied);
        readyWatch.close();
        writeCallLog(aws, applied, setup, stackCount);
        // the deploy's figures, printed now in case the rest of the run does not finish
        System.out.printf("All Ready in %.1f s (critical path %.1f s); %.2f AWS calls per stack; operator CPU %s; "
                        + "resident %s MiB; the benchmark's process CPU %.1f s%n",
                toReady.toMillis() / 1000.0, limits.criticalPath().toMillis() / 1000.0,
                deployCalls.values().stream().mapToLong(Long::longValue).sum() / (double) stackCount,
                IntStream.range(0, cpuAtApply.size()).mapToObj(i -> cpuAtReady.get(i).minus(cpuAtApply.get(i)).toMillis() / 1000.0 + " s").toList(),
                residentReady.stream().map(bytes -> bytes / 1048576).toList(), harnessCpu.toMillis() / 1000.0);

        // A measurement window, not a wait for a condition: the operator's steady-state calls per interval.
        Instant steadyFrom = Instant.now();
        List<Duration> cpuAtSteady = operators.cpuTimes();
        Duration harnessCpuAtSteady = LimitMeasures.cpuTime(ProcessHandle.current().pid());
        pause(steadyWindow);
        List<Duration> cpuAfterSteady = operators.cpuTimes();
        Duration harnessCpuSteady = LimitMeasures.cpuTime(ProcessHandle.current().pid()).minus(harnessCpuAtSteady);
        Map<String, Long> steadyCalls = byAction(aws.calls().all(), steadyFrom, Instant.now());
        List<Long> heapSteady = operators.heapUsed();
        List<Long> residentSteady = operators.resident("VmRSS");

        List<Duration> cpuAtDelete = operators.cpuTimes();
        Instant deleted = Instant.now();
        namespaces.forEach(namespace -> client.resources(FireflyStack.class).inNamespace(namespace).delete());
        await(client, operators, "everything deleted", List::isEmpty);
        Duration toGone = Duration.between(deleted, Instant.now());
        Map<String, Long> deleteCalls = byAction(aws.calls().all(), deleted, Instant.now());
        List<Long> residentPeak = operators.resident("VmHWM");
        List<Duration> cpuAtGone = operators.cpuTimes();

        List<OperatorUsage> usage = new ArrayList<>();
        for (int i = 0; i < operators.shards().size(); i++) {
            Operators.Shard shard = operators.shards().get(i);
            usage.add(new OperatorUsage(shard.describeWatches() + " (Lease in " + shard.leaseNamespace() + ")",
                    cpuAtReady.get(i).minus(cpuAtApply.get(i)), cpuAfterSteady.get(i).minus(cpuAtSteady.get(i)),
                    cpuAtGone.get(i).minus(cpuAtDelete.get(i)), heapAtStart.get(i), residentReady.get(i),
                    heapSteady.get(i), residentSteady.get(i), residentPeak.get(i)));
        }
        return new BenchmarkResult(stackCount, setup, unrelatedSetup, harnessCpu, harnessCpuSteady, toReady, deployCalls, steadyWindow, steadyCalls,
                toGone, deleteCalls, usage, limits);
    }

    /**
     * Every AWS call of the deploy, one line each (milliseconds after apply, service, action, stack, error code), in
     * {@code target/benchmark/calls-N*.csv}: what the report sums up, for looking at how a run spent its quota.
     */
    private static void writeCallLog(OfflineAws aws, Instant applied, BenchmarkSetup setup, int stackCount) {
        StringBuilder csv = new StringBuilder("ms,service,action,stack,error\n");
        aws.calls().all().stream().filter(c -> !c.at().isBefore(applied)).forEach(c -> csv
                .append(Duration.between(applied, c.at()).toMillis()).append(',').append(c.service()).append(',')
                .append(c.action()).append(',').append(c.stackName() == null ? "" : c.stackName()).append(',')
                .append(c.errorCode() == null ? "" : c.errorCode()).append('\n'));
        try {
            Files.createDirectories(Path.of("target", "benchmark"));
            Files.writeString(Path.of("target", "benchmark", "calls-" + stackCount + setup.fileSuffix() + ".csv"), csv);
        } catch (IOException e) {
            System.out.println("could not write the call log: " + e);
        }
    }

    /** The deploy against CloudFormation's own time, read from the offline AWS's stacks without calling its endpoint. */
    private static LimitMeasures measureLimits(OfflineAws aws, int pairs, BenchmarkSetup setup, ReadyWatch readyWatch,
                                               Duration toReady, Instant applied) {
        Map<String, String> chains = new java.util.HashMap<>();
        Map<String, CloudFormationTimeline> timelines = new java.util.HashMap<>();
        Map<String, Instant> ready = new java.util.HashMap<>();
        for (int i = 0; i < pairs; i++) {
            chains.put("bench-table-" + i, "bench-function-" + i);
            for (String name : List.of("table-" + i, "function-" + i)) {
                timelines.put("bench-" + name, CloudFormationTimeline.of(aws.stacks(), "bench-" + name, setup.stepDelay()));
                ready.put("bench-" + name, readyWatch.firstReady().get(name));
            }
        }
        List<AwsCall> deployCalls = aws.calls().all().stream().filter(c -> !c.at().isBefore(applied)).toList();
        return LimitMeasures.of(setup.rateLimits() == null ? "none" : setup.rateLimits(), chains, timelines, ready, toReady,
                deployCalls);
    }

    /**
     * The operator's intervals; with events on, the queue that an EventBridge rule feeds with CloudFormation's stack
     * status changes, wired as docs/events.md wires AWS. A stack no FireflyStack manages is created first, so that
     * the operator has heard from the region, as a running operator has, before the FireflyStacks are applied.
     */
    private static Map<String, String> environment(OfflineAws aws, BenchmarkSetup setup) {
        Map<String, String> env = new java.util.HashMap<>(setup.jvmEnvironment());
        env.put("FIREFLY_POLL_IN_PROGRESS", setup.inProgress().toMillis() + "ms");
        env.put("FIREFLY_POLL_STABLE", setup.stable().toMillis() + "ms");
        // the shipped firefly.poll.max-backoff, not the demo's few seconds: it bounds the retries of AWS errors
        env.put("FIREFLY_POLL_MAX_BACKOFF", "5m");
        if (setup.events()) {
            try (var sqs = AwsClients.sqs(aws); var cfn = AwsClients.cloudFormation(aws)) {
                String queueUrl = sqs.createQueue(b -> b.queueName(EVENTS_QUEUE)).queueUrl();
                aws.eventBus().putRule(EVENTS_QUEUE, json(STACK_EVENTS_PATTERN), STACK_EVENTS_PATTERN, true, null);
                aws.eventBus().putTargets(EVENTS_QUEUE, Map.of("queue", aws.queues().byUrl(queueUrl).orElseThrow().arn()));
                cfn.createStack(b -> b.stackName("unmanaged-warm-up").templateBody("Resources: {Topic: {Type: AWS::SNS::Topic}}"));
                env.put("FIREFLY_EVENTS_QUEUE_URL", queueUrl);
            }
        }
        return env;
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FireflyStack tableStack(String namespace, int i) {
        return stack(namespace, "table-" + i, """
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                    DeletionPolicy: Delete
                    Properties:
                      TableName: bench-table-%d
                      BillingMode: PAY_PER_REQUEST
                      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                      KeySchema: [{AttributeName: id, KeyType: HASH}]
                Outputs:
                  TableName: {Value: !Ref Table}
                  TableArn: {Value: !GetAtt Table.Arn}
                """.formatted(i), List.of());
    }

    private static FireflyStack functionStack(String namespace, int i) {
        return stack(namespace, "function-" + i, """
                Parameters:
                  TableName: {Type: String}
                  TableArn: {Type: String}
                Resources:
                  Function:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: python3.12
                      Handler: index.handler
                      Role: arn:aws:iam::123456789012:role/bench
                      Code: {ZipFile: "def handler(event, context): return None"}
                      Environment: {Variables: {TABLE_NAME: !Ref TableName, TABLE_ARN: !Ref TableArn}}
                """, List.of(output("TableName", "table-" + i), output("TableArn", "table-" + i)));
    }

    private static StackParameter output(String name, String stack) {
        return new StackParameter(name, null, new ParameterSource(new StackOutputRef(stack, name), null, null));
    }

    /** Named by its index, not its namespace: CloudFormation stack and table names are unique across the namespaces. */
    private static FireflyStack stack(String namespace, String name, String template, List<StackParameter> parameters) {
        FireflyStack stack = new FireflyStack();
        stack.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        FireflyStackSpec spec = new FireflyStackSpec();
        spec.setStackName("bench-" + name);
        spec.setTemplate(TemplateSource.inline(template));
        spec.setParameters(parameters);
        stack.setSpec(spec);
        return stack;
    }

    /**
     * Gives up at once when an operator process has ended (its log says why: an OOM kill, an error), and keeps
     * waiting through a list the embedded API does not answer in time, as it does when thousands of requests
     * meet thousands of stored objects.
     */
    private static void await(KubernetesClient client, Operators operators, String goal, Predicate<List<FireflyStack>> done) {
        Awaitility.await(goal).atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(KubernetesClientException.class)
                .failFast("an operator process ended", () -> operators.ended().ifPresent(log -> {
                    throw new IllegalStateException(log);
                }))
                .until(() -> client.resources(FireflyStack.class).inAnyNamespace().list().getItems(), done);
    }

    /** The operator's calls in [from, to), by action; DescribeStacks split into the bulk listing and reads by name. */
    static Map<String, Long> byAction(List<AwsCall> calls, Instant from, Instant to) {
        return calls.stream().filter(c -> !c.at().isBefore(from) && c.at().isBefore(to))
                .collect(Collectors.groupingBy(ScaleBenchmark::label, TreeMap::new, Collectors.counting()));
    }

    private static String label(AwsCall call) {
        if (call.action().equals("DescribeStacks")) {
            return call.stackName() == null ? "DescribeStacks (listing)" : "DescribeStacks (by name)";
        }
        return call.action();
    }

    private static void pause(Duration window) {
        try {
            Thread.sleep(window.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

}
