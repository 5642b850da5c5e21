package io.firefly.offlineaws.sqs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One standard queue: messages in arrival order, each invisible for the visibility timeout after a receive
 * and deleted by a receipt handle of one of its receives. A receive with a wait time blocks until a message
 * is visible or the wait is over, as SQS's long polling does.
 */
public final class Queue {

    /** SQS's default visibility timeout (Amazon SQS Developer Guide, "Amazon SQS visibility timeout"). */
    static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final String arn;
    private final Clock clock;
    private final Instant createdAt;
    private final Map<String, String> attributes;
    private final List<Stored> messages = new ArrayList<>();
    private final Map<String, Stored> byReceipt = new LinkedHashMap<>();

    /** A message held by the queue: {@code visibleAt} moves on with every receive. */
    private static final class Stored {
        final String id = UUID.randomUUID().toString();
        final String body;
        final Instant sentAt;
        Instant visibleAt;
        int receiveCount;

        Stored(String body, Instant sentAt) {
            this.body = body;
            this.sentAt = sentAt;
            this.visibleAt = sentAt;
        }
    }

    /** What one receive returns of a message. */
    public record Received(String messageId, String receiptHandle, String body, String md5OfBody, Instant sentAt,
                           int receiveCount) {
    }

    Queue(String name, String arn, Map<String, String> attributes, Clock clock) {
        this.name = name;
        this.arn = arn;
        this.attributes = new LinkedHashMap<>(attributes);
        this.clock = clock;
        this.createdAt = clock.instant();
    }

    public String name() {
        return name;
    }

    public String arn() {
        return arn;
    }

    public synchronized Map<String, String> attributes() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("QueueArn", arn);
        all.put("ApproximateNumberOfMessages", Long.toString(messages.stream()
                .filter(m -> !m.visibleAt.isAfter(clock.instant())).count()));
        all.put("ApproximateNumberOfMessagesNotVisible", Long.toString(messages.stream()
                .filter(m -> m.visibleAt.isAfter(clock.instant())).count()));
        all.put("CreatedTimestamp", Long.toString(createdAt.getEpochSecond()));
        all.put("VisibilityTimeout", Long.toString(visibilityTimeout().toSeconds()));
        all.putAll(attributes);
        return all;
    }

    synchronized void setAttributes(Map<String, String> changed) {
        attributes.putAll(changed);
    }

    /** @return the message id */
    public synchronized String send(String body) {
        Stored message = new Stored(body, clock.instant());
        messages.add(message);
        notifyAll();
        return message.id;
    }

    /**
     * Up to {@code max} visible messages, oldest first, made invisible for {@code visibility}; waits up to
     * {@code wait} for the first one. An interrupt (the server closing) ends the wait with what there is.
     */
    synchronized List<Received> receive(int max, Duration wait, Optional<Duration> visibility) {
        Instant deadline = clock.instant().plus(wait);
        while (true) {
            Instant now = clock.instant();
            List<Received> received = new ArrayList<>();
            for (Stored m : messages) {
                if (received.size() == max) {
                    break;
                }
                if (!m.visibleAt.isAfter(now)) {
                    m.visibleAt = now.plus(visibility.orElse(visibilityTimeout()));
                    m.receiveCount++;
                    String receipt = UUID.randomUUID() + "#" + m.id;
                    byReceipt.put(receipt, m);
                    received.add(new Received(m.id, receipt, m.body, md5(m.body), m.sentAt, m.receiveCount));
                }
            }
            if (!received.isEmpty() || !now.isBefore(deadline)) {
                return received;
            }
            Instant wake = messages.stream().map(m -> m.visibleAt).filter(deadline::isAfter).min(Instant::compareTo)
                    .filter(t -> t.isAfter(now)).orElse(deadline);
            try {
                wait(Math.max(1, Duration.between(now, wake).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }

    /** @return false for a receipt handle this queue never gave out */
    synchronized boolean delete(String receiptHandle) {
        Stored message = byReceipt.remove(receiptHandle);
        if (message == null) {
            return false;
        }
        messages.remove(message);
        byReceipt.values().removeIf(m -> m == message);
        return true;
    }

    synchronized void purge() {
        messages.clear();
        byReceipt.clear();
    }

    private Duration visibilityTimeout() {
        return Optional.ofNullable(attributes.get("VisibilityTimeout")).map(s -> Duration.ofSeconds(Long.parseLong(s)))
                .orElse(DEFAULT_VISIBILITY_TIMEOUT);
    }

    /** Clients check MD5OfBody against the body they receive. */
    static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
