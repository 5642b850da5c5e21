package io.firefly.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.firefly.offlineaws.CloudFormationWaits;
import io.firefly.offlineaws.OfflineAws;
import io.firefly.offlineaws.TestTemplates;
import io.firefly.offlineaws.control.AwsCall;
import io.firefly.operator.config.FireflyConfig;
import io.firefly.operator.port.AwsFailure;
import io.firefly.operator.port.AwsIdentity;
import io.firefly.operator.port.ObservedStack;
import io.firefly.operator.port.StackStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * How many DescribeStacks calls the operator's stack reads cost, counted by the offline AWS: the stacks the
 * operator has just changed are read fresh, one by one while they are few, with one listing of the account
 * once reading them one by one would cost more calls than the listing's pages. All DescribeStacks calls
 * share one API quota, so this is what lets a burst of deploys stay under it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StackWatchTest {
    /** More than one page of DescribeStacks (100 stacks a page). */
    private static final int STACKS = 120;
    private static final String REGION = "us-east-1";

    private OfflineAws aws;
    private CloudFormationClient cfn;
    private AwsClients clients;
    private StackWatch watch;

    @BeforeAll
    void stacksInTheAccount() {
        aws = OfflineAws.start();
        cfn = io.firefly.offlineaws.AwsClients.cloudFormation(aws);
        String template = "Resources:\n" + TestTemplates.topicChain(null, 1);
        IntStream.range(0, STACKS).forEach(i -> cfn.createStack(b -> b.stackName(name(i)).templateBody(template)));
        CloudFormationWaits waits = new CloudFormationWaits(cfn);
        IntStream.range(0, STACKS).forEach(i -> waits.settled(name(i)));
    }

    @BeforeEach
    void freshOperator() {
        if (clients != null) {
            clients.close();
        }
        OperatorSettings settings = OperatorSettings.against(aws, REGION, Map.of("firefly.poll.in-progress", "5s", "firefly.poll.stable", "60s"));
        FireflyConfig config = settings.config();
        clients = settings.clients();
        watch = new StackWatch(clients, config, new EventFeed(config));
        aws.faults().clear();
    }

    @AfterAll
    void stop() {
        clients.close();
        cfn.close();
        aws.close();
    }

    @Test
    void aStableStackIsServedFromTheSharedListing() {
        int before = operatorCalls().size();

        IntStream.range(0, STACKS).forEach(i -> assertThat(observe(i).status()).isEqualTo(StackStatus.CREATE_COMPLETE));

        assertThat(operatorCalls().subList(before, operatorCalls().size())).as("one listing of two pages for all %d stacks", STACKS)
                .extracting(StackWatchTest::kind).containsExactly("listing", "listing");
    }

    @Test
    void aFewStacksTheOperatorChangedAreReadByName() {
        observe(0);
        int before = operatorCalls().size();

        watch.invalidate(AwsIdentity.OPERATOR, REGION, name(1));
        watch.invalidate(AwsIdentity.OPERATOR, REGION, name(2));
        observe(1);
        observe(2);
        observe(3);

        assertThat(operatorCalls().subList(before, operatorCalls().size())).extracting(StackWatchTest::kind)
                .as("two reads by name cost no more than the listing's two pages").containsExactly("by name", "by name");
    }

    @Test
    void manyStacksTheOperatorChangedAreReadWithOneListing() {
        observe(0);
        int before = operatorCalls().size();

        IntStream.range(0, 50).forEach(i -> watch.invalidate(AwsIdentity.OPERATOR, REGION, name(i)));
        IntStream.range(0, 50).forEach(i -> assertThat(observe(i).status()).isEqualTo(StackStatus.CREATE_COMPLETE));

        assertThat(operatorCalls().subList(before, operatorCalls().size())).extracting(StackWatchTest::kind)
                .as("fifty fresh reads for the price of one listing").containsExactly("listing", "listing");
    }

    @Test
    void aStackReadFreshIsNeverServedStaleWhenTheListingIsThrottled() {
        observe(0);
        IntStream.range(0, 50).forEach(i -> watch.invalidate(AwsIdentity.OPERATOR, REGION, name(i)));
        aws.faults().throttle(1.0, Set.of("DescribeStacks"));

        assertThatThrownBy(() -> observe(7)).as("the stack the operator changed is not answered from the old listing")
                .isInstanceOf(AwsFailure.Throttled.class);

        aws.faults().clear();
        await().atMost(Duration.ofSeconds(5)).ignoreException(AwsFailure.Throttled.class)
                .untilAsserted(() -> assertThat(observe(7).status()).isEqualTo(StackStatus.CREATE_COMPLETE));
    }

    @Test
    void aThrottledListingPausesInsteadOfBeingAskedForAgainByEveryStack() {
        observe(0);
        IntStream.range(0, 50).forEach(i -> watch.invalidate(AwsIdentity.OPERATOR, REGION, name(i)));
        aws.faults().throttle(1.0, Set.of("DescribeStacks"));
        int before = operatorCalls().size();

        IntStream.range(0, 50).forEach(i -> assertThatThrownBy(() -> observe(i)).isInstanceOf(AwsFailure.Throttled.class));

        assertThat(operatorCalls().size() - before).as("one listing page asked for, not one per stack that needs reading")
                .isEqualTo(1);
        aws.faults().clear();
        await().atMost(Duration.ofSeconds(5)).ignoreException(AwsFailure.Throttled.class)
                .untilAsserted(() -> assertThat(observe(7).status()).isEqualTo(StackStatus.CREATE_COMPLETE));
        assertThat(operatorCalls().subList(before + 1, operatorCalls().size())).extracting(StackWatchTest::kind)
                .as("the pause over, one listing reads them all").containsExactly("listing", "listing");
    }

    @Test
    void aListingTellsOfTheStacksSettledSinceItSawThemInProgress() {
        List<String> news = new CopyOnWriteArrayList<>();
        watch.whenListingHasNews(news::add);
        String creating = "watch-settling";
        String id = cfn.createStack(b -> b.stackName(creating).templateBody("Resources:\n" + TestTemplates.topicChain(null, 3)))
                .stackId();
        listAgain();
        assertThat(watch.observe(AwsIdentity.OPERATOR, REGION, creating)).get().extracting(ObservedStack::status)
                .as("seen in progress by the listing").isEqualTo(StackStatus.CREATE_IN_PROGRESS);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            listAgain();
            assertThat(news).contains(id);
        });
        listAgain();
        assertThat(news).as("told once, and never of the stacks listed with it, changed by the operator or not")
                .containsExactly(id);
    }

    @Test
    void aListingTellsOfTheStacksWhoseOwnReadAwsThrottled() {
        List<String> news = new CopyOnWriteArrayList<>();
        watch.whenListingHasNews(news::add);
        observe(0);
        IntStream.range(0, 50).forEach(i -> watch.invalidate(AwsIdentity.OPERATOR, REGION, name(i)));
        aws.faults().throttle(1.0, Set.of("DescribeStacks"));
        assertThatThrownBy(() -> observe(7)).isInstanceOf(AwsFailure.Throttled.class);
        assertThatThrownBy(() -> observe(8)).as("refused while the listing pauses").isInstanceOf(AwsFailure.Throttled.class);

        aws.faults().clear();
        await().atMost(Duration.ofSeconds(5)).ignoreException(AwsFailure.Throttled.class)
                .untilAsserted(() -> assertThat(observe(7).status()).isEqualTo(StackStatus.CREATE_COMPLETE));

        assertThat(news).as("the two stacks AWS refused to read, not the others the operator changed")
                .containsExactlyInAnyOrder(stackId(7), stackId(8));
    }

    private String stackId(int i) {
        return cfn.describeStacks(b -> b.stackName(name(i))).stacks().get(0).stackId();
    }

    /** Enough stacks due for reading that the next observe lists the account. */
    private void listAgain() {
        IntStream.range(0, 50).forEach(i -> watch.invalidate(AwsIdentity.OPERATOR, REGION, name(i)));
        observe(0);
    }

    @Test
    void aListingCutShortKeepsThePagesItRead() {
        observe(0);
        IntStream.range(0, STACKS).forEach(i -> watch.invalidate(AwsIdentity.OPERATOR, REGION, name(i)));
        List<String> firstPage = cfn.describeStacks(b -> { }).stacks().stream().map(Stack::stackName).toList();
        String onSecondPage = IntStream.range(0, STACKS).mapToObj(StackWatchTest::name).filter(n -> !firstPage.contains(n))
                .findFirst().orElseThrow();
        aws.faults().throttleAfter(1, Set.of("DescribeStacks"));

        assertThatThrownBy(() -> watch.observe(AwsIdentity.OPERATOR, REGION, onSecondPage))
                .as("a stack on the refused second page is not answered from the old listing").isInstanceOf(AwsFailure.Throttled.class);
        int before = operatorCalls().size();
        firstPage.forEach(name -> assertThat(watch.observe(AwsIdentity.OPERATOR, REGION, name)).get()
                .extracting(ObservedStack::status).isEqualTo(StackStatus.CREATE_COMPLETE));

        assertThat(operatorCalls().size()).as("the hundred stacks of the first page were read by the listing that failed after it")
                .isEqualTo(before);

        aws.faults().clear();
        await().atMost(Duration.ofSeconds(5)).ignoreException(AwsFailure.Throttled.class).untilAsserted(() ->
                assertThat(watch.observe(AwsIdentity.OPERATOR, REGION, onSecondPage)).get().extracting(ObservedStack::status)
                        .isEqualTo(StackStatus.CREATE_COMPLETE));
        assertThat(operatorCalls().subList(before, operatorCalls().size())).extracting(StackWatchTest::kind)
                .as("the listing goes on with the page it was refused, not with the first page again").containsExactly("listing");
    }

    private ObservedStack observe(int i) {
        return watch.observe(AwsIdentity.OPERATOR, REGION, name(i)).orElseThrow();
    }

    private List<AwsCall> operatorCalls() {
        return aws.calls().all().stream().filter(c -> c.action().equals("DescribeStacks"))
                .filter(c -> "offline".equals(c.accessKeyId())).toList();
    }

    private static String kind(AwsCall call) {
        return call.stackName() == null ? "listing" : "by name";
    }

    private static String name(int i) {
        return "watched-%03d".formatted(i);
    }
}
