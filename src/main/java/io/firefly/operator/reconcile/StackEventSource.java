package io.firefly.operator.reconcile;

import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.aws.EventQueue;
import io.firefly.operator.aws.EventQueues;
import io.firefly.operator.aws.StackEventMessage.StatusChange;
import io.firefly.operator.aws.StackWatch;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reconciles a FireflyStack at once when CloudFormation announces a status change of its stack. The event
 * names the stack by id; the FireflyStack is found in the operator's cache, without an AWS call, by the
 * stack id its status holds or, before it holds one, by its stack name and region in the account whose queue
 * brought the event (the operator's own: a FireflyStack that names no FireflyAccount; a FireflyAccount's:
 * those that name it, in {@code spec.accountRef} or through their namespace). The queues are read only while this source runs, that is while this replica reconciles.
 *
 * <p>A DescribeStacks listing taken for one FireflyStack shows every stack of the account: one it finds settled
 * since it last saw it in progress, or whose own read AWS had throttled, has its FireflyStack reconciled at once
 * too, by stack id.
 */
final class StackEventSource extends AbstractEventSource<StatusChange, FireflyStack> {
    static final String NAME = "cloudformation-events";

    private final IndexerResourceCache<FireflyStack> stacks;
    private final EventQueues queues;
    private final StackWatch watch;
    private final String defaultRegion;
    private final Function<FireflyStack, Optional<String>> accountOf;

    /** @param accountOf the name of the FireflyAccount a FireflyStack names; empty: the operator's own account */
    StackEventSource(IndexerResourceCache<FireflyStack> stacks, EventQueues queues, StackWatch watch, String defaultRegion,
                     Function<FireflyStack, Optional<String>> accountOf) {
        super(StatusChange.class, NAME);
        this.stacks = stacks;
        this.queues = queues;
        this.watch = watch;
        this.defaultRegion = defaultRegion;
        this.accountOf = accountOf;
    }

    @Override
    public void start() {
        super.start();
        queues.start(this::reconcilerOf);
        watch.whenListingHasNews(this::reconcileStack);
    }

    @Override
    public void stop() {
        watch.whenListingHasNews(null);
        queues.stop();
        super.stop();
    }

    /** The events carry no state of their own for a reconcile to read: the stack is read from AWS. */
    @Override
    public Set<StatusChange> getSecondaryResources(FireflyStack primary) {
        return Set.of();
    }

    private Optional<Runnable> reconcilerOf(StatusChange change, EventQueue queue) {
        List<ResourceID> ids = stacks.list(s -> manages(s, change, queue)).map(ResourceID::fromResource).toList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(() -> ids.forEach(id -> getEventHandler().handleEvent(new Event(id))));
    }

    private void reconcileStack(String stackId) {
        stacks.list(s -> deployed(s, stackId))
                .map(ResourceID::fromResource).forEach(id -> getEventHandler().handleEvent(new Event(id)));
    }

    /** Whether the FireflyStack's status records that it deployed the stack with this id. */
    private static boolean deployed(FireflyStack stack, String stackId) {
        return stack.getStatus() != null && stackId.equals(stack.getStatus().getStackId());
    }

    private boolean manages(FireflyStack stack, StatusChange change, EventQueue queue) {
        if (deployed(stack, change.stackId())) {
            return true; // a stack id names its account
        }
        String region = Objects.requireNonNullElse(stack.getSpec().getRegion(), defaultRegion);
        return change.stackName().equals(stack.getSpec().getStackName()) && change.region().equals(region)
                && accountOf.apply(stack).equals(queue.account());
    }
}
