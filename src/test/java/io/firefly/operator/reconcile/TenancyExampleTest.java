package io.firefly.operator.reconcile;

import static io.firefly.operator.reconcile.OperatorTestSupport.aws;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.offlineaws.control.AwsCall;
import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyAccount;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** examples/tenancy through the operator: two teams land in two accounts, the forbidden stack is refused. */
@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(OfflineAwsTestResource.class)
class TenancyExampleTest {
    private static final Path EXAMPLE = Path.of("examples", "tenancy");
    private static final String ORDERS_ROLE = "arn:aws:iam::111111111111:role/firefly-deployer";
    private static final String BILLING_ROLE = "arn:aws:iam::222222222222:role/firefly-deployer";

    @Inject
    KubernetesClient client;

    @Test
    void eachTeamDeploysIntoItsAccountAndTheIamUserIsRefusedWithoutAnAwsCall() throws IOException {
        aws().roles().requireExternalId(BILLING_ROLE, "billing-firefly");
        for (String file : List.of("namespaces.yaml", "accounts.yaml", "stacks.yaml")) {
            try (InputStream manifests = Files.newInputStream(EXAMPLE.resolve(file))) {
                for (HasMetadata object : client.load(manifests).items()) {
                    client.resource(object).createOr(existing -> existing.update());
                }
            }
        }

        FireflyStack orders = awaitStack("team-orders", "orders-table", s -> s.getStatus().isTrue(ConditionType.Ready));
        FireflyStack billing = awaitStack("team-billing", "billing-table", s -> s.getStatus().isTrue(ConditionType.Ready));
        FireflyStack admin = awaitStack("team-billing", "billing-admin", s -> s.getStatus().isTrue(ConditionType.Stalled));

        assertThat(orders.getStatus().getStackId()).contains(":111111111111:stack/orders-table/");
        assertThat(billing.getStatus().getStackId()).contains(":222222222222:stack/billing-table/");
        assertThat(aws().calls().of("ExecuteChangeSet")).filteredOn(c -> "orders-table".equals(c.stackName()))
                .allMatch(c -> c.madeByRole(ORDERS_ROLE)).isNotEmpty();
        assertThat(aws().calls().of("ExecuteChangeSet")).filteredOn(c -> "billing-table".equals(c.stackName()))
                .allMatch(c -> c.madeByRole(BILLING_ROLE)).isNotEmpty();
        assertThat(admin.getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertThat(admin.getStatus().condition(ConditionType.Stalled).orElseThrow().getReason())
                .isEqualTo(ConditionReason.NotPermitted.name());
        assertThat(admin.getStatus().getMessage()).isEqualTo("spec.template: resource Admin has type AWS::IAM::User,"
                + " which FireflyAccount billing does not allow (policy.deniedResourceTypes: AWS::IAM::*). Remove the"
                + " resource, or ask the platform team to allow the type. Nothing was created.");
        assertThat(aws().calls().all()).extracting(AwsCall::stackName).doesNotContain("billing-admin");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.resources(FireflyAccount.class).list()
                .getItems()).filteredOn(a -> List.of("orders", "billing").contains(a.getMetadata().getName()))
                .hasSize(2).allSatisfy(a -> assertThat(a.getStatus().getConditions()).singleElement()
                        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"))));
    }

    private FireflyStack awaitStack(String namespace, String name, java.util.function.Predicate<FireflyStack> condition) {
        return await().atMost(OperatorTestSupport.TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> client.resources(FireflyStack.class).inNamespace(namespace).withName(name).get(),
                        s -> s != null && s.getStatus() != null && condition.test(s));
    }
}
