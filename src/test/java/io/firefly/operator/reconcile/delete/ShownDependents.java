package io.firefly.operator.reconcile.delete;

import java.util.List;
import java.util.Optional;

/**
 * Dependents as a test shows them to a deletion step: in the cache, and in the API server's list (empty when the
 * API server does not answer). Counts the lists the step asked for.
 */
public final class ShownDependents implements DeleteConverger.Dependents {
    private final List<String> cached;
    private final Optional<List<String>> listed;
    private int lists;

    private ShownDependents(List<String> cached, Optional<List<String>> listed) {
        this.cached = cached;
        this.listed = listed;
    }

    /** The cache and the API server agree. */
    public static ShownDependents both(List<String> names) {
        return new ShownDependents(names, Optional.of(names));
    }

    /** The API server lists what the cache has not seen yet. */
    public static ShownDependents listedOnly(List<String> names) {
        return new ShownDependents(List.of(), Optional.of(names));
    }

    /** None in the cache, and the API server does not answer. */
    public static ShownDependents unlisted() {
        return new ShownDependents(List.of(), Optional.empty());
    }

    @Override
    public List<String> cached() {
        return cached;
    }

    @Override
    public Optional<List<String>> listed() {
        lists++;
        return listed;
    }

    public int lists() {
        return lists;
    }
}
