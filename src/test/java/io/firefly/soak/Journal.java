package io.firefly.soak;

import io.firefly.operator.api.DeletionPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the soak itself did, in order: the Kubernetes objects it created and deleted (with the deletion
 * policy their manifest had) and every disruption, so that the checks can tell the operator's doing
 * from the soak's.
 */
final class Journal {
    enum ActKind { CREATED, DELETE_ASKED }

    /** A create or delete of a FireflyStack; {@code at} is after the API accepted it. */
    record Act(Instant at, String object, ActKind kind, DeletionPolicy policy) {
    }

    private final List<Act> acts = new ArrayList<>();
    private final List<String> disruptions = new ArrayList<>();

    synchronized void created(String object) {
        acts.add(new Act(Instant.now(), object, ActKind.CREATED, null));
    }

    synchronized void deleteAsked(String object, DeletionPolicy policy) {
        acts.add(new Act(Instant.now(), object, ActKind.DELETE_ASKED, policy));
    }

    /** A disruption of one kind ("SIGKILL", "out-of-band UpdateStack", ...), counted for the report. */
    synchronized void disruption(String kind) {
        disruptions.add(kind);
    }

    synchronized List<Act> acts(String object) {
        return acts.stream().filter(a -> a.object().equals(object)).toList();
    }

    /** The soak's last create or delete of the object at or before {@code at}. */
    synchronized Optional<Act> lastActBefore(String object, Instant at) {
        return acts.stream().filter(a -> a.object().equals(object) && !a.at().isAfter(at)).reduce((a, b) -> b);
    }

    synchronized Map<String, Long> disruptionCounts() {
        return disruptions.stream().collect(Collectors.groupingBy(d -> d, TreeMap::new, Collectors.counting()));
    }
}
