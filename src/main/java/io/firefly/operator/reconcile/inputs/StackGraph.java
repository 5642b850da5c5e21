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
 * names in {@code dependsOn} or in a {@code stackOutput} parameter. It reads the stacks one by name and the
 * dependents of one by name, so that a reconcile in a namespace of a thousand stacks touches only the few
 * it depends on instead of copying them all.
 */
public final class StackGraph {
    /** The FireflyStacks of one namespace as the graph reads them. */
    public interface Stacks {
        Optional<FireflyStack> named(String name);

        /** Those that depend on {@code name}, by {@code dependsOn} or a {@code stackOutput} parameter. */
        List<FireflyStack> dependingOn(String name);
    }

    private final Stacks stacks;

    /** A listing of the namespace's FireflyStacks, read as a graph reads them. */
    public static Stacks listed(List<FireflyStack> namespaceStacks) {
        Map<String, FireflyStack> byName = namespaceStacks.stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), Function.identity(), (a, b) -> a));
        return new Stacks() {
            @Override
            public Optional<FireflyStack> named(String name) {
                return Optional.ofNullable(byName.get(name));
            }

            @Override
            public List<FireflyStack> dependingOn(String name) {
                return byName.values().stream().filter(s -> dependenciesOf(s).contains(name)).toList();
            }
        };
    }

    /**
     * A graph over the namespace's FireflyStacks as a cache or a listing has them, with {@code reconciled} taken as
     * the caller has it rather than as they do.
     */
    public static StackGraph over(Stacks namespace, FireflyStack reconciled) {
        String own = reconciled.getMetadata().getName();
        return new StackGraph(new Stacks() {
            @Override
            public Optional<FireflyStack> named(String name) {
                return own.equals(name) ? Optional.of(reconciled) : namespace.named(name);
            }

            @Override
            public List<FireflyStack> dependingOn(String name) {
                List<FireflyStack> dependents = new ArrayList<>(namespace.dependingOn(name).stream()
                        .filter(s -> !own.equals(s.getMetadata().getName())).toList());
                if (dependenciesOf(reconciled).contains(name)) {
                    dependents.add(reconciled);
                }
                return dependents;
            }
        });
    }

    private StackGraph(Stacks stacks) {
        this.stacks = stacks;
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
        return stacks.named(name);
    }

    /** Stacks that still depend on {@code name}, those being deleted included, sorted by name. */
    public List<String> dependentsOf(String name) {
        return stacks.dependingOn(name).stream()
                .map(s -> s.getMetadata().getName())
                .sorted()
                .toList();
    }

    /** A cycle through {@code start}, as the names along it ending with start again; empty if none. */
    public Optional<List<String>> cycleThrough(String start) {
        return walk(start, start, new ArrayList<>(List.of(start)), new LinkedHashSet<>());
    }

    private Optional<List<String>> walk(String start, String current, List<String> path, Set<String> seen) {
        Optional<FireflyStack> stack = stacks.named(current);
        if (stack.isEmpty() || !seen.add(current)) {
            return Optional.empty();
        }
        for (String next : dependenciesOf(stack.get())) {
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
