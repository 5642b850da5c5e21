package io.firefly.operator.reconcile;

import static io.firefly.operator.reconcile.OperatorTestSupport.aws;
import static io.firefly.operator.reconcile.OperatorTestSupport.cloudFormation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.offlineaws.control.AwsCall;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.firefly.operator.api.AccountEvents;
import io.firefly.operator.api.AccountNamespaces;
import io.firefly.operator.api.AccountRef;
import io.firefly.operator.api.FireflyAccount;
import io.firefly.operator.api.FireflyAccountSpec;
import io.firefly.operator.aws.EventFeed;
import io.firefly.operator.aws.EventQueue;
import io.firefly.operator.port.AwsIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * With CloudFormation's events on, a FireflyStack is Ready as soon as its stack is: the operator reads an
 * in-progress stack when an event says it changed, not on the in-progress poll (300 ms here, against stacks
 * whose create takes a few seconds), and only reads it without an event at the safety interval (5 s here).
 * Events that come twice or out of order change nothing; events that never come cost the safety interval.
 */
@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(OfflineAwsTestResource.class)
@TestProfile(StackEventsTest.EventsOn.class)
class StackEventsTest {
    private static final Duration SAFETY_POLL = Duration.ofSeconds(5);
    /** The AWS account of the FireflyAccount test's role. */
    private static final String ACCOUNT = "444444444444";
    /** 40 topics, each created after the one before at 40 ms a step: a create of about two seconds. */
    private static final String SLOW_TEMPLATE = "Resources:\n" + io.firefly.offlineaws.TestTemplates.topicChain(null, 40);

