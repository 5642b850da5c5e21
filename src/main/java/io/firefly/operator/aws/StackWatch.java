package io.firefly.operator.aws;

import io.firefly.operator.config.FireflyConfig;
import io.firefly.operator.port.AwsFailure;
import io.firefly.operator.port.AwsIdentity;
import io.firefly.operator.port.ObservedStack;
import io.firefly.operator.port.StackStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Stack status read in bulk: one paged DescribeStacks listing per AWS account, region and stable poll
 * interval, shared by every FireflyStack deploying there, so thousands of stacks cost a few calls a minute
 * instead of one call each. A FireflyAccount's listing is read with one account-wide session of its role,
 * whichever namespaces deploy there: more namespaces cost no more calls. A stack with an operation under
 * way, or one the operator just changed, is read again, no more often than the in-progress poll interval:
 * on its own while few stacks need reading, by listing the account again once more stacks need reading
 * than the listing has pages (a burst of deploys costs a page per hundred stacks, not a call per stack;
 * all DescribeStacks calls share one API quota). While CloudFormation's events arrive from the stack's account
 * and region ({@link EventFeed}), an event marks the stack for reading instead, and an in-progress stack is read
 * without one only at the slower {@code firefly.poll.in-progress-with-events}: a safety net for a lost event.
 *
 * <p>A listing that fails (throttled, AWS unavailable) keeps the last one: a stable stack whose status
 * could not be re-read is still what it was, and the listing is tried again after the in-progress interval.
 * A throttled listing is not asked for again at once: the account is listed again only a second later, then
 * twice as long after each listing AWS throttles again (up to the stable poll), and sooner again after each
 * listing read through. The listing pages share the DescribeStacks quota with every other read, and a listing
 * asked for at every in-progress poll of hundreds of stacks would take all of it; meanwhile an in-progress
 * stack keeps its last observation, and a stack the operator just changed waits for its turn.
 */
@ApplicationScoped
public class StackWatch {
    private static final Logger LOG = Logger.getLogger(StackWatch.class);

    private final AwsClients clients;
    private final FireflyConfig config;
    private final EventFeed events;
    private final Clock clock;
    private final Map<Listing, RegionSnapshot> regions = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Consumer<String> listingNews = stackId -> { };

    /** The first pause of the listing after AWS throttled it: a token bucket refills within a second or so. */
    private static final Duration FIRST_LISTING_PAUSE = Duration.ofSeconds(1);

    /** One account's stacks in one region. */
    private record Listing(AwsIdentity account, String region) {
        static Listing of(AwsIdentity identity, String region) {
            return new Listing(AccountSessions.accountWide(identity), region);
        }
    }

    public StackWatch(AwsClients clients, FireflyConfig config, EventFeed events) {
        this.clients = clients;
        this.config = config;
        this.events = events;
        this.clock = Clock.systemUTC();
    }

    /** The stack as last read in the identity's account, re-read when stale; empty when it does not exist. */
    public Optional<ObservedStack> observe(AwsIdentity identity, String region, String stackName) {
        Listing listing = Listing.of(identity, region);
        RegionSnapshot snapshot = regions.computeIfAbsent(listing, r -> new RegionSnapshot());
        synchronized (snapshot) {
            Instant now = clock.instant();
            if (snapshot.listDue == null || !now.isBefore(snapshot.listDue)) {
                if (!snapshot.listingPaused(now)) {
                    listOnSchedule(listing, snapshot, now);
                } else if (snapshot.listedAt == null) {
                    throw pausedListing(snapshot); // nothing was ever observed: there is no last state to keep
                }
            }
            Duration inProgressPoll = inProgressPoll(listing);
            if (snapshot.needsReading(stackName, inProgressPoll, now)) {
                if (snapshot.dueForReading(inProgressPoll, now) > snapshot.pages) {
                    if (snapshot.listingPaused(now)) {
                        if (snapshot.dirty.contains(stackName)) {
                            snapshot.awaitingListing.add(stackName);
                            throw pausedListing(snapshot); // changed by the operator: never answered from before
                        }
                        // in progress: its last observation stands until the next listing
                    } else {
                        try {
                            listAll(listing, snapshot);
                        } catch (AwsFailure failure) {
                            if (snapshot.needsReading(stackName, inProgressPoll, now)) {
                                awaitListingIfThrottled(snapshot, stackName, failure);
                                throw failure; // not on a page read before the failure
                            }
                        }
                    }
                } else {
                    Optional<ObservedStack> read;
                    try {
                        read = describeOne(listing, stackName);
                    } catch (AwsFailure failure) {
                        awaitListingIfThrottled(snapshot, stackName, failure);
                        throw failure;
                    }
                    snapshot.awaitingListing.remove(stackName);
                    snapshot.dirty.remove(stackName);
                    read.ifPresentOrElse(stack -> snapshot.stacks.put(stackName, stack), () -> snapshot.stacks.remove(stackName));
                }
            }
            return Optional.ofNullable(snapshot.stacks.get(stackName)).filter(s -> s.status() != StackStatus.DELETE_COMPLETE);
        }
    }

