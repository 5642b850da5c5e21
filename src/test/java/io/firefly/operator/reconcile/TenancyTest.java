package io.firefly.operator.reconcile;

import static io.firefly.operator.reconcile.OperatorTestSupport.aws;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.offlineaws.control.AwsCall;
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
import java.time.Duration;
import java.time.Instant;
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

    private static final String ORDERS_ACCOUNT = "111111111111";
    private static final String BILLING_ACCOUNT = "222222222222";
    /** An account of its own, so that the calls counted are those of the stable stacks only. */
    private static final String STABLE_ACCOUNT = "333333333333";

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

    @Test
    void twoNamespacesDeployIntoTwoAccountsEachWithItsOwnRole() {
        var orders = new OperatorTestSupport(client);
        var billing = new OperatorTestSupport(client);
        String ordersRole = account(orders.prefix + "-orders", ORDERS_ACCOUNT, new AccountNamespaces(List.of(orders.namespace), null),
                new AccountPolicy(List.of("AWS::DynamoDB::*"), null, null));
        String billingRole = account(billing.prefix + "-billing", BILLING_ACCOUNT,
                new AccountNamespaces(List.of(billing.namespace), null), null);
        orders.namespaceMetadata(Map.of(), Map.of(FireflyAccount.NAMESPACE_ANNOTATION, orders.prefix + "-orders"));
        // the same stack and table name in both accounts: each account keeps its own
        String name = orders.prefix + "-shared";
        FireflyStack ordersStack = orders.stack("table", TestTemplates.table(name, false));
        ordersStack.getSpec().setStackName(name);
        orders.apply(ordersStack);
        FireflyStack billingStack = billing.stack("table", TestTemplates.table(name, false));
        billingStack.getSpec().setStackName(name);
        billingStack.getSpec().setAccountRef(new AccountRef(billing.prefix + "-billing"));
        billing.apply(billingStack);

        FireflyStack inOrders = orders.awaitReady("table");
        FireflyStack inBilling = billing.awaitReady("table");

        assertThat(inOrders.getStatus().getAccount()).isEqualTo(orders.prefix + "-orders");
        assertThat(inOrders.getStatus().getStackId()).startsWith("arn:aws:cloudformation:" + aws().region() + ":" + ORDERS_ACCOUNT + ":");
        assertThat(inBilling.getStatus().getStackId()).startsWith("arn:aws:cloudformation:" + aws().region() + ":" + BILLING_ACCOUNT + ":");
        assertThat(aws().calls().of("CreateChangeSet")).filteredOn(call -> name.equals(call.stackName()))
                .extracting(AwsCall::identityArn).containsExactlyInAnyOrder(
                        "arn:aws:sts::" + ORDERS_ACCOUNT + ":assumed-role/" + orders.prefix + "-orders/firefly-" + orders.namespace,
                        "arn:aws:sts::" + BILLING_ACCOUNT + ":assumed-role/" + billing.prefix + "-billing/firefly-" + billing.namespace);
        assertThat(aws().calls().all()).filteredOn(call -> name.equals(call.stackName()))
                .allMatch(call -> call.madeByRole(ordersRole) || call.madeByRole(billingRole));
        assertThat(aws().stacks().listStacks(List.of(), null).items()).as("the operator's own account")
                .noneMatch(view -> view.stackName().equals(name));
        assertThat(aws().identities().sessions()).filteredOn(s -> s.sessionName().equals("firefly-" + orders.namespace))
                .allSatisfy(s -> assertThat(s.tags()).containsEntry("firefly.io/namespace", orders.namespace));
        assertThat(client.resources(FireflyAccount.class).withName(orders.prefix + "-orders").get().getStatus().getConditions())
                .singleElement().satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("True");
                    assertThat(c.getReason()).isEqualTo("RoleAssumed");
                });
    }

    @Test
    void aNarrowedAccountStopsTheNextChangeAndLeavesTheDeployedStack() {
        var t = new OperatorTestSupport(client);
        String account = t.prefix + "-acct";
        AccountNamespaces namespaces = new AccountNamespaces(List.of(t.namespace), null);
        account(account, ORDERS_ACCOUNT, namespaces, new AccountPolicy(List.of("AWS::DynamoDB::*"), null, null));
        FireflyStack stack = t.stack("table", TestTemplates.table(t.prefix + "-table", false));
        stack.getSpec().setAccountRef(new AccountRef(account));
        t.apply(stack);
        t.awaitReady("table");

        account(account, ORDERS_ACCOUNT, namespaces, new AccountPolicy(List.of("AWS::SNS::*"), null, null));
        FireflyStack narrowed = t.awaitStatus("table", s -> s.getStatus().isTrue(ConditionType.Stalled));
        assertThat(narrowed.getStatus().getMessage()).contains("resource KeysTable has type AWS::DynamoDB::Table")
                .contains("(policy.allowedResourceTypes: AWS::SNS::*)")
                .endsWith("Stack " + t.prefix + "-table, deployed earlier, is left as it is: the operator neither updates"
                        + " nor deletes it while this lasts.");

        FireflyStack changed = t.get("table");
        changed.getSpec().setParameters(List.of(io.firefly.operator.api.StackParameter.literal("Label", "two")));
        t.apply(changed);
        t.awaitStatus("table", s -> s.getStatus().getObservedGeneration().equals(s.getMetadata().getGeneration())
                && s.getStatus().isTrue(ConditionType.Stalled));
        assertThat(aws().calls().of("CreateChangeSet")).filteredOn(call -> (t.prefix + "-table").equals(call.stackName()))
                .as("only the first deployment").hasSize(1);
        assertThat(aws().stacks(ORDERS_ACCOUNT).describeStacks(t.prefix + "-table", null).items()).singleElement()
                .satisfies(view -> assertThat(view.status().name()).isEqualTo("CREATE_COMPLETE"));
    }

    @Test
    void sessionsAreRefreshedWithoutARestartAndNoCallUsesAnExpiredOne() {
        var t = new OperatorTestSupport(client);
        String account = t.prefix + "-acct";
        account(account, ORDERS_ACCOUNT, new AccountNamespaces(List.of(t.namespace), null), null);
        FireflyStack stack = t.stack("table", TestTemplates.table(t.prefix + "-table", false));
        stack.getSpec().setAccountRef(new AccountRef(account));
        t.apply(stack);
        t.awaitReady("table");

        // several session lifetimes go by while the stack is stable, then the spec changes
        String session = "firefly-" + t.namespace;
        await().atMost(Duration.ofSeconds(4L * OfflineAwsTestResource.SESSION_SECONDS)).until(() ->
                aws().identities().sessions().stream().filter(s -> s.sessionName().equals(session)).count() >= 3);
        FireflyStack changed = t.get("table");
        changed.getSpec().setParameters(List.of(io.firefly.operator.api.StackParameter.literal("Label", "two")));
        t.apply(changed);
        t.awaitStatus("table", s -> s.getStatus().isTrue(ConditionType.Ready)
                && s.getStatus().getObservedGeneration().equals(s.getMetadata().getGeneration())
                && "UPDATE_COMPLETE".equals(s.getStatus().getStackStatus()));

        assertThat(aws().calls().all()).filteredOn(call -> call.accountId() != null && call.accountId().equals(ORDERS_ACCOUNT))
                .noneMatch(call -> "ExpiredToken".equals(call.errorCode()) || "ExpiredTokenException".equals(call.errorCode()));
    }

    @Test
    void stableStacksOfAnAccountCostOneListingPerPollAndNoSessionEach() {
        var t = new OperatorTestSupport(client);
        String account = t.prefix + "-acct";
        String role = account(account, STABLE_ACCOUNT, new AccountNamespaces(List.of(t.namespace), null), null);
        t.namespaceMetadata(Map.of(), Map.of(FireflyAccount.NAMESPACE_ANNOTATION, account));
        List<String> names = List.of("a", "b", "c", "d", "e");
        names.forEach(n -> t.apply(t.stack(n, "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n")));
        names.forEach(t::awaitReady);

        Instant from = Instant.now();
        Duration window = Duration.ofSeconds(9); // three stable polls of 3 s, one session lifetime and a half
        await().pollDelay(window).atMost(window.plusSeconds(1)).until(() -> true);
        List<AwsCall> cloudFormation = aws().calls().all().stream().filter(c -> c.at().isAfter(from))
                .filter(c -> c.madeByRole(role) && c.service().equals("cloudformation"))
                // drift detection is its own per-stack schedule (firefly.drift.interval, docs/drift.md)
                .filter(c -> !c.action().contains("Drift")).toList();
        assertThat(cloudFormation).as("stable stacks are read only through the account's listing")
                .allSatisfy(c -> {
                    assertThat(c.action()).isEqualTo("DescribeStacks");
                    assertThat(c.stackName()).isNull();
                    assertThat(c.identityArn()).endsWith("/firefly-operator");
                });
        assertThat(cloudFormation.size()).as("one listing per stable poll, not one per stack").isBetween(2, 5);
        // two sessions (the namespace's, the account-wide listing's), each refreshed about every 4 s
        assertThat(aws().identities().sessions()).filteredOn(s -> s.role().arn().equals(role) && s.issuedAt().isAfter(from))
                .as("sessions per account and namespace, refreshed per lifetime: never per stack or per reconcile")
                .hasSizeLessThanOrEqualTo(2 * (int) (window.getSeconds() / (OfflineAwsTestResource.SESSION_SECONDS - 2) + 1));
    }

    @Test
    void anAccountWhoseRoleStsRefusesIsNotReadyWithStssAnswer() {
        var t = new OperatorTestSupport(client);
        String role = "arn:aws:iam::" + ORDERS_ACCOUNT + ":role/" + t.prefix + "-denied";
        aws().roles().deny(role);

        account(t.prefix + "-denied", new AccountNamespaces(List.of(t.namespace), null), null);

        await().atMost(OperatorTestSupport.TIMEOUT).untilAsserted(() -> assertThat(client.resources(FireflyAccount.class)
                .withName(t.prefix + "-denied").get().getStatus().getConditions()).singleElement().satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("AssumeRoleFailed");
                    assertThat(c.getMessage()).startsWith("STS AssumeRole of role " + role + " failed: ")
                            .contains("is not authorized to perform: sts:AssumeRole on resource: " + role);
                }));
    }

    private String account(String name, AccountNamespaces namespaces, AccountPolicy policy) {
        return account(name, ORDERS_ACCOUNT, namespaces, policy);
    }

    private String account(String name, String accountId, AccountNamespaces namespaces, AccountPolicy policy) {
        FireflyAccount account = new FireflyAccount();
        account.setMetadata(new ObjectMetaBuilder().withName(name).build());
        FireflyAccountSpec spec = new FireflyAccountSpec();
        spec.setAssumeRoleArn("arn:aws:iam::" + accountId + ":role/" + name);
        spec.setNamespaces(namespaces);
        spec.setPolicy(policy);
        account.setSpec(spec);
        client.resource(account).createOr(existing -> existing.update());
        return spec.getAssumeRoleArn();
    }
}
