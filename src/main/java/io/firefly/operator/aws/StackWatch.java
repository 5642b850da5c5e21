package io.firefly.operator.aws;

import io.firefly.operator.config.FireflyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Stack status read in bulk: one paged DescribeStacks listing per region and stable poll interval, shared
 * by every FireflyStack, so thousands of stacks cost a few calls a minute instead of one call each. Only a
 * stack with an operation under way, or one the operator just changed, is read on its own, and no more
 * often than the in-progress poll interval.
 */
@ApplicationScoped
public class StackWatch {
    private static final Logger LOG = Logger.getLogger(StackWatch.class);

    private final AwsClients clients;
    private final AwsCallMeter meter;
    private final FireflyConfig config;
    private final Clock clock;
    private final Map<String, RegionSnapshot> regions = new ConcurrentHashMap<>();

    public StackWatch(AwsClients clients, AwsCallMeter meter, FireflyConfig config) {
        this.clients = clients;
        this.meter = meter;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /** The stack as last read, re-read when stale; empty when it does not exist. */
    public Optional<ObservedStack> observe(String region, String stackName) {
        RegionSnapshot snapshot = regions.computeIfAbsent(region, r -> new RegionSnapshot());
        synchronized (snapshot) {
            Instant now = clock.instant();
            if (snapshot.listedAt == null || !now.isBefore(snapshot.listedAt.plus(config.poll().stable()))) {
                listAll(region, snapshot);
            }
            ObservedStack stack = snapshot.stacks.get(stackName);
            if (snapshot.dirty.remove(stackName) || (stack != null && stack.state() != StackStatuses.StackState.STABLE
                    && isOlderThan(stack.readAt(), inProgressPoll(), now))) {
                stack = describeOne(region, stackName).orElse(null);
                if (stack == null) {
                    snapshot.stacks.remove(stackName);
                } else {
                    snapshot.stacks.put(stackName, stack);
                }
            }
            return Optional.ofNullable(stack).filter(s -> s.state() != StackStatuses.StackState.ABSENT);
        }
    }

    /** The operator changed the stack: the next observe reads it again. */
    public void invalidate(String region, String stackName) {
        RegionSnapshot snapshot = regions.computeIfAbsent(region, r -> new RegionSnapshot());
        synchronized (snapshot) {
            snapshot.dirty.add(stackName);
        }
    }

    /** Reads only stacks that were read before and are in progress, a little before they are due. */
    private Duration inProgressPoll() {
        return config.poll().inProgress().multipliedBy(4).dividedBy(5);
    }

    private static boolean isOlderThan(Instant readAt, Duration age, Instant now) {
        return !now.isBefore(readAt.plus(age));
    }

    private void listAll(String region, RegionSnapshot snapshot) {
        Map<String, ObservedStack> stacks = new HashMap<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            DescribeStacksResponse page = meter.call("DescribeStacks",
                    () -> clients.cloudFormation(region).describeStacks(b -> b.nextToken(next)));
            page.stacks().forEach(s -> stacks.put(s.stackName(), toObserved(s)));
            token = page.nextToken();
            pages++;
        } while (token != null);
        snapshot.stacks.clear();
        snapshot.stacks.putAll(stacks);
        snapshot.listedAt = clock.instant();
        LOG.debugf("listed %s stacks in region %s (%s pages)", (Object) stacks.size(), region, pages);
    }

    private Optional<ObservedStack> describeOne(String region, String stackName) {
        try {
            DescribeStacksResponse response = meter.call("DescribeStacks",
                    () -> clients.cloudFormation(region).describeStacks(b -> b.stackName(stackName)));
            return response.stacks().stream().findFirst().map(this::toObserved);
        } catch (AwsServiceException e) {
            if (AwsErrors.isStackMissing(e)) {
                return Optional.empty();
            }
            invalidate(region, stackName);
            throw e;
        }
    }

    private ObservedStack toObserved(Stack stack) {
        Map<String, String> outputs = new java.util.TreeMap<>();
        for (Output output : stack.outputs()) {
            outputs.put(output.outputKey(), output.outputValue());
        }
        Map<String, String> tags = new java.util.TreeMap<>();
        stack.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return new ObservedStack(stack.stackName(), stack.stackId(), stack.stackStatusAsString(),
                stack.stackStatusReason(), java.util.Collections.unmodifiableMap(outputs),
                java.util.Collections.unmodifiableMap(tags), clock.instant());
    }

    private static final class RegionSnapshot {
        private final Map<String, ObservedStack> stacks = new HashMap<>();
        private final Set<String> dirty = new java.util.HashSet<>();
        private Instant listedAt;
    }
}
