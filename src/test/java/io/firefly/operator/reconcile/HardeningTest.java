package io.firefly.operator.reconcile;

import static io.firefly.operator.reconcile.OperatorTestSupport.aws;
import static io.firefly.operator.reconcile.OperatorTestSupport.cloudFormation;
import static io.firefly.operator.reconcile.OperatorTestSupport.output;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.DefaultContext;
import io.javaoperatorsdk.operator.processing.Controller;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a production operator must never do: strand a finalizer, stay Failed for a spec it has not tried, wait forever. */
@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(OfflineAwsTestResource.class)
class HardeningTest {
    @Inject
    KubernetesClient client;
    @Inject
    Operator operator;
    @Inject
    FireflyStackReconciler reconciler;

    /**
     * An informer's cache shows the operator's status write only once the watch delivers it, and under load a
     * reconcile can start before: handed such an older copy, the operator decides from what it last wrote. Here
     * the copy is the FireflyStack as it was created, without status, reconciled once the stack is Ready.
     */
    @Test
    void aReconcileHandedACopyOlderThanTheOperatorsLastStatusWriteNeitherRedeploysNorUndoesIt() {
        var t = new OperatorTestSupport(client);
        FireflyStack asCreated = t.apply(t.stack("table", TestTemplates.table(t.prefix + "-lagging", false)));
        FireflyStack ready = t.awaitReady("table");
        Instant before = Instant.now();

        @SuppressWarnings("unchecked")
        Controller<FireflyStack> controller = (Controller<FireflyStack>) operator
                .getRegisteredController(FireflyStackReconciler.NAME).orElseThrow();
        reconciler.reconcile(asCreated, new DefaultContext<>(null, controller, asCreated));

        assertThat(aws().calls().of("CreateChangeSet")).filteredOn(c -> !c.at().isBefore(before))
                .noneMatch(c -> (t.prefix + "-table").equals(c.stackName()));
        FireflyStack after = t.get("table");
        assertThat(after.getStatus().getPhase()).isEqualTo(Phase.Ready);
        assertThat(after.getStatus().getChangeSet()).isEqualTo(ready.getStatus().getChangeSet());
    }

    @Test
    void aSuspendedFireflyStackIsReleasedOnDeletionWithoutTouchingItsStack() {
        var t = new OperatorTestSupport(client);
        t.apply(t.stack("table", TestTemplates.table(t.prefix + "-suspended", false)));
        t.awaitReady("table");
        FireflyStack suspended = t.get("table");
        suspended.getSpec().setSuspend(true);
        t.apply(suspended);
        t.awaitStatus("table", s -> s.getStatus().condition(ConditionType.Reconciling)
                .map(c -> ConditionReason.Suspended.name().equals(c.getReason())).orElse(false));

        t.delete("table");
        t.awaitGone("table");

        assertThat(cloudFormation().describeStacks(b -> b.stackName(t.prefix + "-table")).stacks().get(0).stackStatusAsString())
                .isEqualTo("CREATE_COMPLETE");
        assertThat(aws().calls().of("DeleteStack")).noneMatch(c -> (t.prefix + "-table").equals(c.stackName()));
    }

    @Test
    void aSpecRevertedAfterAFailureIsTriedAgain() {
        var t = new OperatorTestSupport(client);
        t.apply(t.stack("table", TestTemplates.table(t.prefix + "-moving", false)));
        t.awaitReady("table");
        FireflyStack renamed = t.get("table");
        renamed.getSpec().setStackName(t.prefix + "-elsewhere");
        t.apply(renamed);
        // the other stack name would import a table that already belongs to a stack
        t.awaitPhase("table", Phase.Failed);

        FireflyStack reverted = t.get("table");
        reverted.getSpec().setStackName(t.prefix + "-table");
        t.apply(reverted);

        FireflyStack ready = t.awaitReady("table");
        assertThat(ready.getStatus().getMessage()).contains(t.prefix + "-table");
    }

    @Test
    void anEmptyRegionIsRefusedNamingTheFieldAndItsDeletionReleasesTheObject() {
        var t = new OperatorTestSupport(client);
        FireflyStack stack = t.stack("nowhere", TestTemplates.table(t.prefix + "-nowhere", false));
        stack.getSpec().setRegion("");
        t.apply(stack);

        FireflyStack failed = t.awaitPhase("nowhere", Phase.Failed);
        assertThat(failed.getStatus().isTrue(ConditionType.Stalled)).isTrue();
        assertThat(failed.getStatus().getMessage()).startsWith("spec.region:");
        assertThat(events(t, "Failed")).anySatisfy(e -> assertThat(e.getMessage()).startsWith("spec.region:"));

        t.delete("nowhere");
        t.awaitGone("nowhere");
    }

    @Test
    void anOutputTheReadyProducerDoesNotHaveStallsListingTheOutputsItHas() {
        var t = new OperatorTestSupport(client);
        t.apply(t.stack("table", TestTemplates.table(t.prefix + "-producer", false)));
        t.awaitReady("table");
        t.apply(t.stack("consumer", TestTemplates.table(t.prefix + "-consumer", false), output("Label", "table", "TableLabel")));

        FireflyStack stalled = t.awaitPhase("consumer", Phase.Failed);
        assertThat(stalled.getStatus().condition(ConditionType.Stalled).orElseThrow().getReason())
                .isEqualTo(ConditionReason.OutputNotFound.name());
        assertThat(stalled.getStatus().getMessage()).contains("spec.parameters[0].valueFrom")
                .contains("no output TableLabel").contains("TableArn, TableName");
    }

    private List<Event> events(OperatorTestSupport t, String reason) {
        return client.v1().events().inNamespace(t.namespace).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).toList();
    }
}
