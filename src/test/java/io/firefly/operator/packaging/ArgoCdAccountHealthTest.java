package io.firefly.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.firefly.operator.api.AccountConditionReason;
import io.firefly.operator.api.AccountNamespaces;
import io.firefly.operator.api.FireflyAccount;
import io.firefly.operator.api.FireflyAccountSpec;
import io.firefly.operator.api.FireflyAccountStatus;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What Argo CD shows for a FireflyAccount: Healthy once the operator can act in the account. */
class ArgoCdAccountHealthTest {
    private static ArgoCdHealthCheck healthCheck;

    @BeforeAll
    static void loadScript() throws IOException {
        healthCheck = new ArgoCdHealthCheck(ArgoCdHealthCheck.ACCOUNT_SCRIPT);
    }

    @Test
    void anAccountTheOperatorHasNotSeenIsProgressing() {
        assertThat(healthCheck.assess(account(null))).isEqualTo(new ArgoCdHealthCheck.Health("Progressing",
                "Waiting for the operator to assume the account's role"));
        FireflyAccountStatus older = status("True", AccountConditionReason.RoleAssumed, "assumed");
        older.setObservedGeneration(1L);
        assertThat(healthCheck.assess(account(older)).status()).isEqualTo("Progressing");
    }

    @Test
    void anAssumedRoleIsHealthy() {
        String message = "the operator assumed role arn:aws:iam::111111111111:role/firefly-deployer";

        assertThat(healthCheck.assess(account(status("True", AccountConditionReason.RoleAssumed, message))))
                .isEqualTo(new ArgoCdHealthCheck.Health("Healthy", message));
    }

    @Test
    void aRoleStsRefusesIsDegradedWithStssAnswer() {
        String message = "STS AssumeRole of role arn:aws:iam::111111111111:role/firefly-deployer failed: User ... is not"
                + " authorized to perform: sts:AssumeRole";

        assertThat(healthCheck.assess(account(status("False", AccountConditionReason.AssumeRoleFailed, message))))
                .isEqualTo(new ArgoCdHealthCheck.Health("Degraded", message));
    }

    private static FireflyAccountStatus status(String ready, AccountConditionReason reason, String message) {
        FireflyAccountStatus status = new FireflyAccountStatus();
        status.setObservedGeneration(2L);
        status.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus(ready).withReason(reason.name())
                .withMessage(message).build()));
        return status;
    }

    private static FireflyAccount account(FireflyAccountStatus status) {
        FireflyAccount account = new FireflyAccount();
        account.setMetadata(new ObjectMetaBuilder().withName("orders").withGeneration(2L).build());
        FireflyAccountSpec spec = new FireflyAccountSpec();
        spec.setAssumeRoleArn("arn:aws:iam::111111111111:role/firefly-deployer");
        spec.setNamespaces(new AccountNamespaces(List.of("team-orders"), null));
        account.setSpec(spec);
        account.setStatus(status);
        return account;
    }
}
