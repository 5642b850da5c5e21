package io.firefly.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.firefly.operator.api.AccountNamespaces;
import io.firefly.operator.api.AccountPolicy;
import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyAccountSpec;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import io.firefly.operator.api.Phase;
import io.firefly.operator.api.TemplateSource;
import io.firefly.operator.port.AwsIdentity;
import io.firefly.operator.port.FakeAws;
import io.firefly.operator.port.StackStatus;
import io.firefly.operator.reconcile.delete.DeleteConverger;
import io.firefly.operator.reconcile.delete.ShownDependents;
import io.firefly.operator.reconcile.inputs.InputResolver;
import io.firefly.operator.reconcile.inputs.StackGraph;
import io.firefly.operator.reconcile.status.StatusReport;
import io.firefly.operator.reconcile.tenancy.NamespaceView;
import io.firefly.operator.reconcile.tenancy.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A FireflyStack's account around the deploy and delete steps: which identity acts, what is refused before any AWS
 * call, and what becomes of a stack its account no longer permits.
 */
class TenancyConvergerTest {
    private static final String TABLE = "Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n";
    private static final String ADMIN = TABLE + "  Admin:\n    Type: AWS::IAM::User\n";
    private static final StackConverger.Settings SETTINGS = new StackConverger.Settings(Duration.ofSeconds(5),
            Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ZERO, FakeAws.REGION);

    private final FakeAws operator = new FakeAws();
    private final FakeAws teamA = new FakeAws();
    private final List<AwsIdentity> identities = new ArrayList<>();
    private final StackConverger converger = new StackConverger(identity -> {
        identities.add(identity);
        return identity instanceof AwsIdentity.AssumedRole ? teamA : operator;
    }, SETTINGS, Clock.systemUTC());

    @Test
    void aPermittedStackIsDeployedWithTheAccountsRoleForItsNamespace() {
        FireflyStack stack = stack(TABLE);

        deploy(stack, account("AWS::DynamoDB::*"));

        assertThat(teamA.requests()).singleElement().satisfies(r -> assertThat(r.stackName()).isEqualTo("orders"));
        assertThat(operator.calls()).isEmpty();
        assertThat(identities).containsOnly(new AwsIdentity.AssumedRole("team-a",
                "arn:aws:iam::111122223333:role/firefly", null, "team-a-ns"));
        assertThat(stack.getStatus().getAccount()).isEqualTo("team-a");
    }

    @Test
    void aRefusedStackMakesNoAwsCallAndSaysNothingWasCreated() {
        FireflyStack stack = stack(ADMIN);

        deploy(stack, account("AWS::DynamoDB::*"));

        assertThat(teamA.calls()).isEmpty();
        assertThat(operator.calls()).isEmpty();
        assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertThat(stack.getStatus().isTrue(ConditionType.Stalled)).isTrue();
        assertReason(stack, ConditionReason.NotPermitted);
        assertThat(stack.getStatus().getMessage()).startsWith("spec.template: resource Admin has type AWS::IAM::User")
                .endsWith("Nothing was created.");
        assertThat(stack.getStatus().getAccount()).isNull();
    }

    @Test
    void aNarrowedAccountStopsTheNextChangeAndLeavesTheDeployedStack() {
        FireflyStack stack = stack(ADMIN);
        teamA.putStack("orders", StackStatus.CREATE_COMPLETE);
        deploy(stack, account("AWS::*"));
        int callsBefore = teamA.calls().size();

        deploy(stack, account("AWS::DynamoDB::*"));

        assertThat(teamA.calls()).hasSize(callsBefore);
        assertReason(stack, ConditionReason.NotPermitted);
        assertThat(stack.getStatus().getMessage()).contains("(policy.allowedResourceTypes: AWS::DynamoDB::*)")
                .contains("Stack orders, deployed earlier, is left as it is");
        assertThat(stack.getStatus().getStackStatus()).isEqualTo("CREATE_COMPLETE");
    }

    @Test
    void aDeployedStackCannotMoveToAnotherAccount() {
        FireflyStack stack = stack(TABLE);
        operator.putStack("orders", StackStatus.CREATE_COMPLETE);
        deploy(stack, Tenant.OPERATOR);
        assertThat(stack.getStatus().getStackId()).isNotNull();

        deploy(stack, account("AWS::*"));

        assertThat(teamA.calls()).isEmpty();
        assertReason(stack, ConditionReason.NotPermitted);
        assertThat(stack.getStatus().getMessage()).contains("was deployed with the operator's own AWS identity (status.account)")
                .contains("now names into FireflyAccount team-a; a stack cannot move between AWS accounts");
    }

    @Test
    void aMissingAccountIsStalledAndTheStackItNeverDeployedDeletesWithoutAnyCall() {
        FireflyStack stack = stack(TABLE);
        Tenant missing = new Tenant.Missing("team-z", "spec.accountRef");

        deploy(stack, missing);
        DeleteConverger.Next next = converger.delete(stack, ShownDependents.both(List.of()), missing, new StatusReport(stack));

        assertReason(stack, ConditionReason.AccountNotFound);
        assertThat(next).isInstanceOf(DeleteConverger.Done.class);
        assertThat(identities).isEmpty();
    }

    @Test
    void deletionIsAllowedWhateverThePolicyAndWaitsWhenTheAccountIsGone() {
        FireflyStack stack = stack(ADMIN);
        teamA.putStack("orders", StackStatus.CREATE_COMPLETE);
        deploy(stack, account("AWS::*"));

        DeleteConverger.Next gone = converger.delete(stack, ShownDependents.both(List.of()),
                new Tenant.Missing("team-a", "status.account"), new StatusReport(stack));
        assertThat(gone).isInstanceOf(DeleteConverger.Wait.class);
        assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.DeleteFailed);
        assertReason(stack, ConditionReason.AccountNotFound);

        converger.delete(stack, ShownDependents.both(List.of()), account("AWS::DynamoDB::*"), new StatusReport(stack));
        assertThat(teamA.calls()).contains("DeleteStack orders");
    }

    private void deploy(FireflyStack stack, Tenant tenant) {
        converger.deploy(stack, alone(stack), new InputResolver(null, (ns, name) -> Optional.empty()),
                tenant, new StatusReport(stack), owner -> true);
    }

    private static Tenant account(String allowedType) {
        FireflyAccountSpec spec = new FireflyAccountSpec();
        spec.setAssumeRoleArn("arn:aws:iam::111122223333:role/firefly");
        spec.setNamespaces(new AccountNamespaces(List.of("team-a-ns"), null));
        spec.setPolicy(new AccountPolicy(List.of(allowedType), null, null));
        return new Tenant.Account("team-a", spec, new NamespaceView("team-a-ns", Map.of()), "spec.accountRef");
    }

    private static void assertReason(FireflyStack stack, ConditionReason reason) {
        assertThat(stack.getStatus().condition(ConditionType.Ready).orElseThrow().getReason()).isEqualTo(reason.name());
    }

    /** A graph of the namespace holding only this stack. */
    private static StackGraph alone(FireflyStack stack) {
        return StackGraph.over(StackGraph.listed(List.of(stack)), stack);
    }

    private static FireflyStack stack(String template) {
        FireflyStack stack = new FireflyStack();
        stack.setMetadata(new ObjectMetaBuilder().withNamespace("team-a-ns").withName("orders").withUid("uid-orders")
                .withGeneration(1L).build());
        FireflyStackSpec spec = new FireflyStackSpec();
        spec.setStackName("orders");
        spec.setTemplate(TemplateSource.inline(template));
        stack.setSpec(spec);
        return stack;
    }
}
