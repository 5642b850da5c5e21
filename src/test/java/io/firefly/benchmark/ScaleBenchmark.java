package io.firefly.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.demo.EmbeddedKubernetes;
import io.firefly.demo.OperatorProcess;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/**
 * How the operator scales with the number of FireflyStacks: the packaged operator, in its own process,
 * against the embedded Kubernetes API and the offline AWS. Half the stacks are table stacks, half are
 * Lambda stacks that each read a table's outputs, as in the firefly examples. It measures the time to all
 * Ready, the AWS calls by operation for the deploy, a window of steady state (the bulk status listing),
 * the time to delete everything, and the operator's memory; and how long after CloudFormation's last event
 * for its stack each FireflyStack was Ready. With events on ({@link BenchmarkSetup}) the offline AWS sends
 * CloudFormation's stack events through an EventBridge rule to an SQS queue that the operator reads,
 * optionally dropping a share of them. {@code bin/benchmark} runs it; the results of record are in
 * docs/benchmarks.md.
 */
public final class ScaleBenchmark {
    static final String NAMESPACE = "bench";
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    private static final String EVENTS_QUEUE = "firefly-stack-events";
    private static final String STACK_EVENTS_PATTERN =
            "{\"source\":[\"aws.cloudformation\"],\"detail-type\":[\"CloudFormation Stack Status Change\"]}";

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

    BenchmarkResult run(int stackCount, Duration steadyWindow) {
        return run(stackCount, steadyWindow, BenchmarkSetup.DEMO);
    }

    BenchmarkResult run(int stackCount, Duration steadyWindow, BenchmarkSetup setup) {
        if (stackCount < 2 || stackCount % 2 != 0) {
            throw new IllegalArgumentException("--stacks must be an even number of at least 2: half tables, half Lambdas");
        }
        int pairs = stackCount / 2;
        try (OfflineAws aws = OfflineAws.start(OfflineAwsOptions.defaults()
                .withResourceStepDelay(setup.stepDelay()).withChangeSetDelay(setup.stepDelay())
                .withRateLimits(setup.rateLimits() == null ? RateLimits.none() : RateLimits.parse(setup.rateLimits())));
             EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start(0, workDir);
             OperatorProcess operator = OperatorProcess.start(kubernetes.kubeconfig(), aws.endpoint(),
                     workDir.resolve("operator-" + stackCount + setup.fileSuffix() + ".log"), environment(aws, setup),
                     setup.jvmOptions())) {
            KubernetesClient client = kubernetes.client();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                    .create();
            long heapAtStart = heapUsed(operator.metrics());
            aws.eventBus().faults().drop(setup.dropRate());
            ReadyWatch readyWatch = new ReadyWatch(client, NAMESPACE);

            Instant applied = Instant.now();
            Duration cpuAtApply = LimitMeasures.cpuTime(operator.pid());
            IntStream.range(0, pairs).forEach(i -> {
                client.resource(tableStack(i)).create();
                client.resource(functionStack(i)).create();
            });
            await(client, "all Ready", all -> all.size() == stackCount
                    && all.stream().allMatch(s -> s.getStatus() != null && s.getStatus().getPhase() == Phase.Ready));
            Duration toReady = Duration.between(applied, Instant.now());
            Map<String, Long> deployCalls = byAction(aws.calls().all(), applied, Instant.now());
            LimitMeasures limits = measureLimits(aws, pairs, setup, readyWatch, toReady, applied,
                    LimitMeasures.cpuTime(operator.pid()).minus(cpuAtApply), residentBytes(operator.pid(), "VmRSS"));
            readyWatch.close();

            // A measurement window, not a wait for a condition: the operator's steady-state calls per interval.
            Instant steadyFrom = Instant.now();
            pause(steadyWindow);
            Map<String, Long> steadyCalls = byAction(aws.calls().all(), steadyFrom, Instant.now());
            long heapSteady = heapUsed(operator.metrics());
            long rssSteady = residentBytes(operator.pid(), "VmRSS");

            Instant deleted = Instant.now();
            client.resources(FireflyStack.class).inNamespace(NAMESPACE).delete();
            await(client, "everything deleted", List::isEmpty);
            Duration toGone = Duration.between(deleted, Instant.now());
            Map<String, Long> deleteCalls = byAction(aws.calls().all(), deleted, Instant.now());
            long rssPeak = residentBytes(operator.pid(), "VmHWM");

            return new BenchmarkResult(stackCount, setup, toReady, deployCalls, steadyWindow, steadyCalls, toGone,
                    deleteCalls, heapAtStart, heapSteady, rssSteady, rssPeak, limits);
        }
    }

    /** The deploy against CloudFormation's own time, read from the offline AWS's stacks without calling its endpoint. */
    private static LimitMeasures measureLimits(OfflineAws aws, int pairs, BenchmarkSetup setup, ReadyWatch readyWatch,
                                               Duration toReady, Instant applied, Duration cpu, long resident) {
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
        return LimitMeasures.of(setup.rateLimits() == null ? "none" : setup.rateLimits(), chains, timelines, ready, toReady, deployCalls,
                cpu, resident);
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

    private static FireflyStack tableStack(int i) {
        return stack("table-" + i, """
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

    private static FireflyStack functionStack(int i) {
        return stack("function-" + i, """
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

    private static FireflyStack stack(String name, String template, List<StackParameter> parameters) {
        FireflyStack stack = new FireflyStack();
        stack.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name).build());
        FireflyStackSpec spec = new FireflyStackSpec();
        spec.setStackName("bench-" + name);
        spec.setTemplate(TemplateSource.inline(template));
        spec.setParameters(parameters);
        stack.setSpec(spec);
        return stack;
    }

    private static void await(KubernetesClient client, String goal, Predicate<List<FireflyStack>> done) {
        Awaitility.await(goal).atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> client.resources(FireflyStack.class).inNamespace(NAMESPACE).list().getItems(), done);
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

    private static final Pattern HEAP = Pattern.compile(
            "^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.E+]+)", Pattern.MULTILINE);

    private static long heapUsed(URI metrics) {
        String text = get(metrics);
        return (long) HEAP.matcher(text).results().mapToDouble(m -> Double.parseDouble(m.group(1))).sum();
    }

    /** VmRSS (resident now) or VmHWM (the peak) of the operator process, from /proc (Linux); -1 where there is none. */
    private static long residentBytes(long pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(line -> line.startsWith(field + ":"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).findFirst().orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String get(URI uri) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
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
