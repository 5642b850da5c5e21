package io.firefly.benchmark;

import io.firefly.offlineaws.cloudformation.Page;
import io.firefly.offlineaws.cloudformation.StackEngine;
import io.firefly.offlineaws.cloudformation.StackEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * CloudFormation's own time for one stack, from its stack events: from the stack's CREATE_IN_PROGRESS (the
 * change set executed) to its last event, plus the change set's computation, which the events do not show
 * (the offline AWS spends its configured change set delay on it).
 *
 * @param lastEvent when CloudFormation finished with the stack
 */
record CloudFormationTimeline(String stackName, Duration ownTime, Instant lastEvent) {

    static CloudFormationTimeline of(StackEngine stacks, String stackName, Duration changeSetComputation) {
        List<StackEvent> events = new ArrayList<>();
        String token = null;
        do {
            Page<StackEvent> page = stacks.describeStackEvents(stackName, token);
            events.addAll(page.items());
            token = page.nextToken();
        } while (token != null);
        Instant executed = events.stream()
                .filter(e -> e.logicalResourceId().equals(stackName) && e.resourceStatus().equals("CREATE_IN_PROGRESS"))
                .map(StackEvent::timestamp).min(Instant::compareTo)
                .orElseThrow(() -> new IllegalStateException(stackName + " was never created"));
        Instant last = events.stream().map(StackEvent::timestamp).max(Instant::compareTo).orElseThrow();
        return new CloudFormationTimeline(stackName, Duration.between(executed, last).plus(changeSetComputation), last);
    }
}
