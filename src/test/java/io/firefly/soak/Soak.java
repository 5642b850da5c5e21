package io.firefly.soak;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.demo.EmbeddedKubernetes;
import io.firefly.demo.OperatorProcess;
import io.firefly.offlineaws.control.AwsCall;
import io.firefly.offlineaws.AwsClients;
import io.firefly.offlineaws.OfflineAws;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import io.firefly.operator.api.DeletionPolicy;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A soak of the packaged operator: two replicas with leader election against the embedded Kubernetes
 * API and the offline AWS, a seeded random graph of FireflyStacks deployed, then disrupted for a while
 * (edits, deletes and re-creates, changes made in AWS behind the operator's back, AWS and API faults,
 * replicas killed and stopped), left to settle and deleted. Throughout, AWS's own record is held against
 * the operator's promises ({@link Invariants}, {@link EndState}); {@code bin/soak} runs it and exits
 * non-zero on any violation. docs/reliability.md describes it and keeps the figures of a long run.
 */
public final class Soak {
    static final String ONE_CREATE = "one CREATE/IMPORT change set per stack life";
    static final String NO_DATA_LOST = "no table with items deleted unless its manifest said Delete";
    static final String DEPENDENTS_FIRST = "no DeleteStack of a table stack while a dependent exists";
    static final String NO_CHANGE_SET_LEFT = "no unexecuted change set at the end";
    static final String READY_OR_GONE = "every object Ready at its generation (AWS agreeing) or gone";
    static final String READY_IS_COMPLETE = "never Ready for a stack that is not complete";
    static final String CALL_RATE = "operator AWS calls per minute under the bound";
    static final String SIGTERM_EXITS = "a SIGTERMed replica ends within its grace period";

    private final SoakOptions options;

    Soak(SoakOptions options) {
        this.options = options;
    }

    /** Exit status 0 when every invariant held, 1 on a violation, 2 when the soak itself could not run. */
    public static void main(String[] args) {
        try {
            SoakOptions options = SoakOptions.parse(args);
            SoakReport report = new Soak(options).run();
            String text = report.toMarkdown();
            Files.writeString(options.workDir().resolve("results-seed-" + options.seed() + ".md"), text);
            System.out.println(text);
            System.exit(report.passed() ? 0 : 1);
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
            System.err.println("SOAK COULD NOT RUN: " + e);
            System.exit(2);
        }
    }

    /**
     * The most operator AWS calls a minute may hold: a steady fleet costs a share of one listing per stable
     * poll, each deploy about ten calls, and a restarted leader looks at every stack once; the soak's
     * disruption rate with throttled and failed calls retried stays well under ten calls per stack a minute.
     */
    static long callBound(int stacks) {
        return 300 + 10L * stacks;
    }

