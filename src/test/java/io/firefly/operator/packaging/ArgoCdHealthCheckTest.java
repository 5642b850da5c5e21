package io.firefly.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.firefly.operator.api.ChangeSetStatus;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import io.firefly.operator.api.FireflyStackStatus;
import io.firefly.operator.api.Phase;
import io.firefly.operator.api.TemplateSource;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What Argo CD shows for a FireflyStack in each phase the operator reports. */
class ArgoCdHealthCheckTest {
    private static final long GENERATION = 3;
    private static final String DELETED_AT = "2026-11-22T10:15:00Z";

    private static ArgoCdHealthCheck healthCheck;

    @BeforeAll
    static void loadScript() throws IOException {
        healthCheck = new ArgoCdHealthCheck();
    }

    static Stream<Arguments> phases() {
        return Stream.of(
                phase(Phase.Pending, "Progressing", "Queued for its first reconcile", status -> {
                    status.setConditions(List.of(condition(ConditionType.Ready, "False", "Pending", "Queued")));
                }),
                phase(Phase.WaitingForDependencies, "Progressing", "Waiting for dynamodb-users to be Ready", status -> {
                    status.setWaitingFor(List.of("dynamodb-users"));
                    status.setConditions(List.of(
                            condition(ConditionType.Ready, "False", "WaitingForDependencies", "Waiting"),
                            condition(ConditionType.DependenciesReady, "False", "NotReady", "dynamodb-users is Creating")));
                }),
                phase(Phase.Creating, "Progressing", "CloudFormation is creating the stack", status -> {
                    status.setStackStatus("CREATE_IN_PROGRESS");
                    status.setChangeSet(new ChangeSetStatus("firefly-g3-1a2b3c", "CREATE", "CREATE_COMPLETE", "EXECUTE_IN_PROGRESS", null, null, null));
                    status.setConditions(List.of(
                            condition(ConditionType.Ready, "False", "Creating", "Creating"),
                            condition(ConditionType.Reconciling, "True", "Creating", "CREATE_IN_PROGRESS")));
                }),
                phase(Phase.Importing, "Progressing", "Importing UsersTable into the new stack", status -> {
                    status.setStackStatus("IMPORT_IN_PROGRESS");
                    status.setImportedResources(List.of("UsersTable"));
                    status.setConditions(List.of(condition(ConditionType.Reconciling, "True", "Importing", "IMPORT_IN_PROGRESS")));
                }),
                phase(Phase.Updating, "Progressing", "CloudFormation is updating the stack", status -> {
                    status.setStackStatus("UPDATE_IN_PROGRESS");
                    status.setConditions(List.of(
                            condition(ConditionType.Ready, "False", "Updating", "Updating"),
                            condition(ConditionType.Reconciling, "True", "Updating", "UPDATE_IN_PROGRESS")));
                }),
                phase(Phase.Ready, "Healthy", "Stack firefly-dynamodb-users is UPDATE_COMPLETE", status -> {
                    status.setStackStatus("UPDATE_COMPLETE");
                    status.setOutputs(Map.of("TableName", "firefly-users"));
                    status.setConditions(List.of(
                            condition(ConditionType.Ready, "True", "StackReady", "UPDATE_COMPLETE"),
                            condition(ConditionType.Reconciling, "False", "Idle", "No operation under way"),
                            condition(ConditionType.Stalled, "False", "Idle", "Nothing to do")));
                }),
                phase(Phase.Failed, "Degraded", "Template format error: Unresolved resource dependencies [Table]: fix spec.template", status -> {
                    status.setStackStatus("ROLLBACK_COMPLETE");
                    status.setConditions(List.of(
                            condition(ConditionType.Ready, "False", "Failed", "Failed"),
                            condition(ConditionType.Stalled, "True", "TemplateInvalid", "Template format error")));
                }),
                phase(Phase.Deleting, "Progressing", "CloudFormation is deleting the stack", status -> {
                    status.setStackStatus("DELETE_IN_PROGRESS");
                    status.setConditions(List.of(condition(ConditionType.Reconciling, "True", "Deleting", "DELETE_IN_PROGRESS")));
                }),
                phase(Phase.DeletionBlocked, "Progressing", "Waiting for func-api-users-post to be deleted first", status -> {
                    status.setBlockedBy(List.of("func-api-users-post"));
                    status.setConditions(List.of(condition(ConditionType.DeletionBlocked, "True", "DependentsExist", "func-api-users-post")));
                }),
                phase(Phase.DeleteFailed, "Degraded", "Table firefly-users is protected against deletion: disable deletion protection, the operator retries", status -> {
                    status.setStackStatus("DELETE_FAILED");
                    status.setConditions(List.of(condition(ConditionType.Stalled, "True", "DeletionProtection", "DELETE_FAILED")));
                }));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("phases")
    void eachPhaseMapsToTheArgoCdHealthItMeans(Phase phase, String expectedHealth, String message, FireflyStack stack) {
        assertThat(healthCheck.assess(stack)).isEqualTo(new ArgoCdHealthCheck.Health(expectedHealth, message));
    }

    @Test
    void anObjectTheOperatorHasNotSeenIsProgressing() {
        FireflyStack stack = stack();
        stack.setStatus(null);

        assertThat(healthCheck.assess(stack)).isEqualTo(new ArgoCdHealthCheck.Health("Progressing", "Waiting for the operator"));
    }

    @Test
    void aReadyStatusOfAnOlderGenerationIsProgressingUntilTheOperatorCatchesUp() {
        FireflyStack stack = readyStack();
        stack.getMetadata().setGeneration(GENERATION + 1);

        assertThat(healthCheck.assess(stack))
                .isEqualTo(new ArgoCdHealthCheck.Health("Progressing", "Waiting for the operator to observe generation 4"));
    }

    @Test
    void aFailureOfAnOlderGenerationIsProgressingOnceTheSpecIsFixed() {
        FireflyStack stack = withStatus(Phase.Failed, "Template format error", status ->
                status.setConditions(List.of(condition(ConditionType.Stalled, "True", "TemplateInvalid", "Template format error"))));
        stack.getMetadata().setGeneration(GENERATION + 1);

        assertThat(healthCheck.assess(stack).status()).isEqualTo("Progressing");
    }

    @Test
    void stalledWithoutAStatusMessageReportsTheConditionsMessage() {
        FireflyStack stack = withStatus(Phase.Updating, null, status -> status.setConditions(List.of(
                condition(ConditionType.Stalled, "True", "RollbackFailed", "UPDATE_ROLLBACK_FAILED: continue the rollback in AWS"))));

        assertThat(healthCheck.assess(stack))
                .isEqualTo(new ArgoCdHealthCheck.Health("Degraded", "UPDATE_ROLLBACK_FAILED: continue the rollback in AWS"));
    }

    @Test
    void aReadyStackBeingReadAgainOrDeletedIsProgressing() {
        FireflyStack reconciling = readyStack();
        reconciling.getStatus().setConditions(List.of(
                condition(ConditionType.Ready, "True", "StackReady", "UPDATE_COMPLETE"),
                condition(ConditionType.Reconciling, "True", "Updating", "Change set executing")));
        assertThat(healthCheck.assess(reconciling).status()).isEqualTo("Progressing");

        FireflyStack deleted = readyStack();
        deleted.getMetadata().setDeletionTimestamp(DELETED_AT);
        assertThat(healthCheck.assess(deleted).status()).isEqualTo("Progressing");
    }

    @Test
    void withoutReadyTrueAStackIsNeverHealthy() {
        FireflyStack stack = withStatus(Phase.Ready, null, status ->
                status.setConditions(List.of(condition(ConditionType.Ready, "False", "Drifted", "Stack drifted"))));

        assertThat(healthCheck.assess(stack))
                .isEqualTo(new ArgoCdHealthCheck.Health("Progressing", "Waiting for the Ready condition"));
    }

    private static Arguments phase(Phase phase, String health, String message, Consumer<FireflyStackStatus> details) {
        FireflyStack stack = withStatus(phase, message, details);
        if (phase == Phase.Deleting || phase == Phase.DeletionBlocked || phase == Phase.DeleteFailed) {
            // The API server raises the generation when it marks an object for deletion.
            stack.getMetadata().setDeletionTimestamp(DELETED_AT);
            stack.getMetadata().setGeneration(GENERATION + 1);
            stack.getMetadata().setFinalizers(List.of("fireflystacks.firefly.io/finalizer"));
        }
        return Arguments.of(phase, health, message, stack);
    }

    private static FireflyStack readyStack() {
        return withStatus(Phase.Ready, null, status -> {
            status.setStackStatus("UPDATE_COMPLETE");
            status.setConditions(List.of(condition(ConditionType.Ready, "True", "StackReady", "UPDATE_COMPLETE")));
        });
    }

    private static FireflyStack withStatus(Phase phase, String message, Consumer<FireflyStackStatus> details) {
        FireflyStack stack = stack();
        FireflyStackStatus status = new FireflyStackStatus();
        status.setObservedGeneration(GENERATION);
        status.setPhase(phase);
        status.setMessage(message);
        details.accept(status);
        stack.setStatus(status);
        return stack;
    }

    private static FireflyStack stack() {
        FireflyStack stack = new FireflyStack();
        stack.setMetadata(new ObjectMetaBuilder().withName("dynamodb-users").withNamespace("firefly")
                .withGeneration(GENERATION).withCreationTimestamp("2026-11-22T10:00:00Z").build());
        FireflyStackSpec spec = new FireflyStackSpec();
        spec.setStackName("firefly-dynamodb-users");
        spec.setTemplate(TemplateSource.inline("Resources: {}"));
        stack.setSpec(spec);
        return stack;
    }

    private static Condition condition(ConditionType type, String status, String reason, String message) {
        return new ConditionBuilder().withType(type.name()).withStatus(status).withReason(reason).withMessage(message)
                .withObservedGeneration(GENERATION).withLastTransitionTime("2026-11-22T10:05:00Z").build();
    }
}
