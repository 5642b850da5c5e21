package io.firefly.benchmark;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.firefly.demo.EmbeddedKubernetes;
import io.firefly.demo.OperatorProcess;
import io.firefly.offlineaws.AwsCall;
import io.firefly.offlineaws.AwsClients;
import io.firefly.offlineaws.OfflineAws;
import io.firefly.offlineaws.OfflineAwsOptions;
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
import java.util.concurrent.ConcurrentHashMap;
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
 * for its stack each FireflyStack was Ready. With {@code --events} the offline AWS routes CloudFormation's
 * stack events to an SQS queue that the operator reads, optionally dropping a share of them
 * ({@code --drop-events 0.3}). {@code bin/benchmark} runs it; the results of record are in docs/benchmarks.md.
 */
public final class ScaleBenchmark {
    static final String NAMESPACE = "bench";
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final String EVENTS_QUEUE = "firefly-stack-events";
    private static final String STACK_EVENTS_PATTERN =
            "{\"source\":[\"aws.cloudformation\"],\"detail-type\":[\"CloudFormation Stack Status Change\"]}";

    /**
     * How the operator runs.
     *
     * @param inProgress firefly.poll.in-progress
     * @param stable     firefly.poll.stable: the steady window is counted in these
     * @param events     whether it reads a queue of CloudFormation's stack events
     * @param dropRate   the share of those events the offline EventBridge drops
     * @param awsStep    how long each resource step and each change set takes in the offline AWS
     */
    record Setup(Duration inProgress, Duration stable, boolean events, double dropRate, Duration awsStep) {
        /** The demo's intervals, as OperatorProcess configures them. */
        static final Setup DEMO = new Setup(Duration.ofMillis(500), Duration.ofSeconds(5), false, 0, Duration.ofMillis(50));

        String describe() {
            return "offline AWS step " + awsStep.toMillis() + " ms, in-progress poll " + inProgress.toMillis() + " ms, stable poll " + stable.toSeconds() + " s, "
                    + (events ? "events on" + (dropRate > 0 ? " with " + Math.round(dropRate * 100) + " % dropped" : "")
                    : "events off");
        }
    }

    private final Path workDir;

    ScaleBenchmark(Path workDir) {
        this.workDir = workDir;
    }

    public static void main(String[] args) throws IOException {
        int stacks = intArg(args, "--stacks", 100);
        Duration steady = Duration.ofSeconds(intArg(args, "--steady-seconds", 30));
        double drop = Double.parseDouble(arg(args, "--drop-events", "0"));
        Setup setup = new Setup(Duration.parse("PT" + arg(args, "--in-progress", "0.5S")),
                Duration.parse("PT" + arg(args, "--stable", "5S")), List.of(args).contains("--events") || drop > 0, drop,
                Duration.parse("PT" + arg(args, "--step-delay", "0.05S")));
        Path workDir = Path.of("target", "benchmark");
        BenchmarkResult result = new ScaleBenchmark(workDir).run(stacks, steady, setup);
        String report = result.toMarkdown();
        String variant = "-step" + setup.awsStep().toMillis() + "ms" + (setup.events() ? "-events" : "") + (drop > 0 ? "-drop" + Math.round(drop * 100) : "");
        Files.writeString(workDir.resolve("results-" + stacks + variant + ".md"), report);
        System.out.println(report);
        System.exit(0);
    }

    BenchmarkResult run(int stackCount, Duration steadyWindow) {
        return run(stackCount, steadyWindow, Setup.DEMO);
    }