    /**
     * Who is told, by stack id, of the stacks a listing has news of for their FireflyStack: settled (or gone)
     * since it last saw them in progress, or read at last after AWS throttled their own read. Their FireflyStacks
     * are reconciled at once instead of at their own next poll, which could come up to a poll later than the
     * listing, or, for a stack waiting its turn after throttling, up to the longest wait later.
     */
    public void whenListingHasNews(Consumer<String> listener) {
        this.listingNews = listener == null ? stackId -> { } : listener;
    }

    /** The operator changed the stack: the next observe reads it again. */
    public void invalidate(AwsIdentity identity, String region, String stackName) {
        RegionSnapshot snapshot = regions.computeIfAbsent(Listing.of(identity, region), r -> new RegionSnapshot());
        synchronized (snapshot) {
            snapshot.dirty.add(stackName);
        }
    }

    /**
     * CloudFormation announced a change of the stack at {@code at} (to the second), through a queue of the
     * account's: the next observe reads it again, unless it was read after that second ended, as it is when
     * the event came late or twice.
     */
    public void changed(AwsIdentity account, String region, String stackName, Instant at) {
        RegionSnapshot snapshot = regions.computeIfAbsent(Listing.of(account, region), r -> new RegionSnapshot());
        synchronized (snapshot) {
            ObservedStack cached = snapshot.stacks.get(stackName);
            if (cached == null || cached.readAt().isBefore(at.plusSeconds(1))) {
                snapshot.dirty.add(stackName);
            }
        }
    }

    /** A stack AWS would not let the operator read waits its turn: the listing that reads it first says so. */
    private static void awaitListingIfThrottled(RegionSnapshot snapshot, String stackName, AwsFailure failure) {
        if (failure instanceof AwsFailure.Throttled) {
            snapshot.awaitingListing.add(stackName);
        }
    }

    private static AwsFailure pausedListing(RegionSnapshot snapshot) {
        return new AwsFailure.Throttled("DescribeStacks", "AWS throttled the listing of the account's stacks; it is"
                + " listed again from " + snapshot.listingPausedUntil, null);
    }

    /** Reads only stacks that were read before and are in progress, a little before they are due. */
    private Duration inProgressPoll(Listing listing) {
        boolean announced = events.announces(listing.account(), listing.region());
        Duration poll = announced ? config.poll().inProgressWithEvents() : config.poll().inProgress();
        return poll.multipliedBy(4).dividedBy(5);
    }

    /**
     * The stable poll's listing. When it fails, the last listing is kept: a stable stack whose status could not be
     * re-read is still what it was. A stack that needs reading is read anyway, and its failure reaches the caller.
     */
    private void listOnSchedule(Listing listing, RegionSnapshot snapshot, Instant now) {
        try {
            listAll(listing, snapshot);
        } catch (AwsFailure failure) {
            if (snapshot.listedAt == null) {
                throw failure; // nothing was ever observed: there is no last state to keep
            }
            snapshot.listDue = now.plus(config.poll().inProgress());
            LOG.infof("listing the stacks of region %s (%s) failed (%s); keeping the listing of %s",
                    listing.region(), describe(listing.account()), failure.getMessage(), snapshot.listedAt);
        }
    }

    /**
     * Every stack of the account in the region, read again, each page kept as it arrives. When a page is
     * throttled, the next listing asks for that page again instead of starting over: the pages share the
     * DescribeStacks quota with every other read, and a listing that always started over would spend the
     * tokens it gets on its first pages while the stacks on the last ones were never read. Only a listing
     * read from its first page to its last, in one go, shows which stacks no longer exist.
     */
    private void listAll(Listing listing, RegionSnapshot snapshot) {
        String region = listing.region();
        String token = snapshot.resumeToken;
        boolean whole = token == null;
        Set<String> seen = new HashSet<>();
        List<String> news = new ArrayList<>();
        int pages = 0;
        try {
            do {
                String next = token;
                Instant asked = clock.instant();
                DescribeStacksResponse page = clients.cloudFormation(listing.account(), region)
                        .describeStacks(b -> b.nextToken(next));
                for (Stack stack : page.stacks()) {
                    ObservedStack observed = toObserved(stack, asked);
                    ObservedStack before = snapshot.stacks.put(stack.stackName(), observed);
                    snapshot.dirty.remove(stack.stackName());
                    boolean awaited = snapshot.awaitingListing.remove(stack.stackName());
                    if (awaited || (inProgress(before) && observed.status() != before.status())) {
                        news.add(observed.id());
                    }
                    seen.add(stack.stackName());
                }
                token = page.nextToken();
                pages++;
            } while (token != null);
        } catch (SdkException e) {
            AwsFailure failure = AwsFailures.translate(e, "DescribeStacks");
            snapshot.resumeToken = failure instanceof AwsFailure.Throttled ? token : null;
            if (failure instanceof AwsFailure.Throttled) {
                snapshot.pauseListing(clock.instant(), config.poll().stable());
            }
            throw failure;
        } finally {
            news.forEach(listingNews);
        }
        snapshot.resumeToken = null;
        snapshot.listedThrough();
        if (whole) {
            snapshot.stacks.values().stream()
                    .filter(s -> !seen.contains(s.name()) && (inProgress(s) || snapshot.awaitingListing.contains(s.name())))
                    .forEach(gone -> listingNews.accept(gone.id()));
            snapshot.awaitingListing.clear();
            snapshot.stacks.keySet().retainAll(seen);
            snapshot.dirty.clear();
            snapshot.pages = pages;
        }
        snapshot.listedAt = clock.instant();
        snapshot.listDue = snapshot.listedAt.plus(config.poll().stable());
        LOG.debugf("listed %s stacks in region %s, %s (%s pages%s)", seen.size(), region, describe(listing.account()), pages,
                whole ? "" : ", resumed");
    }

