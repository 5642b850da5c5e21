package io.firefly.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import io.firefly.operator.api.FireflyStackStatus;
import io.firefly.operator.api.KeyRef;
import io.firefly.operator.api.Phase;
import io.firefly.operator.api.TemplateSource;
import io.firefly.operator.port.AwsFailure;
import io.firefly.operator.port.FakeAws;
import io.firefly.operator.port.StackStatus;
import io.firefly.operator.reconcile.delete.DeleteConverger;
import io.firefly.operator.reconcile.delete.ShownDependents;
import io.firefly.operator.reconcile.inputs.InputResolver;
import io.firefly.operator.reconcile.inputs.StackGraph;
import io.firefly.operator.reconcile.status.StatusReport;
import io.firefly.operator.reconcile.tenancy.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a reconcile decides before and around the deploy and delete steps: suspension, dependencies, inputs, and
 * every failure ending in a status and a retry, never an exception that would make JOSDK give up.
 */
class StackConvergerTest {
    private static final String TEMPLATE = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n";
    private static final StackConverger.Settings SETTINGS = new StackConverger.Settings(Duration.ofSeconds(5),
            Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ZERO, FakeAws.REGION);

    private final FakeAws aws = new FakeAws();
    private final StackConverger converger = new StackConverger(identity -> aws, SETTINGS, Clock.systemUTC());
    private final List<FireflyStack> namespace = new ArrayList<>();

    @Test
    void aSuspendedStackTouchesNothing() {
        FireflyStack stack = stack("users");
        stack.getSpec().setSuspend(true);

        deploy(stack);

        assertThat(aws.calls()).isEmpty();
        assertReason(stack, ConditionReason.Suspended);
        assertThat(stack.getStatus().getMessage()).contains("spec.suspend is true");
    }

    @Test
    void aCycleIsStalledNamingThePath() {
        FireflyStack a = stack("a");
        FireflyStack b = stack("b");
        a.getSpec().setDependsOn(List.of("b"));
        b.getSpec().setDependsOn(List.of("a"));

        deploy(a);

        assertThat(aws.calls()).isEmpty();
        assertThat(a.getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertReason(a, ConditionReason.DependencyCycle);
        assertThat(a.getStatus().getMessage()).contains("a -> b -> a");
    }

    @Test
    void aDependentWaitsForItsDependencyThenGoesOn() {
        FireflyStack table = stack("table");
        FireflyStack fn = stack("fn");
        fn.getSpec().setParameters(List.of(OperatorTestSupport.output("TableName", "table", "TableName")));

        deploy(fn);
        assertThat(fn.getStatus().getPhase()).isEqualTo(Phase.WaitingForDependencies);
        assertReason(fn, ConditionReason.WaitingForDependencies);
        assertThat(fn.getStatus().getWaitingFor()).containsExactly("table");

        StatusReport ready = new StatusReport(table);
        ready.ready("table is Ready");
        table.getStatus().getOutputs().put("TableName", "users-table");
        deploy(fn);

        assertThat(fn.getStatus().condition(ConditionType.DependenciesReady).orElseThrow().getReason())
                .isEqualTo(ConditionReason.DependenciesReady.name());
        assertThat(aws.requests()).singleElement().satisfies(r -> assertThat(r.parameters()).containsEntry("TableName", "users-table"));
    }

    @Test
    void aMissingConfigMapKeepsTheStackPendingNamingTheField() {
        FireflyStack stack = stack("users");
        TemplateSource fromConfigMap = new TemplateSource();
        fromConfigMap.setConfigMapKeyRef(new KeyRef("templates", "users.yaml"));
        stack.getSpec().setTemplate(fromConfigMap);

        deploy(stack);

        assertThat(aws.calls()).isEmpty();
        assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.Pending);
        assertReason(stack, ConditionReason.InputMissing);
        assertThat(stack.getStatus().getMessage()).startsWith("spec.template.configMapKeyRef:");
    }

    @Test
    void anEmptyRegionIsInvalidInputAndItsDeletionReleasesTheObject() {
        FireflyStack stack = stack("users");
        stack.getSpec().setRegion("");

        deploy(stack);
        DeleteConverger.Next next = converger.delete(stack, dependentsOf(stack), Tenant.OPERATOR, new StatusReport(stack));

        assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertReason(stack, ConditionReason.InvalidInput);
        assertThat(next).isInstanceOf(DeleteConverger.Done.class);
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void throttlingKeepsThePhaseAndRetriesInTurn() {
        FireflyStack stack = stack("users");
        stack.setStatus(new FireflyStackStatus());
        stack.getStatus().setPhase(Phase.Updating);
        aws.putStack("users", StackStatus.CREATE_COMPLETE);
        aws.fail("DescribeChangeSet", new AwsFailure.Throttled("DescribeChangeSet", "Rate exceeded", null));

        Duration first = deploy(stack);
        Duration later = deploy(stack);
        for (int i = 0; i < 5; i++) {
            later = deploy(stack);
        }

        assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.Updating);
        assertReason(stack, ConditionReason.Throttled);
        assertThat(stack.getStatus().getMessage()).contains("DescribeChangeSet", "in turn");
        // alone in line, it is first every time: no growing backoff while nobody else waits for the quota
        assertThat(List.of(first, later)).allSatisfy(wait -> assertThat(wait).isBetween(Duration.ofMillis(200), Duration.ofMillis(1000)));
    }

