package io.firefly.operator.runtime;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackStatus;
import io.firefly.operator.api.Phase;
import io.firefly.operator.reconcile.status.EventRecorder;
import io.firefly.operator.reconcile.status.StatusPatch;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Tells the owner of a FireflyStack what this operator version left out when it read the object, which
 * happens when the FireflyStack CRD is newer than the operator (during an upgrade, after a rollback):
 * <ul>
 *   <li>fields it does not know: condition {@code FieldsIgnored} and a Warning event
 *       {@code UnknownFieldsIgnored}, and the stack is reconciled with the fields it knows;</li>
 *   <li>fields it cannot read (a wrong type, an enum value it does not know): the stack is {@code Failed}
 *       and {@code Stalled} with reason {@code Unreadable}, a Warning event says which fields, and the
 *       operator leaves the stack alone, AWS included, until the object can be read.</li>
 * </ul>
 * Both are said once: the event goes out when the status changes, and the status persists across restarts.
 */
@Singleton
public class VersionSkew {
    private static final Logger LOG = Logger.getLogger(VersionSkew.class);

    private final String operatorVersion;
    private final EventRecorder events;

    public VersionSkew(@ConfigProperty(name = "quarkus.application.version") Optional<String> operatorVersion,
                       EventRecorder events) {
        this.events = events;
        this.operatorVersion = operatorVersion.map(v -> "firefly-operator " + v).orElse("firefly-operator");
    }

    /**
     * Reports what reading this FireflyStack left out, before it is reconciled or cleaned up.
     *
     * @return true when the object could not be read: the caller must leave it alone (no AWS call, no
     *         finalizer removal) until a change to it is read in full
     */
    public boolean leaveAlone(FireflyStack stack, KubernetesClient client) {
        ReadFindings findings = ReadFindings.of(stack);
        if (stack.getStatus() == null) {
            stack.setStatus(new FireflyStackStatus());
        }
        String before = client.getKubernetesSerialization().asJson(stack.getStatus());
        Optional<Notice> notice = findings.readable()
                ? reportIgnored(stack, findings.ignoredSpecFields())
                : reportUnreadable(stack, findings.unreadableFields());
        if (!before.equals(client.getKubernetesSerialization().asJson(stack.getStatus()))) {
            StatusPatch.replaceStatus(client, stack);
            notice.ifPresent(n -> {
                LOG.warnf("%s/%s: %s", stack.getMetadata().getNamespace(), stack.getMetadata().getName(), n.message());
                events.warning(stack, n.reason(), n.message());
            });
        }
        return !findings.readable();
    }

    private Optional<Notice> reportIgnored(FireflyStack stack, List<String> fields) {
        List<Condition> conditions = stack.getStatus().getConditions();
        if (fields.isEmpty()) {
            conditions.removeIf(c -> ConditionType.FieldsIgnored.name().equals(c.getType()));
            return Optional.empty();
        }
        String message = ("%s does not know %s and reconciles this FireflyStack without %s. The FireflyStack CRD is "
                + "newer than the operator: upgrade the operator to the CRD's version, or remove the field%s")
                .formatted(operatorVersion, String.join(", ", fields), fields.size() == 1 ? "it" : "them",
                        fields.size() == 1 ? "" : "s");
        boolean changed = condition(stack, ConditionType.FieldsIgnored, true, ConditionReason.UnknownFieldsIgnored, message);
        return changed ? Optional.of(new Notice(ConditionReason.UnknownFieldsIgnored.name(), message)) : Optional.empty();
    }

    private Optional<Notice> reportUnreadable(FireflyStack stack, List<String> problems) {
        String message = ("%s cannot read %s, and leaves this FireflyStack and its CloudFormation stack alone until "
                + "it can. Fix the field; if the FireflyStack CRD is newer than the operator, upgrade the operator")
                .formatted(operatorVersion, String.join("; ", problems));
        FireflyStackStatus status = stack.getStatus();
        boolean changed = status.getPhase() != Phase.Failed || !message.equals(status.getMessage());
        status.setPhase(Phase.Failed);
        status.setMessage(message);
        status.setObservedGeneration(stack.getMetadata().getGeneration());
        changed |= condition(stack, ConditionType.Ready, false, ConditionReason.Unreadable, message);
        changed |= condition(stack, ConditionType.Reconciling, false, ConditionReason.Unreadable, message);
        changed |= condition(stack, ConditionType.Stalled, true, ConditionReason.Unreadable, message);
        return changed ? Optional.of(new Notice(ConditionReason.Unreadable.name(), message)) : Optional.empty();
    }

    /**
     * Sets a condition, keeping its transition time while its status stays the same.
     *
     * @return whether what it says changed (its status, reason or message), as opposed to its generation only
     */
    private static boolean condition(FireflyStack stack, ConditionType type, boolean value, ConditionReason reason,
                                     String message) {
        String wanted = value ? "True" : "False";
        List<Condition> conditions = stack.getStatus().getConditions();
        Condition existing = stack.getStatus().condition(type).orElse(null);
        boolean sameStatus = existing != null && wanted.equals(existing.getStatus());
        Condition updated = new ConditionBuilder()
                .withType(type.name())
                .withStatus(wanted)
                .withReason(reason.name())
                .withMessage(message)
                .withObservedGeneration(stack.getMetadata().getGeneration())
                .withLastTransitionTime(sameStatus ? existing.getLastTransitionTime()
                        : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .build();
        if (existing == null) {
            conditions.add(updated);
        } else {
            conditions.set(conditions.indexOf(existing), updated);
        }
        return !sameStatus || !reason.name().equals(existing.getReason()) || !Objects.equals(message, existing.getMessage());
    }

    /** One JSON Patch that replaces the whole status: the operator is its only writer. */
    private record Notice(String reason, String message) {
    }
}
