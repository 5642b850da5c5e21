package io.firefly.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import io.firefly.operator.api.TemplateSource;
import io.firefly.operator.reconcile.inputs.StackGraph;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Which FireflyStacks a change to another one wakes, and the dependency graph a reconcile reads, both from a cache
 * indexed by the stacks each one depends on, as the operator's informer holds them.
 */
class RelatedStacksTest {
    private final IndexedStacks cache = new IndexedStacks();

    @Test
    void aChangedStackWakesTheStacksThatDependOnItInItsNamespaceOnly() {
        FireflyStack table = cache.add(stack("team", "table"));
        cache.add(withOutputOf(stack("team", "reader"), "table"));
        cache.add(dependingOn(stack("team", "writer"), "table", "queue"));
        cache.add(stack("team", "unrelated"));
        cache.add(dependingOn(stack("other-team", "reader"), "table"));

        assertThat(RelatedStacks.of(table, cache))
                .containsExactlyInAnyOrder(new ResourceID("reader", "team"), new ResourceID("writer", "team"));
    }

    @Test
    void aStackGoingAwayAlsoWakesTheStacksItDependsOn() {
        FireflyStack reader = cache.add(withOutputOf(dependingOn(stack("team", "reader"), "queue"), "table"));
        reader.getMetadata().setDeletionTimestamp(Instant.now().toString());

        assertThat(RelatedStacks.of(reader, cache))
                .containsExactlyInAnyOrder(new ResourceID("table", "team"), new ResourceID("queue", "team"));
    }

    @Test
    void theGraphOverTheCacheTakesTheReconciledStackAsTheReconcileHasIt() {
        cache.add(stack("team", "table"));
        cache.add(stack("team", "queue"));
        cache.add(stack("team", "reader"));
        FireflyStack edited = dependingOn(stack("team", "reader"), "table");

        StackGraph graph = StackGraph.over(RelatedStacks.cachedIn(cache, "team"), edited);

        assertThat(graph.get("reader")).containsSame(edited);
        assertThat(graph.get("table")).isPresent();
        assertThat(graph.get("missing")).isEmpty();
        assertThat(graph.dependentsOf("table")).as("the edit, not the cached copy, says reader depends on table")
                .containsExactly("reader");
        assertThat(graph.dependentsOf("queue")).isEmpty();
    }

    @Test
    void theGraphOverTheCacheFindsACycleThroughCachedStacks() {
        cache.add(dependingOn(stack("team", "b"), "c"));
        cache.add(dependingOn(stack("team", "c"), "a"));
        cache.add(dependingOn(stack("other-team", "b"), "a"));
        FireflyStack a = dependingOn(stack("team", "a"), "b");

        assertThat(StackGraph.over(RelatedStacks.cachedIn(cache, "team"), a).cycleThrough("a"))
                .contains(List.of("a", "b", "c", "a"));
        assertThat(StackGraph.over(RelatedStacks.cachedIn(cache, "other-team"), stack("other-team", "a"))
                .cycleThrough("a")).isEmpty();
    }

    private static FireflyStack stack(String namespace, String name) {
        FireflyStack stack = new FireflyStack();
        stack.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        FireflyStackSpec spec = new FireflyStackSpec();
        spec.setStackName(namespace + "-" + name);
        spec.setTemplate(TemplateSource.inline("Resources: {Topic: {Type: AWS::SNS::Topic}}"));
        stack.setSpec(spec);
        return stack;
    }

    private static FireflyStack dependingOn(FireflyStack stack, String... names) {
        stack.getSpec().setDependsOn(List.of(names));
        return stack;
    }

    private static FireflyStack withOutputOf(FireflyStack stack, String dependency) {
        stack.getSpec().setParameters(List.of(OperatorTestSupport.output("TableName", dependency, "TableName")));
        return stack;
    }

    /** An informer's cache reduced to what the operator asks of it: a get by id, a list, and its indexes. */
    private static final class IndexedStacks implements IndexerResourceCache<FireflyStack> {
        private final List<FireflyStack> stacks = new ArrayList<>();
        private final Map<String, Function<FireflyStack, List<String>>> indexers =
                new HashMap<>(Map.of(RelatedStacks.DEPENDED_ON, RelatedStacks::dependedOn));

        FireflyStack add(FireflyStack stack) {
            stacks.removeIf(s -> ResourceID.fromResource(s).equals(ResourceID.fromResource(stack)));
            stacks.add(stack);
            return stack;
        }

        @Override
        public void addIndexers(Map<String, Function<FireflyStack, List<String>>> more) {
            indexers.putAll(more);
        }

        @Override
        public List<FireflyStack> byIndex(String indexName, String key) {
            return stacks.stream().filter(s -> indexers.get(indexName).apply(s).contains(key)).toList();
        }

        @Override
        public Optional<FireflyStack> get(ResourceID id) {
            return stacks.stream().filter(s -> ResourceID.fromResource(s).equals(id)).findFirst();
        }

        @Override
        public Stream<ResourceID> keys() {
            return stacks.stream().map(ResourceID::fromResource);
        }

        @Override
        public Stream<FireflyStack> list(Predicate<FireflyStack> predicate) {
            return stacks.stream().filter(predicate);
        }

        @Override
        public Stream<FireflyStack> list(String namespace, Predicate<FireflyStack> predicate) {
            return list(predicate.and(s -> namespace.equals(s.getMetadata().getNamespace())));
        }
    }
}
