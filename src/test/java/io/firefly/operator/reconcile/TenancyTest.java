package io.firefly.operator.reconcile;

import static io.firefly.operator.reconcile.OperatorTestSupport.aws;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.operator.api.AccountNamespaces;
import io.firefly.operator.api.AccountPolicy;
import io.firefly.operator.api.AccountRef;
import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyAccount;
import io.firefly.operator.api.FireflyAccountSpec;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * FireflyAccounts end to end, through the operator: what an account refuses is refused before any AWS call, and a
 * change of the account or of the namespace is seen at once.
 */
@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(OfflineAwsTestResource.class)
class TenancyTest {
    static final String ADMIN_USER = """
            Resources:
              Admin:
                Type: AWS::IAM::User
            """;

    @Inject
    KubernetesClient client;

    @Test
    void aForbiddenResourceTypeIsRefusedBeforeAnyAwsCall() {
        var t = new OperatorTestSupport(client);
        account(t.prefix + "-acct", new AccountNamespaces(List.of(t.namespace), null),
                new AccountPolicy(List.of("AWS::DynamoDB::*", "AWS::Lambda::Function"), null, null));
        FireflyStack stack = t.stack("admin", ADMIN_USER);
        stack.getSpec().setAccountRef(new AccountRef(t.prefix + "-acct"));
        t.apply(stack);

        FireflyStack refused = t.awaitStatus("admin", s -> s.getStatus().isTrue(ConditionType.Stalled));

        assertThat(refused.getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertThat(refused.getStatus().condition(ConditionType.Stalled).orElseThrow().getReason())
                .isEqualTo(ConditionReason.NotPermitted.name());
        assertThat(refused.getStatus().getMessage()).isEqualTo("spec.template: resource Admin has type AWS::IAM::User,"
                + " which FireflyAccount " + t.prefix + "-acct does not allow (policy.allowedResourceTypes: AWS::DynamoDB::*,"
                + " AWS::Lambda::Function). Remove the resource, or ask the platform team to allow the type. Nothing was created.");
        assertThat(aws().calls().all()).noneMatch(call -> stack.getSpec().getStackName().equals(call.stackName()));
    }

    @Test
    void aNamespaceOutsideTheSelectorIsRefusedUntilItsLabelsAdmitIt() {
        var t = new OperatorTestSupport(client);
        String account = t.prefix + "-acct";
        account(account, new AccountNamespaces(null, new LabelSelectorBuilder().addToMatchLabels("team", t.prefix).build()),
                new AccountPolicy(List.of("AWS::DynamoDB::*"), null, null));
        t.namespaceMetadata(Map.of("team", "someone-else"), Map.of(FireflyAccount.NAMESPACE_ANNOTATION, account));
        t.apply(t.stack("admin", ADMIN_USER));

        FireflyStack outside = t.awaitStatus("admin", s -> s.getStatus().isTrue(ConditionType.Stalled));
        assertThat(outside.getStatus().getMessage()).startsWith("metadata.namespace: namespace " + t.namespace
                        + " may not use FireflyAccount " + account + " (spec.namespaces: selector team=" + t.prefix + "), which the"
                        + " firefly.io/account annotation of namespace " + t.namespace + " names.")
                .endsWith("Nothing was created.");

        // the label change alone triggers the stack: now the namespace is in, and the template's type is what is refused
        t.namespaceMetadata(Map.of("team", t.prefix), Map.of(FireflyAccount.NAMESPACE_ANNOTATION, account));
        FireflyStack admitted = t.awaitStatus("admin", s -> s.getStatus().getMessage().startsWith("spec.template:"));
        assertThat(admitted.getStatus().getMessage()).contains("resource Admin has type AWS::IAM::User");
        assertThat(aws().calls().all()).noneMatch(call -> (t.prefix + "-admin").equals(call.stackName()));
    }

    @Test
    void aMissingAccountWaitsForItsFireflyAccountAndTheDeletionOfTheRefusedStackNeedsNone() {
        var t = new OperatorTestSupport(client);
        String account = t.prefix + "-later";
        FireflyStack stack = t.stack("admin", ADMIN_USER);
        stack.getSpec().setAccountRef(new AccountRef(account));
        t.apply(stack);

        FireflyStack missing = t.awaitStatus("admin", s -> s.getStatus().isTrue(ConditionType.Stalled));
        assertThat(missing.getStatus().condition(ConditionType.Stalled).orElseThrow().getReason())
                .isEqualTo(ConditionReason.AccountNotFound.name());
        assertThat(missing.getStatus().getMessage()).startsWith("spec.accountRef: FireflyAccount " + account + " does not exist.");

        // the account's creation triggers the stack at once: it is now refused by the account's policy
        account(account, new AccountNamespaces(List.of(t.namespace), null), new AccountPolicy(null, List.of("AWS::IAM::*"), null));
        t.awaitStatus("admin", s -> s.getStatus().getMessage().contains("(policy.deniedResourceTypes: AWS::IAM::*)"));

        t.delete("admin");
        t.awaitGone("admin");
        assertThat(aws().calls().all()).noneMatch(call -> (t.prefix + "-admin").equals(call.stackName()));
    }

    private void account(String name, AccountNamespaces namespaces, AccountPolicy policy) {
        FireflyAccount account = new FireflyAccount();
        account.setMetadata(new ObjectMetaBuilder().withName(name).build());
        FireflyAccountSpec spec = new FireflyAccountSpec();
        spec.setAssumeRoleArn("arn:aws:iam::111111111111:role/" + name);
        spec.setNamespaces(namespaces);
        spec.setPolicy(policy);
        account.setSpec(spec);
        client.resource(account).createOr(existing -> existing.update());
    }
}
