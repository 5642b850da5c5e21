package io.firefly.offlineaws.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resources and what each depends on. The creation order puts every resource after its dependencies and,
 * among resources that are ready at the same time, keeps template order, so the order is stable.
 */
final class DependencyGraph {

    private final LinkedHashMap<String, Set<String>> dependencies;
    private final List<String> order;

    /** @param dependencies every node in template order, each with the nodes it depends on (all of them keys) */
    DependencyGraph(LinkedHashMap<String, Set<String>> dependencies) {
        this.dependencies = dependencies;
        this.order = sort();
    }

    List<String> creationOrder() {
        return order;
    }

    Set<String> dependenciesOf(String node) {
        return dependencies.get(node);
    }

    private List<String> sort() {
        List<String> nodes = new ArrayList<>(dependencies.keySet());
        Map<String, Integer> position = new HashMap<>();
        Map<String, Integer> waitingOn = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i);
            position.put(node, i);
            waitingOn.put(node, dependencies.get(node).size());
            dependencies.get(node).forEach(d -> dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(node));
        }
        TreeSet<Integer> ready = new TreeSet<>();
        nodes.forEach(n -> {
            if (waitingOn.get(n) == 0) {
                ready.add(position.get(n));
            }
        });
        List<String> sorted = new ArrayList<>();
        while (!ready.isEmpty()) {
            String next = nodes.get(ready.pollFirst());
            sorted.add(next);
            for (String dependent : dependents.getOrDefault(next, List.of())) {
                if (waitingOn.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(position.get(dependent));
                }
            }
        }
        if (sorted.size() < nodes.size()) {
            List<String> cyclic = nodes.stream().filter(n -> !sorted.contains(n) && reachesItself(n)).toList();
            throw new TemplateException("Template error: Circular dependency between resources: " + cyclic);
        }
        return List.copyOf(sorted);
    }

    private boolean reachesItself(String start) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(dependencies.get(start));
        while (!todo.isEmpty()) {
            String node = todo.pop();
            if (node.equals(start)) {
                return true;
            }
            if (seen.add(node)) {
                todo.addAll(dependencies.get(node));
            }
        }
        return false;
    }
}
