package io.firefly.operator.reconcile.inputs;

import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackStatus;
import io.firefly.operator.api.Phase;
import io.firefly.operator.api.StackParameter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The dependency graph of the FireflyStacks of one namespace: an edge from a stack to every stack it
 * names in {@code dependsOn} or in a {@code stackOutput} parameter.
 */
public final class StackGraph {
    private final Map<String, FireflyStack> byName;

    public StackGraph(List<FireflyStack> namespaceStacks) {
        this.byName = namespaceStacks.stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), Function.identity(), (a, b) -> a));
    }

    public static Set<String> dependenciesOf(FireflyStack stack) {
        Set<String> names = new TreeSet<>(stack.getSpec().getDependsOn());
        for (StackParameter parameter : stack.getSpec().getParameters()) {
            if (parameter.valueFrom() != null && parameter.valueFrom().stackOutput() != null) {
                names.add(parameter.valueFrom().stackOutput().stack());
            }
        }
        return names;
    }

    /** Ready at its current generation: what its dependents wait for. */
    public static boolean isReady(FireflyStack stack) {
        FireflyStackStatus status = stack.getStatus();
        return status != null && status.getPhase() == Phase.Ready
                && Objects.equals(status.getObservedGeneration(), stack.getMetadata().getGeneration())
                && status.isTrue(ConditionType.Ready);
    }

    public Optional<FireflyStack> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Stacks that still depend on {@code name}, those being deleted included, sorted by name. */
    public List<String> dependentsOf(String name) {
        return byName.values().stream()
                .filter(s -> dependenciesOf(s).contains(name))
                .map(s -> s.getMetadata().getName())
                .sorted()
                .toList();
    }

    /** A cycle through {@code start}, as the names along it ending with start again; empty if none. */
    public Optional<List<String>> cycleThrough(String start) {
        return walk(start, start, new ArrayList<>(List.of(start)), new LinkedHashSet<>());
    }

    private Optional<List<String>> walk(String start, String current, List<String> path, Set<String> seen) {
        FireflyStack stack = byName.get(current);
        if (stack == null || !seen.add(current)) {
            return Optional.empty();
        }
        for (String next : dependenciesOf(stack)) {
            path.add(next);
            if (next.equals(start)) {
                return Optional.of(List.copyOf(path));
            }
            Optional<List<String>> found = walk(start, next, path, seen);
            if (found.isPresent()) {
                return found;
            }
            path.remove(path.size() - 1);
        }
        return Optional.empty();
    }
}