    SoakReport run() {
        Instant started = Instant.now();
        Random random = new Random(options.seed());
        Fleet fleet = Fleet.generate(options.stacks(), random);
        Journal journal = new Journal();
        Map<String, List<String>> violations = new LinkedHashMap<>();
        List.of(ONE_CREATE, NO_DATA_LOST, DEPENDENTS_FIRST, NO_CHANGE_SET_LEFT, READY_OR_GONE, READY_IS_COMPLETE,
                CALL_RATE, SIGTERM_EXITS).forEach(name -> violations.put(name, new ArrayList<>()));
        try (OfflineAws aws = OfflineAws.start(OfflineAwsOptions.defaults()
                .withResourceStepDelay(Duration.ofMillis(100)).withChangeSetDelay(Duration.ofMillis(100)));
             EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start(0, options.workDir());
             Replicas replicas = new Replicas(kubernetes.kubeconfig(), aws.endpoint(), options.workDir());
             CloudFormationClient cloudFormation = AwsClients.cloudFormation(aws);
             DynamoDbClient dynamoDb = AwsClients.dynamoDb(aws)) {
            KubernetesClient client = kubernetes.client();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(Member.NAMESPACE).endMetadata()
                    .build()).create();
            try (Observer observer = new Observer(client)) {
                say("starting two operator replicas (logs in %s)", options.workDir());
                replicas.start();
                Disruptor disruptor = new Disruptor(random, fleet, client, observer, journal, cloudFormation, dynamoDb,
                        aws.faults(), kubernetes.faults(), replicas);
                EndState endState = new EndState(cloudFormation, fleet);

                fleet.tables().stream().filter(Member::preCreated).forEach(table -> preCreate(dynamoDb, table));
                say("applying %d FireflyStacks", fleet.members().size());
                Instant applied = Instant.now();
                fleet.members().forEach(disruptor::create);
                awaitSettled(observer, disruptor, violations.get(READY_OR_GONE), "after the first apply");
                Duration toReady = Duration.between(applied, Instant.now());
                IntStream.range(0, fleet.tables().size()).forEach(i -> disruptor.putItems());

                say("disrupting for %s", options.chaos());
                disruptor.run(options.chaos());

                say("disruptions over: faults off, both replicas back, waiting for every object to settle");
                Instant calm = Instant.now();
                aws.faults().clear();
                kubernetes.faults().clear();
                replicas.awaitBoth();
                awaitSettled(observer, disruptor, violations.get(READY_OR_GONE), "after the disruptions");
                Duration toConverge = Duration.between(calm, Instant.now());
                violations.get(READY_OR_GONE).addAll(awaitAgreement(observer, endState));
                violations.get(NO_CHANGE_SET_LEFT).addAll(endState.unexecutedChangeSets());

                say("deleting every FireflyStack");
                Instant deleted = Instant.now();
                for (FireflyStack object : observer.current()) {
                    client.resource(object).delete();
                    journal.deleteAsked(object.getMetadata().getName(), fleet.named(object.getMetadata().getName()).deletionPolicy());
                }
                awaitAllGone(observer, violations.get(READY_OR_GONE));
                Duration toTornDown = Duration.between(deleted, Instant.now());
                violations.get(READY_OR_GONE).addAll(endState.leftBehind());
                violations.get(NO_CHANGE_SET_LEFT).addAll(endState.unexecutedChangeSets());

                Instant ended = Instant.now();
                List<AwsCall> calls = aws.calls().all();
                Invariants invariants = new Invariants(fleet, journal, observer);
                violations.get(ONE_CREATE).addAll(invariants.oneCreatePerLife(calls));
                violations.get(NO_DATA_LOST).addAll(invariants.noDataLost(aws.tableDeletions().all(), calls));
                violations.get(DEPENDENTS_FIRST).addAll(invariants.dependentsFirst(calls));
                violations.get(READY_IS_COMPLETE).addAll(observer.readyViolations());
                List<Long> perMinute = Invariants.callsPerMinute(calls, started, ended);
                long bound = callBound(options.stacks());
                IntStream.range(0, perMinute.size()).filter(i -> perMinute.get(i) > bound).forEach(i -> violations.get(CALL_RATE)
                        .add("minute %d of the run: %d operator calls, bound %d".formatted(i + 1, perMinute.get(i), bound)));
                replicas.termExits().stream().filter(exit -> !exit.withinGrace()).forEach(exit -> violations.get(SIGTERM_EXITS)
                        .add(exit.pod() + " still running " + Replicas.GRACE.toSeconds() + " s after SIGTERM: SIGKILLed"));

                Map<String, Long> byAction = calls.stream().filter(c -> Invariants.OPERATOR_KEY.equals(c.accessKeyId()))
                        .collect(Collectors.groupingBy(AwsCall::action, TreeMap::new, Collectors.counting()));
                List<Member> tables = fleet.tables();
                return new SoakReport(options, tables.size(), (int) tables.stream().filter(Member::preCreated).count(),
                        (int) tables.stream().filter(t -> t.deletionPolicy() == DeletionPolicy.Retain).count(),
                        toReady, toConverge, toTornDown, Duration.between(started, ended), journal.disruptionCounts(),
                        byAction, perMinute, bound, Invariants.lives(calls),
                        Invariants.tablesDeletedWithItems(aws.tableDeletions().all()), observer.statusesSeen(),
                        replicas.termExits(), violations);
            }
        }
    }

    /** A table a team already has, holding items, with no stack: its FireflyStack will import it. */
    private static void preCreate(DynamoDbClient dynamoDb, Member table) {
        dynamoDb.createTable(b -> b.tableName(table.tableName()).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .keySchema(k -> k.attributeName("id").keyType("HASH")));
        IntStream.range(0, 3).forEach(i -> dynamoDb.putItem(b -> b.tableName(table.tableName())
                .item(Map.of("id", AttributeValue.fromS("existing-" + i)))));
    }

    /**
     * Waits for every object to be Ready at its generation and every deleted one to be gone. An object
     * that failed on a resource failure the soak injected waits for a new spec, as documented; the soak
     * gives it one, as a person would once the cause is fixed.
     */
    private void awaitSettled(Observer observer, Disruptor disruptor, List<String> violations, String when) {
        Predicate<FireflyStack> settled = Soak::readyAtItsGeneration;
        try {
            Awaitility.await("every object Ready at its generation or gone " + when).atMost(settleTimeout())
                    .pollInterval(Duration.ofSeconds(1)).until(() -> {
                        List<FireflyStack> current = observer.current();
                        current.stream().filter(s -> s.getStatus() != null && s.getStatus().getPhase() == Phase.Failed)
                                .filter(s -> disruptor.failureInjected().contains(s.getMetadata().getName()))
                                .forEach(s -> disruptor.touch(s.getMetadata().getName()));
                        return current;
                    }, current -> current.stream().allMatch(settled));
        } catch (ConditionTimeoutException e) {
            observer.current().stream().filter(settled.negate()).forEach(s -> violations.add("%s %s: %s %s (generation %s, observed %s): %s"
                    .formatted(when, s.getMetadata().getName(), s.getMetadata().getDeletionTimestamp() == null ? "" : "being deleted,",
                            s.getStatus() == null ? "no status" : s.getStatus().getPhase(), s.getMetadata().getGeneration(),
                            s.getStatus() == null ? null : s.getStatus().getObservedGeneration(),
                            s.getStatus() == null ? "" : s.getStatus().getMessage())));
        }
    }

    private static boolean readyAtItsGeneration(FireflyStack object) {
        return object.getMetadata().getDeletionTimestamp() == null && object.getStatus() != null
                && object.getStatus().getPhase() == Phase.Ready
                && object.getMetadata().getGeneration().equals(object.getStatus().getObservedGeneration());
    }

    /**
     * Waits for every Ready object to agree with its stack in AWS. An out-of-band change made in the last
     * seconds of the disruptions is seen at the operator's next stable poll, not before: until then Ready
     * is what the operator last observed, as documented. Agreement must come within two stable polls and
     * the correction's deploy; what still disagrees then is a violation.
     */
    private List<String> awaitAgreement(Observer observer, EndState endState) {
        AtomicReference<List<String>> last = new AtomicReference<>(List.of());
        try {
            Awaitility.await("every Ready object agreeing with AWS").atMost(OperatorProcess.STABLE_POLL.multipliedBy(2)
                    .plus(settleTimeout())).pollInterval(Duration.ofSeconds(1)).until(() -> {
                        List<FireflyStack> current = observer.current();
                        last.set(endState.disagreements(current.stream().filter(Soak::readyAtItsGeneration).toList()));
                        return current.stream().allMatch(Soak::readyAtItsGeneration) && last.get().isEmpty();
                    });
            return List.of();
        } catch (ConditionTimeoutException e) {
            return last.get().isEmpty() ? List.of("after the disruptions, not every object came back Ready and agreeing with AWS")
                    : last.get();
        }
    }

    private void awaitAllGone(Observer observer, List<String> violations) {
        try {
            Awaitility.await("every FireflyStack gone").atMost(settleTimeout()).pollInterval(Duration.ofSeconds(1))
                    .until(() -> observer.current().isEmpty());
        } catch (ConditionTimeoutException e) {
            observer.current().forEach(s -> violations.add("after deleting everything %s is still there: %s %s".formatted(
                    s.getMetadata().getName(), s.getStatus() == null ? "no status" : s.getStatus().getPhase(),
                    s.getStatus() == null ? "" : s.getStatus().getMessage())));
        }
    }

    /** Three minutes, and a second more per stack. */
    private Duration settleTimeout() {
        return Duration.ofMinutes(3).plusSeconds(options.stacks());
    }

    private static void say(String format, Object... args) {
        System.err.printf("%s soak: %s%n", Instant.now(), format.formatted(args));
    }
}