    public static class EventsOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("firefly.poll.in-progress-with-events", SAFETY_POLL.toMillis() + "ms",
                    "firefly.poll.stable", "60s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EventQueueTestResource.class));
        }
    }

    @Inject
    KubernetesClient client;

    @Inject
    EventFeed feed;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void eventsArrive() {
        await().atMost(Duration.ofSeconds(30)).until(() -> feed.announces(AwsIdentity.OPERATOR, aws().region()));
    }

    @AfterEach
    void deliverFaithfully() {
        aws().eventBus().faults().clear();
    }

    @Test
    void readyAsSoonAsCloudFormationIsDoneWithoutAnInProgressPollInBetween() {
        var t = new OperatorTestSupport(client);
        String stackName = t.prefix + "-topics";
        t.apply(t.stack("topics", SLOW_TEMPLATE));
        t.awaitReady("topics");
        Instant readySeen = Instant.now();

        Instant started = stackEvent(stackName, "CREATE_IN_PROGRESS");
        Instant completed = stackEvent(stackName, "CREATE_COMPLETE");
        assertThat(Duration.between(started, completed)).as("the create must outlast several in-progress polls")
                .isGreaterThan(Duration.ofMillis(1200));
        assertThat(Duration.between(completed, readySeen)).as("Ready lag after CloudFormation's last event")
                .isLessThan(Duration.ofMillis(1500));
        // Between the reads that the start of the operation caused and its end, the operator did not read the stack.
        assertThat(reads(stackName)).filteredOn(at -> at.isAfter(started.plusSeconds(1)) && at.isBefore(completed)).isEmpty();
        assertThat(reads(stackName)).filteredOn(at -> at.isAfter(started)).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void duplicatedAndReorderedEventsAreHarmless() {
        var t = new OperatorTestSupport(client);
        String stackName = t.prefix + "-shuffled";
        aws().eventBus().faults().duplicate(1.0);
        aws().eventBus().faults().reorderWithin(Duration.ofMillis(800));
        double triggered = triggered();
        t.apply(t.stack("shuffled", SLOW_TEMPLATE));
        t.awaitReady("shuffled");

        // CREATE_COMPLETE delivered twice, the events of the operation's start among them in any order
        await().atMost(Duration.ofSeconds(10)).until(() -> triggered() >= triggered + 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> aws().queues().byName(EventQueueTestResource.QUEUE).orElseThrow()
                .attributes().get("ApproximateNumberOfMessages").equals("0"));
        FireflyStack after = t.awaitReady("shuffled");
        assertThat(after.getStatus().getStackStatus()).isEqualTo("CREATE_COMPLETE");
        assertThat(after.getStatus().getPhase()).isEqualTo(Phase.Ready);
        assertThat(calls("CreateChangeSet", stackName)).isEqualTo(1);
        assertThat(calls("ExecuteChangeSet", stackName)).isEqualTo(1);
    }

    @Test
    void droppedEventsAreMadeUpForByTheSafetyPoll() {
        var t = new OperatorTestSupport(client);
        String stackName = t.prefix + "-unheard";
        aws().eventBus().faults().drop(1.0);
        t.apply(t.stack("unheard", SLOW_TEMPLATE));
        t.awaitReady("unheard");
        Instant readySeen = Instant.now();

        Instant completed = stackEvent(stackName, "CREATE_COMPLETE");
        assertThat(Duration.between(completed, readySeen)).isLessThan(SAFETY_POLL.plusSeconds(2));
        assertThat(reads(stackName)).filteredOn(at -> at.isAfter(completed)).isNotEmpty();
    }

    @Test
    void aFireflyAccountsStacksAreAnnouncedThroughTheAccountsOwnQueue() {
        var t = new OperatorTestSupport(client);
        String accountName = t.prefix + "-acct";
        String queueUrl = EventQueueTestResource.wireQueue(aws(), ACCOUNT);
        String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/" + accountName;
        FireflyAccount account = new FireflyAccount();
        account.setMetadata(new ObjectMetaBuilder().withName(accountName).build());
        FireflyAccountSpec spec = new FireflyAccountSpec();
        spec.setAssumeRoleArn(roleArn);
        spec.setNamespaces(new AccountNamespaces(List.of(t.namespace), null));
        spec.setEvents(new AccountEvents(queueUrl));
        account.setSpec(spec);
        client.resource(account).create();

        // the first stack is followed by polling until an event from the account's region has come through its queue
        t.apply(inAccount(t.stack("first", SLOW_TEMPLATE), accountName));
        t.awaitReady("first");
        await().atMost(Duration.ofSeconds(10)).until(() -> feed.announces(
                EventQueue.ofAccount(accountName, new AwsIdentity.AssumedRole(null, roleArn, null, null), queueUrl).identity(),
                aws().region()));
        String stackName = t.prefix + "-second";
        t.apply(inAccount(t.stack("second", SLOW_TEMPLATE), accountName));
        t.awaitReady("second");
        Instant readySeen = Instant.now();

        Instant started = stackEventIn(ACCOUNT, stackName, "CREATE_IN_PROGRESS");
        Instant completed = stackEventIn(ACCOUNT, stackName, "CREATE_COMPLETE");
        assertThat(Duration.between(completed, readySeen)).as("Ready lag after CloudFormation's last event")
                .isLessThan(Duration.ofMillis(1500));
        assertThat(aws().calls().of("DescribeStacks").stream().filter(c -> stackName.equals(c.stackName()))
                .map(AwsCall::at).filter(at -> at.isAfter(started.plusSeconds(1)) && at.isBefore(completed)))
                .as("no in-progress poll between the operation's start and its end").isEmpty();
        assertThat(aws().calls().of("ReceiveMessage")).as("the account's queue is read with the account's role")
                .anyMatch(c -> c.madeByRole(roleArn));
        assertThat(aws().queues(ACCOUNT).byUrl(queueUrl)).isPresent();
        assertThat(feed.accounts()).anySatisfy(state -> {
            assertThat(state.account()).contains(accountName);
            assertThat(state.mode()).isEqualTo(EventFeed.Mode.RECEIVING);
        });
    }

    /** Read from the account's stacks directly: the test has no session of the account's role. */
    private static Instant stackEventIn(String account, String stackName, String status) {
        return aws().stacks(account).describeStackEvents(stackName, null).items().stream()
                .filter(e -> e.logicalResourceId().equals(stackName) && status.equals(e.resourceStatus()))
                .map(io.firefly.offlineaws.cloudformation.StackEvent::timestamp).findFirst().orElseThrow();
    }

    private static FireflyStack inAccount(FireflyStack stack, String account) {
        stack.getSpec().setAccountRef(new AccountRef(account));
        return stack;
    }

    private static Instant stackEvent(String stackName, String status) {
        return cloudFormation().describeStackEvents(b -> b.stackName(stackName)).stackEvents().stream()
                .filter(e -> e.logicalResourceId().equals(stackName) && status.equals(e.resourceStatusAsString()))
                .map(StackEvent::timestamp).findFirst().orElseThrow();
    }

    /** When the operator read this one stack (DescribeStacks by name, not the shared listing). */
    private static List<Instant> reads(String stackName) {
        return aws().calls().of("DescribeStacks").stream().filter(c -> stackName.equals(c.stackName()))
                .map(AwsCall::at).toList();
    }

    private static long calls(String action, String stackName) {
        return aws().calls().of(action).stream().filter(c -> stackName.equals(c.stackName()) && !c.failed()).count();
    }

    private double triggered() {
        var counter = registry.find("firefly.events.messages").tag("outcome", "triggered").counter();
        return counter == null ? 0 : counter.count();
    }
}
