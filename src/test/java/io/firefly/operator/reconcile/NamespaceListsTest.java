package io.firefly.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import io.firefly.operator.api.FireflyStackStatus;
import io.firefly.operator.api.TemplateSource;
import io.firefly.operator.reconcile.inputs.StackGraph;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Deleting many FireflyStacks of a namespace at once costs a few LISTs of the namespace, not one per deletion
 * step, and a step never gets a list older than its own question.
 */
@EnableKubernetesMockClient(crud = true)
class NamespaceListsTest {
    private static final int STACKS = 50;
    private static final int STEPS = 16;

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void concurrentDeletionStepsShareTheirListsAndEachSeesEveryStack() throws Exception {
        IntStream.range(0, STACKS).forEach(i -> create("team", "s-" + i));
        NamespaceLists lists = new NamespaceLists(Clock.systemUTC());
        int before = server.getRequestCount();

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService steps = Executors.newFixedThreadPool(STEPS);
        try {
            List<CompletableFuture<List<FireflyStack>>> results = IntStream.range(0, STEPS)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        await(go);
                        return lists.list(client, "team");
                    }, steps)).toList();
            go.countDown();
            for (CompletableFuture<List<FireflyStack>> result : results) {
                assertThat(result.get()).hasSize(STACKS);
            }
        } finally {
            steps.shutdownNow();
        }

        assertThat(server.getRequestCount() - before).as("LISTs for %d deletion steps", STEPS).isLessThanOrEqualTo(3);
    }

    @Test
    void aStepAfterAnotherListsAgainAndSeesWhatWasCreatedBetween() {
        create("late", "first");
        NamespaceLists lists = new NamespaceLists(Clock.systemUTC());
        assertThat(lists.list(client, "late")).hasSize(1);

        create("late", "second");

        assertThat(lists.list(client, "late")).extracting(s -> s.getMetadata().getName()).containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void aListedStackKeepsWhatNamesItsDependenciesAndLeavesItsStatusAndTemplate() {
        FireflyStack reader = stack("reads", "reader");
        reader.getSpec().setDependsOn(List.of("queue"));
        reader.getSpec().setParameters(List.of(OperatorTestSupport.output("TableName", "table", "TableName")));
        FireflyStack created = client.resource(reader).create();
        FireflyStackStatus status = new FireflyStackStatus();
        status.setMessage("written by the operator");
        created.setStatus(status);
        client.resource(created).updateStatus();

        FireflyStack listed = new NamespaceLists(Clock.systemUTC()).list(client, "reads").get(0);

        assertThat(StackGraph.dependenciesOf(listed)).containsExactly("queue", "table");
        assertThat(listed.getMetadata().getName()).isEqualTo("reader");
        assertThat(Optional.ofNullable(listed.getStatus()).map(FireflyStackStatus::getMessage))
                .as("the status is not read: a deletion asks only for dependents").isEmpty();
        assertThat(listed.getSpec().getTemplate()).isNull();
    }

    private void create(String namespace, String name) {
        client.resource(stack(namespace, name)).create();
    }

    private static FireflyStack stack(String namespace, String name) {
        FireflyStack stack = new FireflyStack();
        stack.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        FireflyStackSpec spec = new FireflyStackSpec();
        spec.setStackName(name);
        spec.setTemplate(TemplateSource.inline("Resources: {}"));
        stack.setSpec(spec);
        return stack;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
