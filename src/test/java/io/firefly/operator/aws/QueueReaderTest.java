package io.firefly.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firefly.offlineaws.OfflineAws;
import io.firefly.offlineaws.control.AwsCall;
import io.firefly.operator.config.FireflyConfig;
import io.firefly.operator.port.AwsIdentity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What reading an events queue costs and what it keeps: handled messages are deleted in full batches at once
 * and the rest together within a few seconds, so stacks that settle a few at a time do not cost a
 * DeleteMessageBatch per receive; and a message waiting for its delete never comes back, even from a queue
 * whose own visibility timeout is shorter than the wait. Counted by the offline AWS.
 */
class QueueReaderTest {
    private static final String REGION = "us-east-1";

    private OfflineAws aws;
    private SqsClient sender;
    private AwsClients clients;
    private EventFeed feed;
    private QueueReader reader;
    private final List<String> handled = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        aws = OfflineAws.start();
        sender = io.firefly.offlineaws.AwsClients.sqs(aws);
        OperatorSettings settings = OperatorSettings.against(aws, REGION, Map.of());
        FireflyConfig config = settings.config();
        clients = settings.clients();
        feed = new EventFeed(config);
    }

    @AfterEach
    void stop() {
        if (reader != null) {
            reader.stop();
        }
        clients.close();
        sender.close();
        aws.close();
    }

    @Test
    void aFewMessagesAreDeletedTogetherWithinTheDelay() {
        String url = queue("few", 30);
        read(url);
        send(url, 0, 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() == 3);
        Instant handledAt = Instant.now();

        await().atMost(QueueReader.DELETE_WITHIN.plusSeconds(3)).until(() -> !deletes().isEmpty());
        assertThat(Duration.between(handledAt, Instant.now())).as("the delete waited for more messages")
                .isGreaterThan(QueueReader.DELETE_WITHIN.minusSeconds(2));
        send(url, 3, 2);
        await().atMost(QueueReader.DELETE_WITHIN.plusSeconds(5)).until(() -> deletes().size() == 2);
        assertThat(handled).as("each message handled once").hasSize(5).doesNotHaveDuplicates();
        assertThat(remaining(url)).isZero();
    }

    @Test
    void fullBatchesAreDeletedAtOnce() {
        String url = queue("many", 30);
        send(url, 0, 20);
        read(url);

        await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() == 20);
        await().atMost(Duration.ofSeconds(2)).until(() -> deletes().size() == 2);
        assertThat(handled).doesNotHaveDuplicates();
        assertThat(remaining(url)).isZero();
    }

    @Test
    void aMessageWaitingForItsDeleteDoesNotComeBack() {
        String url = queue("short-visibility", 1); // the queue would show it again after 1 s
        read(url);
        send(url, 0, 1);

        await().atMost(QueueReader.DELETE_WITHIN.plusSeconds(3)).until(() -> deletes().size() == 1);
        assertThat(handled).as("handled once, not again after the queue's own visibility timeout").hasSize(1);
        assertThat(remaining(url)).isZero();
    }

    private String queue(String name, int visibilitySeconds) {
        return sender.createQueue(b -> b.queueName(name)
                .attributesWithStrings(Map.of("VisibilityTimeout", Integer.toString(visibilitySeconds)))).queueUrl();
    }

    private void read(String url) {
        EventQueue queue = EventQueue.operators(url);
        feed.track(queue);
        StackChangeListener listener = (change, from) -> {
            handled.add(change.stackName());
            return Optional.empty();
        };
        reader = new QueueReader(queue, clients.sqs(AwsIdentity.OPERATOR, REGION), listener, null, feed,
                new SimpleMeterRegistry());
        reader.start();
    }

    private void send(String url, int from, int count) {
        IntStream.range(from, from + count).forEach(i -> sender.sendMessage(b -> b.queueUrl(url).messageBody("""
                {"detail-type": "CloudFormation Stack Status Change", "source": "aws.cloudformation",
                 "account": "123456789012", "time": "2026-12-04T09:12:44Z", "region": "us-east-1",
                 "detail": {"stack-id": "arn:aws:cloudformation:us-east-1:123456789012:stack/s-%d/5e3c2b10",
                            "status-details": {"status": "CREATE_COMPLETE", "status-reason": ""}}}""".formatted(i))));
    }

    private List<AwsCall> deletes() {
        return aws.calls().of("DeleteMessageBatch");
    }

    /** Messages still in the queue, visible or not. */
    private long remaining(String url) {
        Map<String, String> attributes = aws.queues().byUrl(url).orElseThrow().attributes();
        return Long.parseLong(attributes.get("ApproximateNumberOfMessages"))
                + Long.parseLong(attributes.get("ApproximateNumberOfMessagesNotVisible"));
    }
}
