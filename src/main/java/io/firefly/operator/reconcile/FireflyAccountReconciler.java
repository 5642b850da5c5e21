package io.firefly.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.firefly.operator.api.AccountConditionReason;
import io.firefly.operator.api.FireflyAccount;
import io.firefly.operator.api.FireflyAccountStatus;
import io.firefly.operator.port.AwsFailure;
import io.firefly.operator.port.AwsIdentity;
import io.firefly.operator.port.RoleSessions;
import io.firefly.operator.reconcile.status.StatusPatch;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Tells the platform team whether the operator can act in a FireflyAccount: Ready when it holds a session of
 * the account's role (the account-wide session the stack listing uses, so this costs no extra STS call), with
 * STS's answer when it does not. The policy itself needs no reconcile: FireflyStacks read it when they deploy.
 */
@ControllerConfiguration(name = FireflyAccountReconciler.NAME)
public class FireflyAccountReconciler implements Reconciler<FireflyAccount> {
    public static final String NAME = "fireflyaccount";
    private static final Logger LOG = Logger.getLogger(FireflyAccountReconciler.class);
    /** A session is refreshed in the background; looking again now and then shows a role that stopped working. */
    private static final Duration RECHECK = Duration.ofMinutes(5);
    private static final Duration RETRY = Duration.ofSeconds(30);

    private final RoleSessions sessions;

    public FireflyAccountReconciler(RoleSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public UpdateControl<FireflyAccount> reconcile(FireflyAccount account, Context<FireflyAccount> context) {
        String role = account.getSpec().getAssumeRoleArn();
        Condition ready;
        Duration next;
        try {
            sessions.assume(new AwsIdentity.AssumedRole(null, role, account.getSpec().getExternalId(), null));
            ready = ready(account, true, AccountConditionReason.RoleAssumed, "the operator assumed role " + role);
            next = RECHECK;
        } catch (AwsFailure e) {
            ready = ready(account, false, AccountConditionReason.AssumeRoleFailed, "STS AssumeRole of role " + role
                    + " failed: " + e.getMessage() + ". The role's trust policy must trust the operator's own identity,"
                    + " allow sts:TagSession, and ask for spec.externalId if it sets an external ID.");
            next = RETRY;
        }
        FireflyAccountStatus status = account.getStatus() == null ? new FireflyAccountStatus() : account.getStatus();
        if (!Objects.equals(status.getObservedGeneration(), account.getMetadata().getGeneration())
                || !sameCondition(status.getConditions(), ready)) {
            LOG.infof("FireflyAccount %s: %s", account.getMetadata().getName(), ready.getMessage());
            status.setObservedGeneration(account.getMetadata().getGeneration());
            status.setConditions(List.of(ready));
            account.setStatus(status);
            try {
                StatusPatch.replaceStatus(context.getClient(), account);
            } catch (KubernetesClientException e) {
                LOG.warnf("could not write the status of FireflyAccount %s (%s); it is written again at the next reconcile",
                        account.getMetadata().getName(), e.getMessage());
                next = RETRY;
            }
        }
        return UpdateControl.<FireflyAccount>noUpdate().rescheduleAfter(next);
    }

    private static Condition ready(FireflyAccount account, boolean value, AccountConditionReason reason, String message) {
        String wanted = value ? "True" : "False";
        String since = account.getStatus() == null ? null : account.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()) && wanted.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime).findFirst().orElse(null);
        return new ConditionBuilder().withType("Ready").withStatus(wanted).withReason(reason.name()).withMessage(message)
                .withObservedGeneration(account.getMetadata().getGeneration())
                .withLastTransitionTime(since != null ? since : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .build();
    }

    private static boolean sameCondition(List<Condition> conditions, Condition wanted) {
        return conditions.size() == 1 && conditions.get(0).equals(wanted);
    }
}
