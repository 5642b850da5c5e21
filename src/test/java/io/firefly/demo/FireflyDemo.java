package io.firefly.demo;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.offlineaws.control.AwsCall;
import io.firefly.offlineaws.AwsClients;
import io.firefly.offlineaws.OfflineAws;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import io.firefly.operator.api.FireflyAccount;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import io.firefly.operator.examples.FireflyExamples;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * firefly-operator working end to end with no AWS account and no cluster: an embedded Kubernetes API,
 * the offline AWS and the operator as built, in its own process. It adopts a table a team already has,
 * deploys the eight firefly stacks in dependency order, deletes them all at once in the right order,
 * and shows what a person sees when AWS refuses to delete a protected table. Every step is checked:
 * anything that does not happen as described ends the run with the reason and exit code 1.
 */
public final class FireflyDemo {
    static final String NAMESPACE = "firefly";
    static final String KEYS_TABLE = "firefly-registration-keys";
    static final String KEYS_STACK = "dynamodb-registration-keys";
    static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);
    static final int KEYS = 3;
    static final String BILLING_ROLE = "arn:aws:iam::222222222222:role/firefly-deployer";

    private final PrintStream out;
    private final Path workDir;
    /** The first FireflyStack seen in each phase, as the operator wrote it: real objects for the Argo CD check. */
    private final Map<Phase, FireflyStack> firstSeenInPhase = new java.util.EnumMap<>(Phase.class);

    public FireflyDemo(PrintStream out, Path workDir) {
        this.out = out;
        this.workDir = workDir;
    }

    public static void main(String[] args) {
        boolean keepRunning = List.of(args).contains("--keep-running");
        FireflyDemo demo = new FireflyDemo(System.out, Path.of("target", "demo"));
        try {
            if (keepRunning) {
                demo.serve();
            } else {
                Summary summary = demo.run();
                System.out.println(summary);
            }
            System.exit(0);
        } catch (DemoFailure e) {
            System.err.println("DEMO FAILED: " + e.getMessage());
            System.exit(1);
        } catch (RuntimeException e) {
            System.err.println("DEMO FAILED: " + e + "\n(the operator's log is in " + demo.workDir.resolve("operator.log") + ")");
            System.exit(1);
        }
    }

    /** The whole story; returns what it measured. */
    public Summary run() {
        Instant started = Instant.now();
        try (OfflineAws aws = OfflineAws.start(OfflineAwsOptions.defaults()
                .withResourceStepDelay(Duration.ofMillis(150)).withChangeSetDelay(Duration.ofMillis(150)));
             EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start(OperatorProcess.freePort(), workDir);
             OperatorProcess operator = OperatorProcess.start(kubernetes.kubeconfig(), aws.endpoint(),
                     workDir.resolve("operator.log"), Map.of())) {
            say("1. Embedded Kubernetes API at %s, offline AWS at %s, operator running (log: %s)",
                    kubernetes.url(), aws.endpoint(), operator.log());
            KubernetesClient client = kubernetes.client();
            DynamoDbClient dynamoDb = AwsClients.dynamoDb(aws);

            say("2. A team moving from the old workflows already has table %s with %d keys and no stack", KEYS_TABLE, KEYS);
            createKeysTable(dynamoDb);

            say("3. kubectl apply -k examples/firefly (all eight stacks at once)");
            Instant applied = Instant.now();
            for (HasMetadata object : FireflyExamples.render()) {
                client.resource(object).createOr(existing -> existing.update());
            }
            watch(client, "all Ready", stacks -> stacks.size() == 8
                    && stacks.stream().allMatch(s -> s.getStatus() != null && s.getStatus().getPhase() == Phase.Ready));
            Duration toReady = Duration.between(applied, Instant.now());
            FireflyStack keys = client.resources(FireflyStack.class).inNamespace(NAMESPACE).withName(KEYS_STACK).get();
            check(!keys.getStatus().getImportedResources().isEmpty(), KEYS_STACK + " was not adopted through an import");
            check(countOf(aws, "CreateChangeSet", "IMPORT") == 1, "expected exactly one IMPORT change set");
            int keysAfter = dynamoDb.scan(b -> b.tableName(KEYS_TABLE)).count();
            check(keysAfter == KEYS, "the adopted table holds " + keysAfter + " keys instead of " + KEYS);
            say("   %s adopted through IMPORT (%s), then UPDATE added its Outputs; %d of %d keys intact",
                    KEYS_STACK, String.join(", ", keys.getStatus().getImportedResources()), keysAfter, KEYS);

            checkDeployOrder(aws);

            say("4. kubectl delete -k examples/firefly (everything at once)");
            Instant deleted = Instant.now();
            client.resources(FireflyStack.class).inNamespace(NAMESPACE).delete();
            FireflyStack refused = watch(client, KEYS_STACK + " DeleteFailed and every other stack gone",
                    stacks -> stacks.size() == 1 && stacks.get(0).getStatus() != null
                            && stacks.get(0).getStatus().getPhase() == Phase.DeleteFailed).get(0);
            say("   %s: %s", KEYS_STACK, refused.getStatus().getMessage());
            check(refused.getStatus().getMessage().contains("disable deletion protection on table " + KEYS_TABLE),
                    KEYS_STACK + " does not tell what to do: " + refused.getStatus().getMessage());
            checkDeleteOrder(aws, deleted);
            checkTablesWereHeldBack(client);

            say("5. A person disables deletion protection on %s, as the message says; nobody touches the FireflyStack", KEYS_TABLE);
            dynamoDb.updateTable(b -> b.tableName(KEYS_TABLE).deletionProtectionEnabled(false));
            watch(client, "everything gone", List::isEmpty);
            var cfn = AwsClients.cloudFormation(aws);
            long live = cfn.describeStacks().stacks().size();
            check(live == 0, live + " CloudFormation stacks are still there");
            List<String> tables = dynamoDb.listTables().tableNames();
            check(tables.isEmpty(), "tables left behind: " + tables);
            say("   every stack DELETE_COMPLETE, both tables deleted with their stacks (DeletionPolicy: Delete), every finalizer removed");

            Map<String, Long> calls = operatorAwsCalls(operator.metrics());

            say("6. Two teams, two AWS accounts: kubectl apply -k examples/tenancy (a platform admin applies the FireflyAccounts)");
            tenancy(client, aws);
            return new Summary(toReady, Duration.between(started, Instant.now()), calls, keysAfter, KEYS,
                    kubernetes.kubeconfigCalls(), Map.copyOf(firstSeenInPhase));
        }
    }

    /**
     * examples/tenancy: each team's stack lands in its own account, made with its account's role (the billing role
     * requires its external ID), and the stack with an IAM user is refused before any AWS call.
     */
    private void tenancy(KubernetesClient client, OfflineAws aws) {
        aws.roles().requireExternalId(BILLING_ROLE, "billing-firefly");
        for (String file : List.of("namespaces.yaml", "accounts.yaml", "stacks.yaml")) {
            try (var manifests = java.nio.file.Files.newInputStream(Path.of("examples", "tenancy", file))) {
                client.load(manifests).items().forEach(object -> client.resource(typed(object)).createOr(existing -> existing.update()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        FireflyStack orders = awaitStack(client, "team-orders", "orders-table", s -> s.getStatus().getPhase() == Phase.Ready);
        FireflyStack billing = awaitStack(client, "team-billing", "billing-table", s -> s.getStatus().getPhase() == Phase.Ready);
        FireflyStack admin = awaitStack(client, "team-billing", "billing-admin", s -> s.getStatus().getPhase() == Phase.Failed);
        check(orders.getStatus().getStackId().contains(":111111111111:"), "orders-table is not in account 111111111111");
        check(billing.getStatus().getStackId().contains(":222222222222:"), "billing-table is not in account 222222222222");
        check(aws.calls().of("ExecuteChangeSet").stream().filter(c -> "billing-table".equals(c.stackName()))
                .allMatch(c -> c.madeByRole(BILLING_ROLE)), "billing-table was not deployed with the billing role");
        check(aws.calls().all().stream().noneMatch(c -> "billing-admin".equals(c.stackName())),
                "an AWS call was made for the refused stack billing-admin");
        say("   orders-table Ready in account 111111111111, billing-table in 222222222222, each made by its account's role"
                + " (sessions firefly-team-orders, firefly-team-billing)");
        say("   billing-admin refused, no AWS call made: %s", admin.getStatus().getMessage());
    }

    /** The plain client reads the custom resources as generic objects: typed, they are sent as the operator reads them. */
    private static HasMetadata typed(HasMetadata object) {
        String json = io.fabric8.kubernetes.client.utils.Serialization.asJson(object);
        return switch (object.getKind()) {
            case "FireflyAccount" -> io.fabric8.kubernetes.client.utils.Serialization.unmarshal(json, FireflyAccount.class);
            case "FireflyStack" -> io.fabric8.kubernetes.client.utils.Serialization.unmarshal(json, FireflyStack.class);
            default -> object;
        };
    }

    private static FireflyStack awaitStack(KubernetesClient client, String namespace, String name, Predicate<FireflyStack> done) {
        return Awaitility.await(namespace + "/" + name).atMost(STEP_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> client.resources(FireflyStack.class).inNamespace(namespace).withName(name).get(),
                        s -> s != null && s.getStatus() != null && done.test(s));
    }

    /** Keeps the embedded API, the offline AWS and the operator running for a person to use. */
    void serve() {
        OfflineAws aws = OfflineAws.start(OfflineAwsOptions.defaults().withPort(4566));
        EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start(OperatorProcess.freePort(), workDir);
        OperatorProcess operator = OperatorProcess.start(kubernetes.kubeconfig(), aws.endpoint(),
                workDir.resolve("operator.log"), Map.of());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operator.close();
            kubernetes.close();
            aws.close();
        }));
        say("Kubernetes API: %s (kubeconfig %s)", kubernetes.url(), kubernetes.kubeconfig().toAbsolutePath());
        say("Offline AWS:    %s (aws --endpoint-url %s ...)", aws.endpoint(), aws.endpoint());
        say("Operator log:   %s", operator.log().toAbsolutePath());
        // The embedded API serves no OpenAPI schema (hence --validate=false) and no watch tables (hence watch, not -w).
        say("Try: kubectl --kubeconfig %s apply --validate=false -k examples/firefly", kubernetes.kubeconfig());
        say("     watch kubectl --kubeconfig %s get fireflystacks -n firefly", kubernetes.kubeconfig());
        say("Press Ctrl-C to stop.");
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void createKeysTable(DynamoDbClient dynamoDb) {
        dynamoDb.createTable(b -> b.tableName(KEYS_TABLE).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("registrationKey").attributeType("S"))
                .keySchema(k -> k.attributeName("registrationKey").keyType("HASH"))
                .deletionProtectionEnabled(true));
        long expiresAt = Instant.now().plus(Duration.ofMinutes(30)).getEpochSecond();
        IntStream.range(0, KEYS).forEach(i -> dynamoDb.putItem(b -> b.tableName(KEYS_TABLE).item(Map.of(
                "registrationKey", AttributeValue.fromS("key-" + i),
                "expiresAt", AttributeValue.fromN(String.valueOf(expiresAt))))));
    }

    /** Prints the table whenever it changes until the condition holds. */
    private List<FireflyStack> watch(KubernetesClient client, String goal, Predicate<List<FireflyStack>> done) {
        String[] last = {""};
        try {
            return Awaitility.await(goal).atMost(STEP_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
                List<FireflyStack> stacks = client.resources(FireflyStack.class).inNamespace(NAMESPACE).list().getItems();
                stacks.stream().filter(s -> s.getStatus() != null && s.getStatus().getPhase() != null)
                        .forEach(s -> firstSeenInPhase.putIfAbsent(s.getStatus().getPhase(), s));
                String table = StackTable.render(stacks);
                if (!table.equals(last[0])) {
                    out.println();
                    out.print(table);
                    last[0] = table;
                }
                return stacks;
            }, done);
        } catch (ConditionTimeoutException e) {
            throw new DemoFailure("not " + goal + " within " + STEP_TIMEOUT.toMinutes() + " minutes; last state:\n" + last[0]);
        }
    }

    /** The Lambda stacks of each table stack, as the examples wire them. */
    private static final Map<String, List<String>> TABLE_USERS = Map.of(
            "firefly-dynamodb-registration-keys", List.of("firefly-func-api-registration-keys-post",
                    "firefly-func-api-registration-keys-get", "firefly-func-api-devices-register-post"),
            "firefly-dynamodb-users", List.of("firefly-func-cognito-pre-signup", "firefly-func-api-users-post",
                    "firefly-func-api-users-delete"));

    /**
     * No Lambda stack's first change set comes before its table stack has its Outputs (CREATE_COMPLETE, or
     * UPDATE_COMPLETE after an import), and each was given its table's name and ARN from those Outputs.
     */
    private void checkDeployOrder(OfflineAws aws) {
        var cfn = AwsClients.cloudFormation(aws);
        TABLE_USERS.forEach((table, functions) -> {
            var tableStack = cfn.describeStacks(b -> b.stackName(table)).stacks().get(0);
            Instant tableHadOutputs = cfn.describeStackEvents(b -> b.stackName(table)).stackEvents().stream()
                    .filter(e -> e.logicalResourceId().equals(table)
                            && List.of("CREATE_COMPLETE", "UPDATE_COMPLETE").contains(e.resourceStatusAsString()))
                    .map(StackEvent::timestamp).min(Instant::compareTo)
                    .orElseThrow(() -> new DemoFailure(table + " never completed"));
            Map<String, String> outputs = tableStack.outputs().stream()
                    .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
            for (String function : functions) {
                Instant functionStarted = aws.calls().of("CreateChangeSet").stream()
                        .filter(c -> function.equals(c.stackName())).map(AwsCall::at).min(Instant::compareTo)
                        .orElseThrow(() -> new DemoFailure("no change set was ever created for " + function));
                check(functionStarted.isAfter(tableHadOutputs), function + " started before " + table + " had its Outputs");
                Map<String, String> given = cfn.describeStacks(b -> b.stackName(function)).stacks().get(0).parameters()
                        .stream().collect(Collectors.toMap(Parameter::parameterKey, Parameter::parameterValue));
                check(outputs.get("TableName").equals(given.get("TableName")) && outputs.get("TableArn").equals(given.get("TableArn")),
                        function + " was not given the TableName and TableArn outputs of " + table + ": " + given);
            }
        });
        say("   every Lambda stack started after its table stack had Outputs, and received its TableName and TableArn");
    }

    /** Every Lambda stack's DeleteStack comes before the first DeleteStack of the table it uses. */
    private void checkDeleteOrder(OfflineAws aws, Instant since) {
        Map<String, Instant> firstDelete = new LinkedHashMap<>();
        aws.calls().of("DeleteStack").stream().filter(c -> !c.at().isBefore(since) && c.stackName() != null)
                .forEach(c -> firstDelete.putIfAbsent(c.stackName(), c.at()));
        TABLE_USERS.forEach((table, functions) -> {
            Instant tableDeleted = firstDelete.get(table);
            check(tableDeleted != null, "DeleteStack was never called for " + table);
            for (String function : functions) {
                Instant functionDeleted = firstDelete.get(function);
                check(functionDeleted != null && functionDeleted.isBefore(tableDeleted),
                        "DeleteStack of " + table + " came before that of " + function);
            }
        });
        say("   DeleteStack order: %s", String.join(" -> ", firstDelete.keySet()));
    }

    /**
     * Each table stack said DeletionBlocked, naming its Lambda stacks, before it was deleted: the events
     * keep what the table of phases may have shown only for a moment.
     */
    private void checkTablesWereHeldBack(KubernetesClient client) {
        var events = client.v1().events().inNamespace(NAMESPACE).list().getItems();
        for (String table : List.of(KEYS_STACK, "dynamodb-users")) {
            String blocked = events.stream()
                    .filter(e -> table.equals(e.getInvolvedObject().getName()) && "DeletionBlocked".equals(e.getReason()))
                    .map(Event::getMessage).findFirst()
                    .orElseThrow(() -> new DemoFailure(table + " was never DeletionBlocked while its Lambda stacks existed"));
            say("   %s was held back: %s", table, blocked);
        }
    }

    private static long countOf(OfflineAws aws, String action, String changeSetType) {
        return aws.calls().of(action).stream()
                .filter(c -> changeSetType.equals(c.changeSetType()) && c.errorCode() == null).count();
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new DemoFailure(failure);
        }
    }

    private static final Pattern AWS_CALLS = Pattern.compile(
            "^firefly_aws_calls_total\\{[^}]*operation=\"(\\w+)\"[^}]*} ([0-9.]+)", Pattern.MULTILINE);

    /** The AWS calls the operator counted itself, by operation: the demo's own calls to set the scene are not in them. */
    private static Map<String, Long> operatorAwsCalls(URI metrics) {
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return AWS_CALLS.matcher(text).results().collect(Collectors.groupingBy(m -> m.group(1), TreeMap::new,
                    Collectors.summingLong(m -> (long) Double.parseDouble(m.group(2)))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted while reading the operator's metrics");
        }
    }

    private void say(String format, Object... args) {
        out.println(String.format(format, args));
    }

    /**
     * What the demo measured; {@code kubernetesCalls} (the operator's) and {@code seenInPhase} are for the
     * RBAC and Argo CD checks of the tests.
     */
    public record Summary(Duration toAllReady, Duration total, Map<String, Long> awsCalls, int keysKept, int keysBefore,
                   Set<KubernetesApiCall> kubernetesCalls, Map<Phase, FireflyStack> seenInPhase) {
        @Override
        public String toString() {
            long totalCalls = awsCalls.values().stream().mapToLong(Long::longValue).sum();
            return "\nSummary\n  all eight stacks Ready in " + toAllReady.toMillis() / 1000.0 + " s after kubectl apply"
                    + "\n  whole run " + total.toMillis() / 1000.0 + " s"
                    + "\n  keys preserved through the import: " + keysKept + " of " + keysBefore
                    + "\n  AWS calls made by the operator (its firefly_aws_calls_total): " + totalCalls + " " + awsCalls;
        }
    }

    static final class DemoFailure extends RuntimeException {
        DemoFailure(String message) {
            super(message);
        }
    }
}
