package io.firefly.operator.aws;

import io.firefly.operator.config.FireflyConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The readers of CloudFormation's stack events: today one, for {@code firefly.events.queue-url}, the queue
 * of the operator's own account. A queue per AWS account would add one reader each here. They run while
 * this replica reconciles (the FireflyStacks' event source starts and stops them), so that a follower
 * never takes messages the leader needs; and they end with the first step of a shutdown.
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
    private QueueReader reader;

    public EventQueues(FireflyConfig config, AwsClients clients, StackWatch watch, EventFeed feed, MeterRegistry registry) {
        this.config = config;
        this.clients = clients;
        this.watch = watch;
        this.feed = feed;
        this.registry = registry;
        // every outcome from the start, at zero: a dashboard or alert sees the series before the first message
        for (String outcome : QueueReader.OUTCOMES) {
            registry.counter("firefly.events.messages", "outcome", outcome);
        }
    }

    /** Starts reading, when a queue is configured; does nothing when it is already being read. */
    public synchronized void start(StackChangeListener listener) {
        if (reader != null) {
            return;
        }
        config.events().queueUrl().ifPresent(url -> {
            reader = new QueueReader(url, clients.sqs(regionOf(url, config.aws().region())), listener, watch, feed, registry);
            reader.start();
        });
    }

    public synchronized void stop() {
        if (reader != null) {
            reader.stop();
            reader = null;
        }
    }

    /** Before quarkus-operator-sdk stops the operator: the reader is gone before the controllers are. */
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
