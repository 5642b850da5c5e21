package io.firefly.offlineaws;

import io.firefly.offlineaws.control.OfflineAwsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The offline AWS tells of stack status changes as CloudFormation does: an EventBridge rule for
 * "CloudFormation Stack Status Change" events routes them to an SQS queue, read with long polling. Held to
 * the AWS SDK for Java (as the operator reads it), boto3 and the AWS CLI, with the delivery faults on.
 */
class StackEventsTest extends OfflineAwsClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATTERN = "{\"source\":[\"aws.cloudformation\"],\"detail-type\":[\"CloudFormation Stack Status Change\"]}";
    private static final String TEMPLATE = """
            Resources:
              Topic:
                Type: AWS::SNS::Topic
            """;

    private SqsClient sqs;

    @Override
    protected OfflineAwsOptions options() {
        return OfflineAwsOptions.defaults().withResourceStepDelay(Duration.ofMillis(20)).withChangeSetDelay(Duration.ofMillis(20));
    }

    @BeforeAll
    void sqsClient() {
        sqs = AwsClients.sqs(aws);
    }

    @AfterAll
    void closeSqs() {
        sqs.close();
    }

    @BeforeEach
    void deliverFaithfully() {
        aws.eventBus().faults().clear();
    }

    @Test
    void everyStatusChangeOfAStackArrivesAsAnEventBridgeEventInOrder() {
        String queueUrl = routedQueue();
        String stack = "events-" + UUID.randomUUID().toString().substring(0, 8);
        String stackId = cfn.createStack(b -> b.stackName(stack).templateBody(TEMPLATE)).stackId();
        waits.status(stack, StackStatus.CREATE_COMPLETE);
        cfn.deleteStack(b -> b.stackName(stack));

        List<JsonNode> events = receiveUntil(queueUrl, "DELETE_COMPLETE");
        assertThat(events).extracting(e -> e.at("/detail/status-details/status").asText())
                .containsExactly("CREATE_IN_PROGRESS", "CREATE_COMPLETE", "DELETE_IN_PROGRESS", "DELETE_COMPLETE");
        JsonNode first = events.get(0);
        assertThat(first.path("version").asText()).isEqualTo("0");
        assertThat(first.path("source").asText()).isEqualTo("aws.cloudformation");
        assertThat(first.path("detail-type").asText()).isEqualTo("CloudFormation Stack Status Change");
        assertThat(first.path("account").asText()).isEqualTo(aws.accountId());
        assertThat(first.path("region").asText()).isEqualTo(aws.region());
        assertThat(first.path("resources")).containsExactly(JsonNodeFactory.instance.textNode(stackId));
        assertThat(first.at("/detail/stack-id").asText()).isEqualTo(stackId);
        assertThat(first.at("/detail/status-details/status-reason").asText()).isEqualTo("User Initiated");
        assertThat(Instant.parse(first.path("time").asText()).getNano()).isZero();
    }

    @Test
    void aChangeSetRunsReviewThenCreate() {
        String queueUrl = routedQueue();
        String stack = "events-cs-" + UUID.randomUUID().toString().substring(0, 8);
        cfn.createChangeSet(b -> b.stackName(stack).changeSetName("one").changeSetType("CREATE").templateBody(TEMPLATE));
        waits.changeSetComputed(stack, "one");
        cfn.executeChangeSet(b -> b.stackName(stack).changeSetName("one"));

        assertThat(receiveUntil(queueUrl, "CREATE_COMPLETE")).extracting(e -> e.at("/detail/status-details/status").asText())
                .containsExactly("REVIEW_IN_PROGRESS", "CREATE_IN_PROGRESS", "CREATE_COMPLETE");
    }

    @Test
    void aRuleForOtherEventsOrADisabledRuleDeliversNothing() {
        String other = queue();
        aws.eventBus().putRule("other-" + UUID.randomUUID(), pattern("{\"source\":[\"aws.ec2\"]}"), "", true, null);
        String disabledRule = "disabled-" + UUID.randomUUID();
        aws.eventBus().putRule(disabledRule, pattern(PATTERN), PATTERN, false, null);
        aws.eventBus().putTargets(disabledRule, Map.of("q", arnOf(other)));
        String routed = routedQueue();

        cfn.createStack(b -> b.stackName("events-quiet-" + UUID.randomUUID().toString().substring(0, 8)).templateBody(TEMPLATE));

        receiveUntil(routed, "CREATE_COMPLETE");
        assertThat(sqs.receiveMessage(b -> b.queueUrl(other).waitTimeSeconds(1)).messages()).isEmpty();
    }

    @Test
    void droppedEventsNeverArriveAndDuplicatedOnesArriveTwice() {
        String queueUrl = routedQueue();
        aws.eventBus().faults().drop(1.0);
        String dropped = "events-drop-" + UUID.randomUUID().toString().substring(0, 8);
        cfn.createStack(b -> b.stackName(dropped).templateBody(TEMPLATE));
        waits.status(dropped, StackStatus.CREATE_COMPLETE);
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages()).isEmpty();

        aws.eventBus().faults().clear();
        aws.eventBus().faults().duplicate(1.0);
        String twice = "events-dup-" + UUID.randomUUID().toString().substring(0, 8);
        cfn.createStack(b -> b.stackName(twice).templateBody(TEMPLATE));
        waits.status(twice, StackStatus.CREATE_COMPLETE);
        List<JsonNode> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            events.addAll(receive(queueUrl, 1));
            return events.size() >= 4;
        });
        assertThat(events).extracting(e -> e.at("/detail/status-details/status").asText())
                .containsExactly("CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS", "CREATE_COMPLETE", "CREATE_COMPLETE");
    }

    @Test
    void reorderedEventsAllArriveInAnyOrder() {
        String queueUrl = routedQueue();
        aws.eventBus().faults().reorderWithin(Duration.ofMillis(500));
        String stack = "events-reorder-" + UUID.randomUUID().toString().substring(0, 8);
        cfn.createStack(b -> b.stackName(stack).templateBody(TEMPLATE));
        waits.status(stack, StackStatus.CREATE_COMPLETE);

        List<JsonNode> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            events.addAll(receive(queueUrl, 1));
            return events.size() >= 2;
        });
        assertThat(events).extracting(e -> e.at("/detail/status-details/status").asText())
                .containsExactlyInAnyOrder("CREATE_IN_PROGRESS", "CREATE_COMPLETE");
    }

    @Test
    void aLongPollReturnsAsSoonAsAMessageArrivesAndAMissingQueueIsNamed() {
        String queueUrl = queue();
        Instant start = Instant.now();
        new Thread(() -> {
            try {
                Thread.sleep(300); // the message must come while the receive below is waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            aws.queues().byUrl(queueUrl).orElseThrow().send("late");
        }).start();
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(20)).messages();
        assertThat(messages).extracting(Message::body).containsExactly("late");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));

        String missing = queueUrl.replaceFirst("[^/]+$", "no-such-queue");
        assertThatThrownBy(() -> sqs.receiveMessage(b -> b.queueUrl(missing).waitTimeSeconds(1)))
                .isInstanceOf(QueueDoesNotExistException.class)
                .satisfies(e -> assertThat(((QueueDoesNotExistException) e).awsErrorDetails().errorCode())
                        .isEqualTo("AWS.SimpleQueueService.NonExistentQueue"));
    }

    @Test
    void boto3RoutesStackEventsToAQueue(@TempDir Path workDir) {
        Path script = Path.of("src/test/python/offline_aws_events.py").toAbsolutePath();
        AwsCli.Result result = new AwsCli(aws, workDir).exec(List.of("python3", script.toString(), aws.endpoint().toString()));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stdout()).contains("offline AWS delivered stack events");
    }

    @Test
    void theAwsCliRoutesStackEventsToAQueue(@TempDir Path workDir) {
        AwsCli cli = new AwsCli(aws, workDir);
        cli.write("topic.yaml", TEMPLATE);
        String name = "cli-events-" + UUID.randomUUID().toString().substring(0, 8);
        AwsCli.Result created = cli.run("sqs", "create-queue", "--queue-name", name);
        assertThat(created.exitCode()).as(created.output()).isZero();
        String queueUrl = json(created.stdout()).path("QueueUrl").asText();
        String arn = json(cli.run("sqs", "get-queue-attributes", "--queue-url", queueUrl, "--attribute-names", "QueueArn")
                .stdout()).at("/Attributes/QueueArn").asText();
        assertThat(cli.run("events", "put-rule", "--name", name, "--event-pattern", PATTERN).exitCode()).isZero();
        AwsCli.Result targets = cli.run("events", "put-targets", "--rule", name, "--targets", "Id=queue,Arn=" + arn);
        assertThat(targets.exitCode()).as(targets.output()).isZero();
        AwsCli.Result deployed = cli.run("cloudformation", "deploy", "--stack-name", name, "--template-file", "topic.yaml");
        assertThat(deployed.exitCode()).as(deployed.output()).isZero();

        List<String> statuses = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            AwsCli.Result received = cli.run("sqs", "receive-message", "--queue-url", queueUrl, "--wait-time-seconds", "2",
                    "--max-number-of-messages", "10");
            assertThat(received.exitCode()).as(received.output()).isZero();
            if (!received.stdout().isBlank()) {
                for (JsonNode m : json(received.stdout()).path("Messages")) {
                    statuses.add(json(m.path("Body").asText()).at("/detail/status-details/status").asText());
                    assertThat(cli.run("sqs", "delete-message", "--queue-url", queueUrl, "--receipt-handle",
                            m.path("ReceiptHandle").asText()).exitCode()).isZero();
                }
            }
            return statuses.contains("CREATE_COMPLETE");
        });
        assertThat(statuses).containsExactly("REVIEW_IN_PROGRESS", "CREATE_IN_PROGRESS", "CREATE_COMPLETE");
        assertThat(aws.queues().byUrl(queueUrl).orElseThrow().attributes()).containsEntry("ApproximateNumberOfMessages", "0");
    }

    /** A fresh queue that a fresh rule feeds with the stack status changes. */
    private String routedQueue() {
        String queueUrl = queue();
        String rule = "stack-events-" + UUID.randomUUID();
        aws.eventBus().putRule(rule, pattern(PATTERN), PATTERN, true, null);
        aws.eventBus().putTargets(rule, Map.of("queue", arnOf(queueUrl)));
        return queueUrl;
    }

    private String queue() {
        return sqs.createQueue(b -> b.queueName("q-" + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
    }

    private String arnOf(String queueUrl) {
        return aws.queues().byUrl(queueUrl).orElseThrow().arn();
    }

    private List<JsonNode> receiveUntil(String queueUrl, String lastStatus) {
        List<JsonNode> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            events.addAll(receive(queueUrl, 1));
            return events.stream().anyMatch(e -> e.at("/detail/status-details/status").asText().equals(lastStatus));
        });
        return events;
    }

    private List<JsonNode> receive(String queueUrl, int waitSeconds) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(waitSeconds).maxNumberOfMessages(10))
                .messages();
        messages.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        return messages.stream().map(m -> json(m.body())).toList();
    }

    private static JsonNode pattern(String text) {
        return json(text);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
