package io.firefly.operator.reconcile;

import static io.firefly.operator.reconcile.OperatorTestSupport.aws;
import static io.firefly.operator.reconcile.OperatorTestSupport.cloudFormation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.offlineaws.control.AwsCall;
import io.firefly.operator.api.AccountEvents;
import io.firefly.operator.api.AccountNamespaces;
import io.firefly.operator.api.AccountRef;
import io.firefly.operator.api.FireflyAccount;
import io.firefly.operator.api.FireflyAccountSpec;
import io.firefly.operator.api.FireflyStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * A queue that does not exist leaves the operator as it is without events: it polls in-progress stacks at the
 * in-progress interval, and its health endpoint says why events are off while the pod stays ready. The same
 * holds for a FireflyAccount's queue, for that account's stacks.
 */
@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(OfflineAwsTestResource.class)
@TestProfile(BrokenEventQueueTest.QueueMissing.class)
class BrokenEventQueueTest {
    /** 40 topics, each created after the one before at 40 ms a step: a create of about two seconds. */
    private static final String SLOW_TEMPLATE = "Resources:\n" + io.firefly.offlineaws.TestTemplates.topicChain(null, 40);

    public static class QueueMissing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("firefly.poll.in-progress-with-events", "60s", "firefly.poll.stable", "60s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EventQueueTestResource.class, Map.of("missing", "true")));
        }
    }

    @Inject
    KubernetesClient client;

    @TestHTTPResource("/q/health/ready")
    URI readiness;

    @Test
    void healthSaysWhyEventsAreOffAndStacksAreFollowedByPolling() throws Exception {
        JsonNode check = await().atMost(Duration.ofSeconds(30)).until(this::eventsCheck,
                c -> "unavailable".equals(c.at("/data/events").asText()));
        assertThat(check.path("status").asText()).isEqualTo("UP");
        assertThat(check.at("/data/queue").asText()).endsWith("/no-such-queue");
        assertThat(check.at("/data/reason").asText()).contains("AWS.SimpleQueueService.NonExistentQueue")
                .contains("The specified queue does not exist").contains("polling");

        var t = new OperatorTestSupport(client);
        String stackName = t.prefix + "-polled";
        t.apply(t.stack("polled", SLOW_TEMPLATE));
        t.awaitReady("polled");

        Instant started = stackEvent(stackName, "CREATE_IN_PROGRESS");
        Instant completed = stackEvent(stackName, "CREATE_COMPLETE");
        // the in-progress poll (300 ms in tests), not the 60 s safety interval of a working queue
        assertThat(aws().calls().of("DescribeStacks").stream().filter(c -> stackName.equals(c.stackName()))
                .map(AwsCall::at).filter(at -> at.isAfter(started) && at.isBefore(completed))).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void anAccountWhoseQueueCannotBeReadIsPolledAndTheHealthSaysWhy() throws Exception {
        var t = new OperatorTestSupport(client);
        String accountName = t.prefix + "-acct";
        String queueUrl = aws().endpoint() + "/111111111111/no-such-account-queue";
        FireflyAccount account = new FireflyAccount();
        account.setMetadata(new ObjectMetaBuilder().withName(accountName).build());
        FireflyAccountSpec spec = new FireflyAccountSpec();
        spec.setAssumeRoleArn("arn:aws:iam::111111111111:role/" + accountName);
        spec.setNamespaces(new AccountNamespaces(List.of(t.namespace), null));
        spec.setEvents(new AccountEvents(queueUrl));
        account.setSpec(spec);
        client.resource(account).create();

        JsonNode check = await().atMost(Duration.ofSeconds(30)).until(this::eventsCheck,
                c -> c.at("/data/account." + accountName).asText().startsWith("unavailable"));
        assertThat(check.at("/data/account." + accountName).asText()).contains(queueUrl)
                .contains("The specified queue does not exist").contains("polling");
        assertThat(aws().calls().of("ReceiveMessage")).as("read with the account's role")
                .anyMatch(c -> "111111111111".equals(c.accountId()));

        FireflyStack stack = t.stack("polled-in-account", SLOW_TEMPLATE);
        stack.getSpec().setAccountRef(new AccountRef(accountName));
        t.apply(stack);
        t.awaitReady("polled-in-account");

        client.resource(account).delete();
        await().atMost(Duration.ofSeconds(10)).until(this::eventsCheck, c -> c.at("/data/account." + accountName).isMissingNode());
    }

    private JsonNode eventsCheck() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        for (JsonNode check : new ObjectMapper().readTree(response.body()).path("checks")) {
            if ("cloudformation-events".equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no cloudformation-events check in " + response.body());
    }

    private static Instant stackEvent(String stackName, String status) {
        return cloudFormation().describeStackEvents(b -> b.stackName(stackName)).stackEvents().stream()
                .filter(e -> e.logicalResourceId().equals(stackName) && status.equals(e.resourceStatusAsString()))
                .map(StackEvent::timestamp).findFirst().orElseThrow();
    }
}