    BenchmarkResult run(int stackCount, Duration steadyWindow, Setup setup) {
        if (stackCount < 2 || stackCount % 2 != 0) {
            throw new IllegalArgumentException("--stacks must be an even number of at least 2: half tables, half Lambdas");
        }
        int pairs = stackCount / 2;
        try (OfflineAws aws = OfflineAws.start(OfflineAwsOptions.defaults()
                .withResourceStepDelay(setup.awsStep()).withChangeSetDelay(setup.awsStep()));
             EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start(0, workDir);
             OperatorProcess operator = OperatorProcess.start(kubernetes.kubeconfig(), aws.endpoint(),
                     workDir.resolve("operator-" + stackCount + ".log"), environment(aws, setup))) {
            KubernetesClient client = kubernetes.client();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                    .create();
            long heapAtStart = heapUsed(operator.metrics());
            aws.eventBus().faults().drop(setup.dropRate());
            Map<String, Instant> readySeen = new ConcurrentHashMap<>();
            Watch watch = client.resources(FireflyStack.class).inNamespace(NAMESPACE).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, FireflyStack stack) {
                    if (stack.getStatus() != null && stack.getStatus().getPhase() == Phase.Ready) {
                        readySeen.putIfAbsent(stack.getMetadata().getName(), Instant.now());
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            });

            Instant applied = Instant.now();
            IntStream.range(0, pairs).forEach(i -> {
                client.resource(tableStack(i)).create();
                client.resource(functionStack(i)).create();
            });
            await(client, "all Ready", all -> all.size() == stackCount
                    && all.stream().allMatch(s -> s.getStatus() != null && s.getStatus().getPhase() == Phase.Ready));
            Instant allReady = Instant.now();
            Duration toReady = Duration.between(applied, allReady);
            Map<String, Long> deployCalls = byAction(aws.calls().all(), applied, allReady);
            watch.close();
            List<Duration> lags = readyLags(aws, readySeen);

            // A measurement window, not a wait for a condition: the operator's steady-state calls per interval.
            Instant steadyFrom = Instant.now();
            pause(steadyWindow);
            Map<String, Long> steadyCalls = byAction(aws.calls().all(), steadyFrom, Instant.now());
            long heapSteady = heapUsed(operator.metrics());
            long rssSteady = residentBytes(operator.pid());

            Instant deleted = Instant.now();
            client.resources(FireflyStack.class).inNamespace(NAMESPACE).delete();
            await(client, "everything deleted", List::isEmpty);
            Duration toGone = Duration.between(deleted, Instant.now());
            Map<String, Long> deleteCalls = byAction(aws.calls().all(), deleted, Instant.now());

            return new BenchmarkResult(stackCount, setup, toReady, lags, deployCalls, steadyWindow, steadyCalls, toGone,
                    deleteCalls, heapAtStart, heapSteady, rssSteady);
        }
    }

    /** The operator's intervals, and with events on the queue that an EventBridge rule feeds. */
    private static Map<String, String> environment(OfflineAws aws, Setup setup) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "FIREFLY_POLL_IN_PROGRESS", setup.inProgress().toMillis() + "ms",
                "FIREFLY_POLL_STABLE", setup.stable().toMillis() + "ms"));
        if (setup.events()) {
            try (var sqs = AwsClients.sqs(aws)) {
                String queueUrl = sqs.createQueue(b -> b.queueName(EVENTS_QUEUE)).queueUrl();
                aws.eventBus().putRule(EVENTS_QUEUE, json(STACK_EVENTS_PATTERN), STACK_EVENTS_PATTERN, true, null);
                aws.eventBus().putTargets(EVENTS_QUEUE, Map.of("queue", aws.queues().byUrl(queueUrl).orElseThrow().arn()));
                env.put("FIREFLY_EVENTS_QUEUE_URL", queueUrl);
            }
        }
        return env;
    }

    /**
     * For each FireflyStack, from its stack's last event in CloudFormation (CREATE_COMPLETE, or UPDATE_COMPLETE
     * after an import) to the moment its watch showed it Ready: how long the operator took to notice.
     */
    private static List<Duration> readyLags(OfflineAws aws, Map<String, Instant> readySeen) {
        try (var cfn = AwsClients.cloudFormation(aws)) {
            return readySeen.entrySet().stream().map(ready -> {
                String stackName = "bench-" + ready.getKey();
                Instant settled = cfn.describeStackEvents(b -> b.stackName(stackName)).stackEvents().stream()
                        .filter(e -> e.logicalResourceId().equals(stackName) && e.resourceStatusAsString().endsWith("_COMPLETE"))
                        .map(software.amazon.awssdk.services.cloudformation.model.StackEvent::timestamp)
                        .findFirst().orElseThrow();
                return Duration.between(settled, ready.getValue());
            }).sorted().toList();
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
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

    /** VmRSS of the operator process, from /proc (Linux); -1 where there is none. */
    private static long residentBytes(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
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

    private static String arg(String[] args, String name, String fallback) {
        List<String> list = List.of(args);
        int at = list.indexOf(name);
        return at >= 0 && at + 1 < list.size() ? list.get(at + 1) : fallback;
    }

    private static int intArg(String[] args, String name, int fallback) {
        List<String> list = List.of(args);
        int at = list.indexOf(name);
        return at >= 0 && at + 1 < list.size() ? Integer.parseInt(list.get(at + 1)) : fallback;
    }
}
