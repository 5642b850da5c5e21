package io.firefly.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.firefly.demo.FireflyDemo;
import io.firefly.demo.KubernetesApiCall;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, as CI runs it: a change that breaks the demo fails the build. */
class FireflyDemoIT {
    /**
     * Grants of the chart that the demo's story does not call for, each needed elsewhere: a parameter
     * with valueFrom.secretKeyRef reads its Secret; a real API server lets the operator set
     * blockOwnerDeletion on the outputs ConfigMap only with update on fireflystacks/finalizers (the mock
     * server does not check); outputs that change after the first publish update the ConfigMap; the
     * Java Operator SDK checks for update on Leases before it runs leader election.
     */
    private static final Set<KubernetesApiCall> NEEDED_BEYOND_THE_DEMO = Set.of(
            new KubernetesApiCall("", "secrets", "get"),
            new KubernetesApiCall("firefly.io", "fireflystacks/finalizers", "update"),
            new KubernetesApiCall("", "configmaps", "update"),
            new KubernetesApiCall("coordination.k8s.io", "leases", "update"));
    /** Every authenticated user may ask what it may do; RBAC has nothing to grant for it. */
    private static final KubernetesApiCall SELF_REVIEW =
            new KubernetesApiCall("authorization.k8s.io", "selfsubjectrulesreviews", "create");

    @TempDir
    Path chartWork;

    @Test
    void theWholeStoryHappensAsTold() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        FireflyDemo.Summary summary = new FireflyDemo(new PrintStream(printed, true, StandardCharsets.UTF_8),
                Path.of("target", "demo-it")).run();
        String output = printed.toString(StandardCharsets.UTF_8);
        System.out.println(output + summary);

        assertThat(summary.keysKept()).isEqualTo(summary.keysBefore());
        assertThat(summary.awsCalls()).containsKeys("CreateChangeSet", "ExecuteChangeSet", "DeleteStack")
                .as("the operator never writes to a table itself").doesNotContainKeys("CreateTable", "PutItem", "DeleteTable");
        assertThat(summary.awsCalls().get("ExecuteChangeSet")).as("8 stacks, plus the UPDATE after the import").isEqualTo(9);
        assertThat(output).contains("billing-admin refused, no AWS call made: spec.template: resource Admin has type AWS::IAM::User");
        assertThat(output).contains("adopted through IMPORT").contains("every Lambda stack started after its table stack had Outputs").contains("DeleteFailed")
                .contains("disable deletion protection on table firefly-registration-keys");
        assertTheChartGrantsWhatTheOperatorCalledAndNoMore(summary.kubernetesCalls());
        assertArgoCdShowsEachPhaseAsDocumented(summary.seenInPhase());
    }

    /** The shipped Lua health check on the status objects the operator really wrote during the story. */
    private static void assertArgoCdShowsEachPhaseAsDocumented(Map<Phase, FireflyStack> seen) throws IOException {
        assertThat(seen).containsKeys(Phase.Ready, Phase.DeleteFailed);
        ArgoCdHealthCheck argo = new ArgoCdHealthCheck();
        seen.forEach((phase, stack) -> {
            ArgoCdHealthCheck.Health health = argo.assess(stack);
            String expected = switch (phase) {
                case Ready -> "Healthy";
                case Failed, DeleteFailed -> "Degraded";
                default -> "Progressing";
            };
            assertThat(health.status()).as("Argo CD health of %s in phase %s", stack.getMetadata().getName(), phase)
                    .isEqualTo(expected);
            if (expected.equals("Degraded")) {
                assertThat(health.message()).isEqualTo(stack.getStatus().getMessage());
            }
        });
    }

    private void assertTheChartGrantsWhatTheOperatorCalledAndNoMore(Set<KubernetesApiCall> made) {
        Set<KubernetesApiCall> called = new HashSet<>(made);
        called.remove(SELF_REVIEW);
        RenderedChart chart = ChartRbac.defaults(chartWork);
        Set<KubernetesApiCall> granted = new HashSet<>(ChartRbac.grants(chart, ChartRbac.CLUSTER));
        granted.addAll(ChartRbac.grants(chart, ChartRbac.RELEASE_NAMESPACE));

        assertThat(granted).as("the chart's RBAC allows every Kubernetes call the operator made").containsAll(called);
        Set<KubernetesApiCall> unused = new HashSet<>(granted);
        unused.removeAll(called);
        assertThat(unused).as("grants the operator did not use (called: %s)", called).isSubsetOf(NEEDED_BEYOND_THE_DEMO);
    }
}
