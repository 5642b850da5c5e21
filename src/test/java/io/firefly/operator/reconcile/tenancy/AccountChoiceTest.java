package io.firefly.operator.reconcile.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.firefly.operator.api.AccountNamespaces;
import io.firefly.operator.api.AccountRef;
import io.firefly.operator.api.FireflyAccount;
import io.firefly.operator.api.FireflyAccountSpec;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import io.firefly.operator.api.FireflyStackStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which FireflyAccount a FireflyStack deploys into, and which one its deletion uses. */
class AccountChoiceTest {
    private final Map<String, FireflyAccount> accounts = Map.of("team-a", account("team-a"), "team-b", account("team-b"));
    private final Map<String, Namespace> namespaces = Map.of(
            "annotated", new NamespaceBuilder().withNewMetadata().withName("annotated")
                    .addToAnnotations(FireflyAccount.NAMESPACE_ANNOTATION, "team-b").addToLabels("team", "b").endMetadata().build(),
            "plain", new NamespaceBuilder().withNewMetadata().withName("plain").endMetadata().build());
    private final AccountChoice choice = new AccountChoice(name -> Optional.ofNullable(accounts.get(name)),
            name -> Optional.ofNullable(namespaces.get(name)));

    @Test
    void specAccountRefComesFirstThenTheNamespaceAnnotationThenTheOperatorsIdentity() {
        FireflyStack named = stack("annotated");
        named.getSpec().setAccountRef(new AccountRef("team-a"));

        assertThat(choice.forDeploy(named)).isInstanceOfSatisfying(Tenant.Account.class, a -> {
            assertThat(a.accountName()).isEqualTo("team-a");
            assertThat(a.namedBy()).isEqualTo("spec.accountRef");
            assertThat(a.namespace()).isEqualTo(new NamespaceView("annotated", Map.of("team", "b")));
        });
        assertThat(choice.forDeploy(stack("annotated"))).isInstanceOfSatisfying(Tenant.Account.class, a -> {
            assertThat(a.accountName()).isEqualTo("team-b");
            assertThat(a.namedBy()).isEqualTo("the firefly.io/account annotation of namespace annotated");
        });
        assertThat(choice.forDeploy(stack("plain"))).isEqualTo(Tenant.OPERATOR);
    }

    @Test
    void anAccountThatDoesNotExistIsMissing() {
        FireflyStack stack = stack("plain");
        stack.getSpec().setAccountRef(new AccountRef("team-z"));

        assertThat(choice.forDeploy(stack)).isEqualTo(new Tenant.Missing("team-z", "spec.accountRef"));
    }

    @Test
    void deletionUsesTheAccountTheStackWasDeployedIntoWhateverTheNamespaceSaysNow() {
        FireflyStack deployedIntoA = stack("annotated");
        deployedIntoA.setStatus(new FireflyStackStatus());
        deployedIntoA.getStatus().setAccount("team-a");
        deployedIntoA.getStatus().setStackId("arn:aws:cloudformation:us-east-1:111111111111:stack/s/1");
        FireflyStack deployedByTheOperator = stack("annotated");
        deployedByTheOperator.setStatus(new FireflyStackStatus());
        deployedByTheOperator.getStatus().setStackId("arn:aws:cloudformation:us-east-1:123456789012:stack/s/1");

        assertThat(choice.forDelete(deployedIntoA).accountName()).isEqualTo("team-a");
        assertThat(choice.forDelete(deployedByTheOperator)).isEqualTo(Tenant.OPERATOR);
        assertThat(choice.forDelete(stack("annotated")).accountName()).isEqualTo("team-b");
    }

    private static FireflyStack stack(String namespace) {
        FireflyStack stack = new FireflyStack();
        stack.setMetadata(new ObjectMetaBuilder().withName("orders").withNamespace(namespace).build());
        FireflyStackSpec spec = new FireflyStackSpec();
        spec.setStackName("orders");
        stack.setSpec(spec);
        return stack;
    }

    private static FireflyAccount account(String name) {
        FireflyAccount account = new FireflyAccount();
        account.setMetadata(new ObjectMetaBuilder().withName(name).build());
        FireflyAccountSpec spec = new FireflyAccountSpec();
        spec.setAssumeRoleArn("arn:aws:iam::111111111111:role/" + name);
        spec.setNamespaces(new AccountNamespaces(List.of("annotated"), null));
        account.setSpec(spec);
        return account;
    }
}