    @Test
    void aThrottledStackAloneInLineIsRetriedAtOnceWhileOtherAwsErrorsBackOffFurther() {
        FireflyStack throttled = stack("users");
        aws.fail("DescribeStacks", new AwsFailure.Throttled("DescribeStacks", "Rate exceeded", null));
        List<Duration> throttledWaits = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            throttledWaits.add(deploy(throttled));
        }
        FireflyStack failing = stack("devices");
        aws.fail("DescribeStacks", new AwsFailure.Unavailable("Service Unavailable", null));
        Duration failingWait = Duration.ZERO;
        for (int i = 0; i < 12; i++) {
            failingWait = deploy(failing);
        }

        assertThat(throttledWaits).allSatisfy(wait -> assertThat(wait).isLessThanOrEqualTo(Duration.ofMillis(1500)));
        assertThat(failingWait).isGreaterThan(StackConverger.THROTTLED_MAX_BACKOFF);
    }

    @Test
    void aReadyStackWhoseNextStepFailsIsNoLongerShownReady() {
        FireflyStack stack = stack("users");
        new StatusReport(stack).ready("stack users is CREATE_COMPLETE and matches the spec");
        // deleted outside the operator, and the next call of the step that recreates it is throttled
        aws.fail("CreateChangeSet", new AwsFailure.Throttled("CreateChangeSet", "Rate exceeded", null));

        deploy(stack);

        assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.Pending);
        assertReason(stack, ConditionReason.Throttled);
        assertThat(stack.getStatus().isTrue(ConditionType.Ready)).isFalse();
    }

    @Test
    void anAwsErrorIsShownAndRetried() {
        FireflyStack stack = stack("users");
        aws.fail("DescribeStacks", new AwsFailure.Unavailable("Service Unavailable", null));

        Duration next = deploy(stack);

        assertReason(stack, ConditionReason.AwsError);
        assertThat(stack.getStatus().getMessage()).contains("Service Unavailable").contains("retrying");
        assertThat(next).isPositive();
    }

    @Test
    void anUnforeseenErrorWhileDeployingIsStalledAndRetried() {
        FireflyStack stack = stack("users");
        aws.fail("DescribeStacks", new IllegalStateException("boom"));

        Duration next = deploy(stack);

        assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertReason(stack, ConditionReason.InternalError);
        assertThat(stack.getStatus().getMessage()).contains("IllegalStateException: boom");
        assertThat(next).isPositive();
    }

    @Test
    void anUnforeseenErrorWhileDeletingKeepsTheFinalizerShowsWhyAndRetries() {
        FireflyStack stack = stack("users");
        aws.fail("DescribeStacks", new IllegalArgumentException("Region must not be blank"));

        DeleteConverger.Next next = converger.delete(stack, dependentsOf(stack), Tenant.OPERATOR, new StatusReport(stack));

        assertThat(next).isInstanceOfSatisfying(DeleteConverger.Wait.class, w -> assertThat(w.after()).isPositive());
        assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.DeleteFailed);
        assertReason(stack, ConditionReason.InternalError);
        assertThat(stack.getStatus().getMessage()).contains("Region must not be blank");
    }

    @Test
    void aThrottledDeletionWaitsAndRetries() {
        FireflyStack stack = stack("users");
        aws.putStack("users", StackStatus.CREATE_COMPLETE);
        aws.fail("DeleteStack", new AwsFailure.Throttled("DeleteStack", "Rate exceeded", null));

        DeleteConverger.Next next = converger.delete(stack, dependentsOf(stack), Tenant.OPERATOR, new StatusReport(stack));

        assertThat(next).isInstanceOf(DeleteConverger.Wait.class);
        assertReason(stack, ConditionReason.Throttled);
    }

    private Duration deploy(FireflyStack stack) {
        InputResolver inputs = new InputResolver(null, (ns, name) -> Optional.empty());
        return converger.deploy(stack, graphOf(stack), inputs, Tenant.OPERATOR, new StatusReport(stack), owner -> true);
    }

    /** The stack's dependents in the namespace, the same in the cache and the API server's list. */
    private ShownDependents dependentsOf(FireflyStack stack) {
        return ShownDependents.both(graphOf(stack).dependentsOf(stack.getMetadata().getName()));
    }

    /** The namespace's graph as the operator reads it, the stack taken as the step has it. */
    private StackGraph graphOf(FireflyStack stack) {
        return StackGraph.over(StackGraph.listed(namespace), stack);
    }

    private static void assertReason(FireflyStack stack, ConditionReason reason) {
        assertThat(stack.getStatus().condition(ConditionType.Ready).orElseThrow().getReason()).isEqualTo(reason.name());
    }

    private FireflyStack stack(String name) {
        FireflyStack stack = new FireflyStack();
        stack.setMetadata(new ObjectMetaBuilder().withNamespace("team").withName(name).withUid("uid-" + name)
                .withGeneration(1L).build());
        FireflyStackSpec spec = new FireflyStackSpec();
        spec.setStackName(name);
        spec.setTemplate(TemplateSource.inline(TEMPLATE));
        stack.setSpec(spec);
        namespace.add(stack);
        return stack;
    }
}
