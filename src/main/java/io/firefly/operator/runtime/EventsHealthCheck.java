package io.firefly.operator.runtime;

import io.firefly.operator.aws.EventFeed;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says on {@code /q/health} and {@code /q/health/ready} whether CloudFormation's events reach the operator:
 * {@code events} is {@code off}, {@code idle}, {@code receiving} or {@code unavailable} (with the
 * {@code reason}) for the queue of the operator's own account, and {@code account.NAME} says the same of each
 * FireflyAccount's queue, with its URL and reason. The check itself is always UP: without its queue the operator still converges every
 * stack, by polling, so a missing or denied queue must neither take the pod out of service nor, as a
 * liveness check would, restart it in a loop.
 */
@Readiness
@ApplicationScoped
public class EventsHealthCheck implements HealthCheck {
    static final String NAME = "cloudformation-events";

    private final EventFeed feed;

    public EventsHealthCheck(EventFeed feed) {
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        EventFeed.State state = feed.state();
        var response = HealthCheckResponse.named(NAME).up()
                .withData("events", state.mode().name().toLowerCase(java.util.Locale.ROOT))
                .withData("since", state.since().toString());
        if (!state.queueUrl().isEmpty()) {
            response.withData("queue", state.queueUrl());
        }
        if (!state.reason().isEmpty()) {
            response.withData("reason", state.reason() + "; stacks are followed by polling");
        }
        for (EventFeed.State account : feed.accounts()) {
            String mode = account.mode().name().toLowerCase(java.util.Locale.ROOT);
            response.withData("account." + account.account().orElseThrow(), account.reason().isEmpty()
                    ? mode + " " + account.queueUrl()
                    : mode + " " + account.queueUrl() + ": " + account.reason() + "; the account's stacks are followed by polling");
        }
        return response.build();
    }
}
