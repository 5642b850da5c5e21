package io.firefly.offlineaws.sqs;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQS queues of one account. A queue is found by its name, its ARN, or any URL whose path is
 * {@code /ACCOUNT/NAME}: the URL the offline AWS gives out, or the https://sqs.REGION.amazonaws.com one
 * that a template's {@code Ref} of an {@code AWS::SQS::Queue} yields. A URL or ARN of another account finds
 * nothing here.
 */
public final class Queues {

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final Map<String, Queue> byName = new ConcurrentHashMap<>();

    public Queues(String region, String accountId, Clock clock) {
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
    }

    /** Creates the queue, or returns the one of that name: CreateQueue is idempotent for the same attributes. */
    public Queue create(String name, Map<String, String> attributes) {
        return byName.computeIfAbsent(name, n -> new Queue(n, "arn:aws:sqs:" + region + ":" + accountId + ":" + n,
                attributes, clock));
    }

    public Optional<Queue> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<Queue> byUrl(String url) {
        return QueueUrl.parse(url).filter(u -> u.accountId().equals(accountId)).flatMap(u -> byName(u.name()));
    }

    public Optional<Queue> byArn(String arn) {
        String prefix = "arn:aws:sqs:" + region + ":" + accountId + ":";
        return arn.startsWith(prefix) ? byName(arn.substring(prefix.length())) : Optional.empty();
    }

    /** The queues whose names start with the prefix, by name. */
    List<Queue> named(String prefix) {
        return byName.values().stream().filter(q -> q.name().startsWith(prefix))
                .sorted(Comparator.comparing(Queue::name)).toList();
    }

    boolean delete(String name) {
        return byName.remove(name) != null;
    }

    String accountId() {
        return accountId;
    }

    String region() {
        return region;
    }
}
