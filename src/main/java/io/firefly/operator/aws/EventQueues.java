package io.firefly.operator.aws;

import io.firefly.operator.config.FireflyConfig;
import io.firefly.operator.port.AwsIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The readers of CloudFormation's stack events, one per queue: the operator's own account's
 * ({@code firefly.events.queue-url}) and each FireflyAccount's ({@code spec.events.queueUrl}), read with that
 * account's role. They run while this replica reconciles (the FireflyStacks' event source starts and stops
 * them), so that a follower never takes messages the leader needs; and they end with the first step of a
 * shutdown. The FireflyAccounts' queues are followed as the accounts come, change and go, whether the readers
 * run or not.
 */
@ApplicationScoped
public class EventQueues {
    /** {@code https://sqs.REGION.amazonaws.com/...}, {@code https://REGION.queue.amazonaws.com/...}, and their kin. */
    private static final Pattern REGIONAL_HOST = Pattern.compile("(?:sqs\\.([a-z0-9-]+)\\..+|([a-z0-9-]+)\\.queue\\..+)");

    private final FireflyConfig config;
    private final AwsClients clients;
    private final StackWatch watch;
    private final EventFeed feed;
    private final MeterRegistry registry;
    /** The queues to read: the operator's, then the FireflyAccounts' by account name. */
    private final Map<Optional<String>, EventQueue> wanted = new HashMap<>();
    private final Map<EventQueue, QueueReader> readers = new HashMap<>();
    private StackChangeListener listener;

    public EventQueues(FireflyConfig config, AwsClients clients, StackWatch watch, EventFeed feed, MeterRegistry registry) {
        this.config = config;
        this.clients = clients;
        this.watch = watch;
        this.feed = feed;
        this.registry = registry;
        config.events().queueUrl().ifPresent(url -> wanted.put(Optional.empty(), EventQueue.operators(url)));
        // every outcome from the start, at zero: a dashboard or alert sees the series before the first message
        for (String outcome : QueueReader.OUTCOMES) {
            registry.counter("firefly.events.messages", "outcome", outcome);
        }
    }

    /** Starts reading every queue; does nothing when they are being read already. */
    public synchronized void start(StackChangeListener listener) {
        if (this.listener != null) {
            return;
        }
        this.listener = listener;
        wanted.values().forEach(this::read);
    }

    public synchronized void stop() {
        readers.values().forEach(QueueReader::stop);
        readers.clear();
        listener = null;
    }

    /**
     * The FireflyAccount's queue, read with the account-wide session of its role; none: the account's stacks
     * are polled. A changed queue or role replaces the reader.
     */
    public synchronized void follow(String account, AwsIdentity.AssumedRole role, Optional<String> queueUrl) {
        Optional<EventQueue> queue = queueUrl.map(url -> EventQueue.ofAccount(account, role, url));
        EventQueue before = wanted.get(Optional.of(account));
        if (queue.isPresent() && queue.get().equals(before)) {
            return;
        }
        if (before != null) {
            unfollow(account);
        }
        queue.ifPresent(q -> {
            wanted.put(Optional.of(account), q);
            feed.track(q);
            if (listener != null) {
                read(q);
            }
        });
    }

    /** The FireflyAccount is gone: its queue is no longer read. */
    public synchronized void unfollow(String account) {
        EventQueue queue = wanted.remove(Optional.of(account));
        if (queue != null) {
            QueueReader reader = readers.remove(queue);
            if (reader != null) {
                reader.stop();
            }
            feed.forget(queue);
        }
    }

    private void read(EventQueue queue) {
        String region = regionOf(queue.url(), config.aws().region());
        QueueReader reader = new QueueReader(queue, clients.sqs(queue.identity(), region), listener, watch, feed, registry);
        readers.put(queue, reader);
        reader.start();
    }

    /** Before quarkus-operator-sdk stops the operator: the readers are gone before the controllers are. */
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        stop();
    }

    /** The region whose SQS endpoint serves the queue: the one its URL names, else the operator's default. */
    static String regionOf(String queueUrl, String fallback) {
        String host = URI.create(queueUrl).getHost();
        Matcher m = host == null ? null : REGIONAL_HOST.matcher(host);
        if (m == null || !m.matches()) {
            return fallback;
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }
}
