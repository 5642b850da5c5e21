package io.firefly.operator.reconcile.delete;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.DeletionPolicy;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import io.firefly.operator.api.FireflyStackStatus;
import io.firefly.operator.api.Phase;
import io.firefly.operator.port.DeleteBlocker;
import io.firefly.operator.port.FakeAws;
import io.firefly.operator.port.StackStatus;
import io.firefly.operator.reconcile.deploy.Durations;
import io.firefly.operator.reconcile.deploy.FixedDurations;
import io.firefly.operator.reconcile.status.StatusReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The delete workflow as a table: what AWS shows and what the FireflyStack says → the AWS calls, whether the
 * finalizer may go, and what the user sees. Against an in-memory AWS.
 */
class DeleteDecisionTest {
    private static final String STACK = "users";
    private static final Durations DURATIONS = FixedDurations.INSTANCE;

    /**
     * @param listed  whether the step read the API server's list of the namespace's FireflyStacks
     * @param done    whether the finalizer may go
     * @param phase   the phase shown while it may not (null when done)
     * @param message a fragment of the Done message, or of the status message
     */
    record Row(String name, ShownDependents dependents, Consumer<Given> given, List<String> calls, boolean listed, boolean done,
               Phase phase,
               ConditionReason reason, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Given(FakeAws aws, FireflyStack resource) {
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("dependents still exist: wait, touch nothing", ShownDependents.both(List.of("api", "worker")), g -> { },
                        List.of(), false, false, Phase.DeletionBlocked, ConditionReason.DeletionBlocked, "waits for api, worker"),
                new Row("a dependent only the API server lists: wait, delete nothing", ShownDependents.listedOnly(List.of("api")),
                        g -> g.aws().putStack(STACK, StackStatus.CREATE_COMPLETE), List.of("DescribeStacks"), true, false,
                        Phase.DeletionBlocked, ConditionReason.DeletionBlocked, "waits for api"),
                new Row("the API server does not list: wait, delete nothing", ShownDependents.unlisted(),
                        g -> g.aws().putStack(STACK, StackStatus.CREATE_COMPLETE), List.of("DescribeStacks"), true, false,
                        Phase.Deleting, ConditionReason.DeletionBlocked, "could not list the FireflyStacks of namespace team"),
                new Row("Retain with a dependent only the API server lists: wait", ShownDependents.listedOnly(List.of("api")), g ->
                        g.resource().getSpec().setDeletionPolicy(DeletionPolicy.Retain),
                        List.of(), true, false, Phase.DeletionBlocked, ConditionReason.DeletionBlocked, "waits for api"),
                new Row("Retain: release without touching AWS", none(), g ->
                        g.resource().getSpec().setDeletionPolicy(DeletionPolicy.Retain),
                        List.of(), true, true, null, null, "deletionPolicy is Retain"),
                new Row("suspended: release without touching AWS", none(), g -> g.resource().getSpec().setSuspend(true),
                        List.of(), true, true, null, null, "spec.suspend is true"),
                new Row("no stack: done", none(), g -> { },
                        List.of("DescribeStacks"), false, true, null, null, "is deleted"),
                new Row("a stack tagged for another FireflyStack: left in AWS", none(), g ->
                        g.aws().putStack(STACK, StackStatus.CREATE_COMPLETE, Map.of(), Map.of("firefly.io/fireflystack", "team/other"),
                                Instant.EPOCH),
                        List.of("DescribeStacks"), true, true, null, null, "belongs to FireflyStack team/other"),
                new Row("stable: delete it", none(), g -> g.aws().putStack(STACK, StackStatus.UPDATE_ROLLBACK_COMPLETE),
                        List.of("DescribeStacks", "DeleteStack users"), true, false, Phase.Deleting, ConditionReason.Deleting, "deleting stack users"),
                new Row("left in review: delete it", none(), g -> g.aws().putStack(STACK, StackStatus.REVIEW_IN_PROGRESS),
                        List.of("DescribeStacks", "DeleteStack users"), true, false, Phase.Deleting, ConditionReason.Deleting, "deleting stack users"),
                new Row("being deleted: follow it", none(), g -> g.aws().putStack(STACK, StackStatus.DELETE_IN_PROGRESS),
                        List.of("DescribeStacks"), false, false, Phase.Deleting, ConditionReason.Deleting, "CloudFormation is deleting"),
                new Row("an operation under way: wait for its end", none(), g -> g.aws().putStack(STACK, StackStatus.CREATE_IN_PROGRESS),
                        List.of("DescribeStacks"), false, false, Phase.Deleting, ConditionReason.Deleting, "waiting for CREATE_IN_PROGRESS"),
                new Row("AWS refused: say what to do and retry", none(), g -> {
                    g.aws().putStack(STACK, StackStatus.DELETE_FAILED);
                    g.aws().putFailure("Table", "users-table", "AWS::DynamoDB::Table", "DELETE_FAILED",
                            "Resource cannot be deleted as it is currently protected against deletion", DeleteBlocker.DELETION_PROTECTION);
                }, List.of("DescribeStacks", "DescribeStackEvents", "DeleteStack users"), true, false, Phase.DeleteFailed,
                        ConditionReason.DeleteFailed, "--no-deletion-protection-enabled"),
                new Row("AWS refused for point-in-time recovery", none(), g -> {
                    g.aws().putStack(STACK, StackStatus.DELETE_FAILED);
                    g.aws().putFailure("Table", "users-table", "AWS::DynamoDB::Table", "DELETE_FAILED", "PITR", DeleteBlocker.POINT_IN_TIME_RECOVERY);
                }, List.of("DescribeStacks", "DescribeStackEvents", "DeleteStack users"), true, false, Phase.DeleteFailed,
                        ConditionReason.DeleteFailed, "PointInTimeRecoveryEnabled=false"),
                new Row("AWS refused a table with items", none(), g -> {
                    g.aws().putStack(STACK, StackStatus.DELETE_FAILED);
                    g.aws().putFailure("Table", "users-table", "AWS::DynamoDB::Table", "DELETE_FAILED", "not empty", DeleteBlocker.NOT_EMPTY);
                }, List.of("DescribeStacks", "DescribeStackEvents", "DeleteStack users"), true, false, Phase.DeleteFailed,
                        ConditionReason.DeleteFailed, "empty or delete table users-table"),
                new Row("a status this version does not know: do not delete, say so", none(), g ->
                        g.aws().putStack(STACK, StackStatus.UNKNOWN),
                        List.of("DescribeStacks"), false, false, Phase.DeleteFailed, ConditionReason.UnknownStatus, "does not know"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachSituationTakesItsStep(Row row) {
        FakeAws aws = new FakeAws();
        FireflyStack resource = resource();
        row.given().accept(new Given(aws, resource));
        StatusReport report = new StatusReport(resource);

        DeleteConverger.Next next = new DeleteConverger(aws, DURATIONS).converge(resource, row.dependents(), FakeAws.REGION, report);

        assertThat(aws.calls()).as("AWS calls").containsExactlyElementsOf(row.calls());
        assertThat(row.dependents().lists()).as("lists of the namespace read").isEqualTo(row.listed() ? 1 : 0);
        if (row.done()) {
            assertThat(next).isInstanceOfSatisfying(DeleteConverger.Done.class,
                    done -> assertThat(done.message()).contains(row.message()));
            return;
        }
        assertThat(next).isInstanceOfSatisfying(DeleteConverger.Wait.class, wait -> assertThat(wait.after()).isPositive());
        assertThat(resource.getStatus().getPhase()).isEqualTo(row.phase());
        assertThat(resource.getStatus().condition(ConditionType.Ready).orElseThrow().getReason()).isEqualTo(row.reason().name());
        assertThat(resource.getStatus().getMessage()).contains(row.message());
    }

    /** No FireflyStack uses the stack, in the cache or in the API server's list. */
    private static ShownDependents none() {
        return ShownDependents.both(List.of());
    }

    private static FireflyStack resource() {
        FireflyStack resource = new FireflyStack();
        resource.setMetadata(new ObjectMetaBuilder().withNamespace("team").withName("users").withUid("uid-users")
                .withGeneration(1L).build());
        FireflyStackSpec spec = new FireflyStackSpec();
        spec.setStackName(STACK);
        resource.setSpec(spec);
        resource.setStatus(new FireflyStackStatus());
        return resource;
    }
}