    private static boolean inProgress(ObservedStack stack) {
        return stack != null && stack.status().situation() == StackStatus.Situation.IN_PROGRESS;
    }

    private static String describe(AwsIdentity account) {
        return account instanceof AwsIdentity.AssumedRole role ? "role " + role.roleArn() : "the operator's identity";
    }

    private Optional<ObservedStack> describeOne(Listing listing, String stackName) {
        String region = listing.region();
        try {
            Instant asked = clock.instant();
            DescribeStacksResponse response = clients.cloudFormation(listing.account(), region)
                    .describeStacks(b -> b.stackName(stackName));
            return response.stacks().stream().findFirst().map(stack -> toObserved(stack, asked));
        } catch (SdkException e) {
            AwsFailure failure = AwsFailures.translate(e, "DescribeStacks");
            if (failure instanceof AwsFailure.NotFound) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    /**
     * @param asked when the read was asked for: the stack is as it was at some moment after that, and an event of a
     *              change made before it is already in what was read; the answer's arrival would claim more
     */
    private ObservedStack toObserved(Stack stack, Instant asked) {
        Map<String, String> outputs = new TreeMap<>();
        stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
        Map<String, String> tags = new TreeMap<>();
        stack.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        Map<String, String> parameters = new LinkedHashMap<>();
        stack.parameters().forEach(p -> parameters.put(p.parameterKey(),
                p.parameterValue() == null ? "" : p.parameterValue()));
        Instant updated = stack.lastUpdatedTime() != null ? stack.lastUpdatedTime() : stack.creationTime();
        return new ObservedStack(stack.stackName(), stack.stackId(), StackStatus.of(stack.stackStatusAsString()),
                stack.stackStatusAsString(), stack.stackStatusReason(), outputs, tags, parameters,
                stack.capabilitiesAsStrings(), stack.roleARN(), updated, asked);
    }

    private static final class RegionSnapshot {
        private final Map<String, ObservedStack> stacks = new HashMap<>();
        private final Set<String> dirty = new HashSet<>();
        /** Stacks whose read AWS throttled: their reconciles wait their turn, which a listing can cut short. */
        private final Set<String> awaitingListing = new HashSet<>();
        /** Pages of the last whole listing: what listing again costs. */
        private int pages = 1;
        /** The page a throttled listing stopped at, which the next listing starts with; null: the first page. */
        private String resumeToken;
        private Instant listedAt;
        private Instant listDue;
        /** How long the listing pauses after the next throttled page; zero while AWS does not throttle it. */
        private Duration listingPause = Duration.ZERO;
        private Instant listingPausedUntil = Instant.MIN;

        boolean listingPaused(Instant now) {
            return now.isBefore(listingPausedUntil);
        }

        void pauseListing(Instant now, Duration longest) {
            listingPause = listingPause.isZero() ? FIRST_LISTING_PAUSE : min(listingPause.multipliedBy(2), longest);
            listingPausedUntil = now.plus(listingPause);
        }

        /** A listing read to its last page: the next throttling pauses it half as long. */
        void listedThrough() {
            listingPause = listingPause.dividedBy(2);
            if (listingPause.compareTo(FIRST_LISTING_PAUSE) < 0) {
                listingPause = Duration.ZERO;
            }
        }

        private static Duration min(Duration a, Duration b) {
            return a.compareTo(b) <= 0 ? a : b;
        }

        /** Changed by the operator, announced by an event, or in progress and not read for a poll. */
        boolean needsReading(String stackName, Duration inProgressPoll, Instant now) {
            ObservedStack stack = stacks.get(stackName);
            return dirty.contains(stackName) || (stack != null && stack.status().situation() != StackStatus.Situation.STABLE
                    && !now.isBefore(stack.readAt().plus(inProgressPoll)));
        }

        /** How many stacks would be read on their own within this poll if the account were not listed again. */
        long dueForReading(Duration inProgressPoll, Instant now) {
            Set<String> due = new HashSet<>(dirty);
            stacks.keySet().stream().filter(name -> needsReading(name, inProgressPoll, now)).forEach(due::add);
            return due.size();
        }
    }
}
