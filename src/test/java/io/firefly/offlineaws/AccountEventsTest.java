package io.firefly.offlineaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Each account has its own SQS queues and default event bus, and its stacks' status changes go to its own bus
 * only: what an operator reading one events queue per account, with that account's role, relies on. Two
 * teams' roles in two accounts are assumed through the SDK's {@link StsAssumeRoleCredentialsProvider}.
 */
class AccountEventsTest extends OfflineAwsClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT_A = "111111111111";
    private static final String ACCOUNT_B = "222222222222";
    private static final String STACK_EVENTS = "{\"source\":[\"aws.cloudformation\"],"
            + "\"detail-type\":[\"CloudFormation Stack Status Change\"]}";
    /** The rule the operator's docs recommend: only settled statuses reach the queue. */
    private static final String SETTLED_STACK_EVENTS = "{\"source\":[\"aws.cloudformation\"],"
            + "\"detail-type\":[\"CloudFormation Stack Status Change\"],"
            + "\"detail\":{\"status-details\":{\"status\":[{\"anything-but\":{\"suffix\":\"_IN_PROGRESS\"}}]}}}";
    private static final String TEMPLATE = """
            Resources:
              Topic:
                Type: AWS::SNS::Topic
            """;

    private StsClient sts;
    private SqsClient sqs;
    private Team a;
    private Team b;

    /** The clients one team's role works with, in its account. */
    private record Team(String accountId, String sessionArn, StsAssumeRoleCredentialsProvider credentials,
                        CloudFormationClient cfn, SqsClient sqs) {

        static Team assuming(OfflineAws aws, StsClient sts, String accountId, String roleName) {
            StsAssumeRoleCredentialsProvider credentials = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                    .refreshRequest(r -> r.roleArn("arn:aws:iam::" + accountId + ":role/" + roleName)
                            .roleSessionName("firefly-" + roleName))
                    .build();
            return new Team(accountId, "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/firefly-" + roleName,
                    credentials, AwsClients.actingAs(CloudFormationClient.builder(), aws, credentials),
                    AwsClients.actingAs(SqsClient.builder(), aws, credentials));
        }

        void close() {
            cfn.close();
            sqs.close();
            credentials.close();
        }
    }

    @Override
    protected OfflineAwsOptions options() {
        return OfflineAwsOptions.defaults().withResourceStepDelay(Duration.ofMillis(20)).withChangeSetDelay(Duration.ofMillis(20));
    }

    @BeforeAll
    void teams() {
        sts = AwsClients.sts(aws);
        sqs = AwsClients.sqs(aws);
        a = Team.assuming(aws, sts, ACCOUNT_A, "team-a");
        b = Team.assuming(aws, sts, ACCOUNT_B, "team-b");
    }

    @AfterAll
    void closeTeams() {
        a.close();
        b.close();
        sqs.close();
        sts.close();
    }

    @BeforeEach
    void deliverFaithfully() {
        aws.eventBus().faults().clear();
    }

    @Test
    void aStackOfAccountBSendsItsEventsToBsQueueAndToNoOtherAccountsQueue() {
        String name = unique("stack-events");
        String inBase = routedQueue(sqs, aws.accountId(), name, STACK_EVENTS);
        String inA = routedQueue(a.sqs(), ACCOUNT_A, name, STACK_EVENTS);
        String inB = routedQueue(b.sqs(), ACCOUNT_B, name, STACK_EVENTS);

        String stack = unique("team-b");
        String stackId = b.cfn().createStack(r -> r.stackName(stack).templateBody(TEMPLATE)).stackId();
        assertThat(stackId).startsWith("arn:aws:cloudformation:us-east-1:" + ACCOUNT_B + ":stack/" + stack + "/");

        List<JsonNode> events = receiveUntil(b.sqs(), inB, "CREATE_COMPLETE");
        assertThat(events).extracting(AccountEventsTest::status).containsExactly("CREATE_IN_PROGRESS", "CREATE_COMPLETE");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.path("account").asText()).isEqualTo(ACCOUNT_B);
            assertThat(event.at("/detail/stack-id").asText()).isEqualTo(stackId);
            assertThat(event.path("resources").get(0).asText()).isEqualTo(stackId);
        });
        // B's events were all delivered at once: none is on its way to A's or the base account's queue
        assertThat(receive(a.sqs(), inA, 1)).isEmpty();
        assertThat(receive(sqs, inBase, 1)).isEmpty();
    }

    @Test
    void theSameQueueNameIsAQueueInEachAccountWithItsOwnUrlAndArn() {
        String name = unique("orders");
        String inA = a.sqs().createQueue(r -> r.queueName(name)).queueUrl();
        String inB = b.sqs().createQueue(r -> r.queueName(name)).queueUrl();

        assertThat(inA).endsWith("/" + ACCOUNT_A + "/" + name);
        assertThat(inB).endsWith("/" + ACCOUNT_B + "/" + name);
        assertThat(a.sqs().getQueueUrl(r -> r.queueName(name)).queueUrl()).isEqualTo(inA);
        assertThat(b.sqs().getQueueUrl(r -> r.queueName(name)).queueUrl()).isEqualTo(inB);
        assertThat(queueArn(a.sqs(), inA)).isEqualTo("arn:aws:sqs:us-east-1:" + ACCOUNT_A + ":" + name);
        assertThat(queueArn(b.sqs(), inB)).isEqualTo("arn:aws:sqs:us-east-1:" + ACCOUNT_B + ":" + name);

        a.sqs().sendMessage(r -> r.queueUrl(inA).messageBody("for a"));
        assertThat(receive(b.sqs(), inB, 0)).isEmpty();
        assertThat(a.sqs().receiveMessage(r -> r.queueUrl(inA).waitTimeSeconds(1)).messages())
                .extracting(Message::body).containsExactly("for a");

        // ListQueues lists the caller's account only; the base account has no such queue at all
        assertThat(a.sqs().listQueues(r -> r.queueNamePrefix(name)).queueUrls()).containsExactly(inA);
        assertThat(b.sqs().listQueues(r -> r.queueNamePrefix(name)).queueUrls()).containsExactly(inB);
        assertThat(sqs.listQueues(r -> r.queueNamePrefix(name)).queueUrls()).isEmpty();
        String second = a.sqs().createQueue(r -> r.queueName(name + "-2")).queueUrl();
        ListQueuesResponse firstPage = a.sqs().listQueues(r -> r.queueNamePrefix(name).maxResults(1));
        assertThat(firstPage.queueUrls()).containsExactly(inA);
        ListQueuesResponse lastPage = a.sqs().listQueues(r -> r.queueNamePrefix(name).maxResults(1).nextToken(firstPage.nextToken()));
        assertThat(lastPage.queueUrls()).containsExactly(second);
        assertThat(lastPage.nextToken()).isNull();
        assertThat(aws.queues().byName(name)).isEmpty();
        assertThat(aws.queues(ACCOUNT_B).byName(name)).hasValueSatisfying(q -> assertThat(q.arn()).endsWith(ACCOUNT_B + ":" + name));
    }

    @Test
    void aCallerOfAnotherAccountCannotUseTheQueue() {
        String name = unique("private");
        String inB = b.sqs().createQueue(r -> r.queueName(name)).queueUrl();
        b.sqs().sendMessage(r -> r.queueUrl(inB).messageBody("only for b"));
        String arn = "arn:aws:sqs:us-east-1:" + ACCOUNT_B + ":" + name;

        assertDenied(() -> a.sqs().receiveMessage(r -> r.queueUrl(inB).waitTimeSeconds(1)), a.sessionArn(), "receivemessage", arn);
        assertDenied(() -> a.sqs().deleteQueue(r -> r.queueUrl(inB)), a.sessionArn(), "deletequeue", arn);
        assertDenied(() -> a.sqs().getQueueUrl(r -> r.queueName(name).queueOwnerAWSAccountId(ACCOUNT_B)),
                a.sessionArn(), "getqueueurl", arn);
        assertDenied(() -> sqs.receiveMessage(r -> r.queueUrl(inB)), "arn:aws:iam::123456789012:user/firefly-operator",
                "receivemessage", arn);
        // whether the queue exists in the other account is not told either
        String missing = inB.replace(name, name + "-missing");
        assertDenied(() -> a.sqs().receiveMessage(r -> r.queueUrl(missing)), a.sessionArn(), "receivemessage", arn + "-missing");
        // nor does the name alone find it from A
        assertThatThrownBy(() -> a.sqs().getQueueUrl(r -> r.queueName(name)))
                .isInstanceOfSatisfying(SqsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("AWS.SimpleQueueService.NonExistentQueue"));

        assertThat(b.sqs().receiveMessage(r -> r.queueUrl(inB).waitTimeSeconds(1)).messages())
                .extracting(Message::body).containsExactly("only for b");
    }

    @Test
    void aRuleOfAccountATargetingBsQueueCarriesNothingThere() {
        String inB = b.sqs().createQueue(r -> r.queueName(unique("b-only"))).queueUrl();
        String rule = unique("to-b");
        aws.eventBus(ACCOUNT_A).putRule(rule, json(STACK_EVENTS), STACK_EVENTS, true, null);
        aws.eventBus(ACCOUNT_A).putTargets(rule, Map.of("queue", queueArn(b.sqs(), inB)));
        String inA = routedQueue(a.sqs(), ACCOUNT_A, unique("a-events"), STACK_EVENTS);

        String stack = unique("team-a");
        a.cfn().createStack(r -> r.stackName(stack).templateBody(TEMPLATE));

        receiveUntil(a.sqs(), inA, "CREATE_COMPLETE");
        assertThat(receive(b.sqs(), inB, 1)).isEmpty();
    }

    @Test
    void aRuleWithAnythingButSuffixInProgressDeliversOnlySettledStatuses() {
        String queue = routedQueue(b.sqs(), ACCOUNT_B, unique("settled"), SETTLED_STACK_EVENTS);
        String stack = unique("settled");
        CloudFormationWaits waitsInB = new CloudFormationWaits(b.cfn());
        b.cfn().createStack(r -> r.stackName(stack).templateBody(TEMPLATE));
        waitsInB.status(stack, StackStatus.CREATE_COMPLETE);
        b.cfn().updateStack(r -> r.stackName(stack).templateBody(TEMPLATE + """
                  Second:
                    Type: AWS::SNS::Topic
                """));

        List<JsonNode> events = receiveUntil(b.sqs(), queue, "UPDATE_COMPLETE");
        // CREATE_IN_PROGRESS, UPDATE_IN_PROGRESS and UPDATE_COMPLETE_CLEANUP_IN_PROGRESS happened, and stayed out
        assertThat(events).extracting(AccountEventsTest::status).containsExactly("CREATE_COMPLETE", "UPDATE_COMPLETE");
    }

    @Test
    void deliveryFaultsApplyToEveryAccount() {
        assertThat(aws.eventBus(ACCOUNT_B).faults()).isSameAs(aws.eventBus().faults());
        String queue = routedQueue(b.sqs(), ACCOUNT_B, unique("dropped"), STACK_EVENTS);
        aws.eventBus().faults().drop(1.0);

        String stack = unique("dropped");
        b.cfn().createStack(r -> r.stackName(stack).templateBody(TEMPLATE));
        new CloudFormationWaits(b.cfn()).status(stack, StackStatus.CREATE_COMPLETE);

        assertThat(receive(b.sqs(), queue, 1)).isEmpty();
    }

    /** A queue created with the account's credentials, fed by a new rule of that account's bus. */
    private String routedQueue(SqsClient client, String accountId, String name, String pattern) {
        String url = client.createQueue(r -> r.queueName(name)).queueUrl();
        String rule = unique("rule");
        aws.eventBus(accountId).putRule(rule, json(pattern), pattern, true, null);
        aws.eventBus(accountId).putTargets(rule, Map.of("queue", queueArn(client, url)));
        return url;
    }

    private static String queueArn(SqsClient client, String url) {
        return client.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static void assertDenied(Runnable call, String callerArn, String action, String queueArn) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SqsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: " + callerArn + " is not authorized to perform: sqs:"
                    + action + " on resource: " + queueArn + " because no resource-based policy allows the sqs:" + action + " action");
        });
    }

    private static List<JsonNode> receiveUntil(SqsClient client, String url, String lastStatus) {
        List<JsonNode> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            events.addAll(receive(client, url, 1));
            return events.stream().map(AccountEventsTest::status).anyMatch(lastStatus::equals);
        });
        return events;
    }

    /** Receives and deletes what the queue holds, waiting up to the given seconds for a first message. */
    private static List<JsonNode> receive(SqsClient client, String url, int waitSeconds) {
        List<Message> messages = client.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(waitSeconds).maxNumberOfMessages(10))
                .messages();
        messages.forEach(m -> client.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle())));
        return messages.stream().map(m -> json(m.body())).toList();
    }

    private static String status(JsonNode event) {
        return event.at("/detail/status-details/status").asText();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
