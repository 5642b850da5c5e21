package io.firefly.operator.aws;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Reads one events queue on its own thread: long polls of up to {@value #WAIT_SECONDS} s, each message
 * handed to the listener. A stack that settled (CREATE_COMPLETE, UPDATE_ROLLBACK_FAILED...) is marked for
 * reading and its FireflyStack reconciled at once; a stack that started moving ({@code *_IN_PROGRESS}) is
 * left alone: the operator has nothing to do until it settles, and a reconcile at that moment would only run
 * on a FireflyStack whose latest status the cache may not hold yet. A message that is no stack status change
 * is counted and deleted too, so a foreign or broken message never comes back.
 *
 * <p>Handled messages are deleted in batches of ten, or within {@link #DELETE_WITHIN} of the first one
 * handled: every call counts against the account's SQS costs and the operator's budget of calls per stack,
 * and stacks that settle a few at a time would otherwise cost a DeleteMessageBatch per receive. The messages
 * are received with a visibility timeout of {@value #VISIBILITY_SECONDS} s, far beyond that delay, so a message
 * waiting for its delete never comes back; one whose delete is lost (the operator stopped, the call failed)
 * comes back once, and a repeated event is harmless: the operator reads the stack itself.
 *
 * <p>When the queue cannot be read, the reader says so once, in the log and in the {@link EventFeed}, and
 * tries again with a growing pause: meanwhile the stack watch polls in-progress stacks as it does without
 * events.
 */
final class QueueReader {
    private static final Logger LOG = Logger.getLogger(QueueReader.class);
    /** What becomes of a message, as the firefly_events_messages_total counter names it. */
    static final java.util.List<String> OUTCOMES = java.util.List.of("triggered", "in_progress", "unmanaged", "ignored", "malformed");
    /** SQS's longest long poll (Amazon SQS Developer Guide, "Amazon SQS short and long polling"). */
    static final int WAIT_SECONDS = 20;
    /** The most messages one ReceiveMessage or DeleteMessageBatch takes. */
    private static final int BATCH = 10;
    /** How long a handled message may wait for a DeleteMessageBatch that takes more messages with it. */
    static final Duration DELETE_WITHIN = Duration.ofSeconds(5);
    /** Hides a received message from other receives until it is deleted: well beyond {@link #DELETE_WITHIN}. */
    static final int VISIBILITY_SECONDS = 60;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(1);

    private final EventQueue queue;
    private final SqsClient sqs;
    private final StackChangeListener listener;
    private final StackWatch watch;
    private final EventFeed feed;
    private final MeterRegistry registry;
    private final Thread thread;
    /** Handled messages not deleted yet, the oldest first; only the reader's thread touches them. */
    private final List<Message> handled = new ArrayList<>();
    private Instant firstHandled;
    private volatile boolean running = true;

    QueueReader(EventQueue queue, SqsClient sqs, StackChangeListener listener, StackWatch watch, EventFeed feed,
                MeterRegistry registry) {
        this.queue = queue;
        this.sqs = sqs;
        this.listener = listener;
        this.watch = watch;
        this.feed = feed;
        this.registry = registry;
        // a daemon: a long poll in flight never holds the process up after SIGTERM
        this.thread = new Thread(this::loop, "firefly-events" + queue.account().map(name -> "-" + name).orElse(""));
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Stops at once: a pause ends on the interrupt; a long poll in flight is abandoned, and the messages it
     * may still bring become visible again after the queue's visibility timeout, for the next reader.
     */
    void stop() {
        running = false;
        feed.idle(queue);
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        Duration retry = FIRST_RETRY;
        while (running) {
            List<Message> messages;
            int wait = secondsToWait();
            try {
                messages = sqs.receiveMessage(b -> b.queueUrl(queue.url()).waitTimeSeconds(wait)
                        .maxNumberOfMessages(BATCH).visibilityTimeout(VISIBILITY_SECONDS)).messages();
            } catch (RuntimeException e) {
                if (!running) {
                    return; // the call ended with the shutdown, perhaps after the beans it counts with
                }
                String reason = reasonOf(e);
                if (feed.unavailable(queue, reason)) {
                    LOG.warnf("cannot read the events queue %s (%s): stacks are followed by polling alone until it"
                            + " can be read; trying again within %s", queue.describe(), reason, LONGEST_RETRY);
                }
                if (!pause(retry)) {
                    return;
                }
                retry = retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry.multipliedBy(2);
                continue;
            }
            if (!running) {
                return; // left in the queue for the next reader
            }
            retry = FIRST_RETRY;
            if (feed.receiving(queue)) {
                LOG.infof("receiving CloudFormation stack events from %s", queue.describe());
            }
            messages.forEach(this::handle);
            deleteHandled(messages);
        }
    }

    /** The long poll's wait: SQS's longest, or until the handled messages are due for their delete. */
    private int secondsToWait() {
        if (handled.isEmpty()) {
            return WAIT_SECONDS;
        }
        long left = Duration.between(Instant.now(), firstHandled.plus(DELETE_WITHIN)).toSeconds();
        return (int) Math.max(1, Math.min(WAIT_SECONDS, left + 1));
    }

    private void handle(Message message) {
        try {
            count(outcomeOf(message));
        } catch (RuntimeException e) {
            // never the loop's end: the message is deleted with the others, the stack is polled as ever
            LOG.errorf(e, "handling message %s failed", message.messageId());
        }
    }

    private String outcomeOf(Message message) {
        StackEventMessage parsed = StackEventMessage.parse(message.body());
        String outcome;
        if (parsed instanceof StackEventMessage.StatusChange change) {
            feed.heardFrom(queue, change.region());
            outcome = change.settled() ? trigger(change) : "in_progress";
        } else if (parsed instanceof StackEventMessage.Ignored ignored) {
            LOG.debugf("ignored an event of %s, %s", ignored.source(), ignored.detailType());
            outcome = "ignored";
        } else {
            LOG.debugf("dropped message %s: %s", message.messageId(), ((StackEventMessage.Malformed) parsed).problem());
            outcome = "malformed";
        }
        return outcome;
    }

    private void count(String outcome) {
        registry.counter("firefly.events.messages", "outcome", outcome).increment();
    }

    private String trigger(StackEventMessage.StatusChange change) {
        Optional<Runnable> reconcile = listener.reconcilerOf(change, queue);
        if (reconcile.isEmpty()) {
            return "unmanaged";
        }
        // first the stack is marked for reading, then the reconcile runs: it cannot see the status before the event
        watch.changed(queue.identity(), change.region(), change.stackName(), change.time());
        LOG.debugf("stack %s is %s: reconciling its FireflyStack", change.stackName(), change.status());
        reconcile.get().run();
        return "triggered";
    }

    /** Full batches at once, the rest when the first of them has waited {@link #DELETE_WITHIN}. */
    private void deleteHandled(List<Message> received) {
        if (handled.isEmpty() && !received.isEmpty()) {
            firstHandled = Instant.now();
        }
        handled.addAll(received);
        while (handled.size() >= BATCH) {
            delete(handled.subList(0, BATCH));
        }
        if (!handled.isEmpty() && !Instant.now().isBefore(firstHandled.plus(DELETE_WITHIN))) {
            delete(handled);
        }
        if (!handled.isEmpty() && handled.size() < received.size()) {
            firstHandled = Instant.now(); // what a full batch left over waits from now
        }
    }

    /** One call for the batch, which leaves {@link #handled}; a message not deleted comes back, which is harmless. */
    private void delete(List<Message> batch) {
        List<DeleteMessageBatchRequestEntry> entries = IntStream.range(0, batch.size())
                .mapToObj(i -> DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(batch.get(i).receiptHandle()).build())
                .toList();
        int count = batch.size();
        batch.clear();
        try {
            var response = sqs.deleteMessageBatch(b -> b.queueUrl(queue.url()).entries(entries));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                LOG.debugf("%d messages were not deleted and will come back: %s", response.failed().size(),
                        response.failed().get(0).message());
            }
        } catch (RuntimeException e) {
            LOG.debugf("deleting %d messages failed (%s): they will come back", count, reasonOf(e));
        }
    }

    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String reasonOf(RuntimeException e) {
        String code = e instanceof AwsServiceException aws ? AwsFailures.code(aws) : null;
        String message = AwsFailures.message(e);
        return code == null ? message : code + ": " + message;
    }
}
