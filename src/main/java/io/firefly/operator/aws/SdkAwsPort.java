package io.firefly.operator.aws;

import io.firefly.operator.api.DriftStatus;
import io.firefly.operator.api.FailedResource;
import io.firefly.operator.port.AwsFailure;
import io.firefly.operator.port.AwsIdentity;
import io.firefly.operator.port.AwsPort;
import io.firefly.operator.port.ChangeSetRequest;
import io.firefly.operator.port.ChangeSetState;
import io.firefly.operator.port.DriftDetection;
import io.firefly.operator.port.ExecutionStatus;
import io.firefly.operator.port.ObservedChangeSet;
import io.firefly.operator.port.ObservedStack;
import io.firefly.operator.port.ResourceFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetSummary;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.ResourceToImport;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDrift;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * The {@link AwsPort} on the AWS SDK: every CloudFormation and DynamoDB call the operator makes. Each is one
 * request that returns at once and each is safe to repeat after a restart: change set names are
 * deterministic, an existing change set is not an error, a missing one is empty. One port per identity
 * ({@link SdkAwsPorts}): every call carries that identity's credentials.
 */
final class SdkAwsPort implements AwsPort {
    /** Stack-level statuses that begin an operation: the events before them belong to earlier operations. */
    private static final Set<String> OPERATION_STARTS = Set.of("CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS",
            "IMPORT_IN_PROGRESS", "DELETE_IN_PROGRESS", "REVIEW_IN_PROGRESS");

    private final AwsClients clients;
    private final StackWatch watch;
    private final AwsIdentity identity;

    SdkAwsPort(AwsClients clients, StackWatch watch, AwsIdentity identity) {
        this.clients = clients;
        this.watch = watch;
        this.identity = identity;
    }

    @Override
    public Optional<ObservedStack> stack(String region, String stackName) {
        return watch.observe(identity, region, stackName);
    }

    @Override
    public Optional<ObservedChangeSet> changeSet(String region, String stackName, String changeSetName) {
        return orEmptyWhenMissing("DescribeChangeSet", () -> {
            DescribeChangeSetResponse cs = cfn(region)
                    .describeChangeSet(b -> b.stackName(stackName).changeSetName(changeSetName));
            return Optional.of(changeSet(cs.changeSetName(), cs.statusAsString(), cs.executionStatusAsString(),
                    cs.statusReason(), cs.creationTime()));
        }, Optional.empty());
    }

    @Override
    public List<ObservedChangeSet> changeSets(String region, String stackName) {
        return orEmptyWhenMissing("ListChangeSets", () -> {
            List<ObservedChangeSet> result = new ArrayList<>();
            String token = null;
            do {
                String next = token;
                var page = cfn(region).listChangeSets(b -> b.stackName(stackName).nextToken(next));
                for (ChangeSetSummary s : page.summaries()) {
                    result.add(changeSet(s.changeSetName(), s.statusAsString(), s.executionStatusAsString(), s.statusReason(),
                            s.creationTime()));
                }
                token = page.nextToken();
            } while (token != null);
            return result;
        }, List.of());
    }

    @Override
    public void createChangeSet(String region, ChangeSetRequest request) {
        CreateChangeSetRequest.Builder builder = CreateChangeSetRequest.builder()
                .stackName(request.stackName())
                .changeSetName(request.changeSetName())
                .changeSetType(request.kind().name())
                .parameters(request.parameters().entrySet().stream()
                        .map(p -> Parameter.builder().parameterKey(p.getKey()).parameterValue(p.getValue()).build())
                        .toList())
                .capabilitiesWithStrings(request.capabilities())
                .tags(request.tags().entrySet().stream()
                        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList())
                .description("firefly-operator");
        if (request.templateUrl() != null) {
            builder.templateURL(request.templateUrl());
        } else {
            builder.templateBody(request.templateBody());
        }
        if (request.roleArn() != null) {
            builder.roleARN(request.roleArn());
        }
        if (!request.resourcesToImport().isEmpty()) {
            builder.resourcesToImport(request.resourcesToImport().stream()
                    .map(t -> ResourceToImport.builder().resourceType("AWS::DynamoDB::Table")
                            .logicalResourceId(t.logicalId()).resourceIdentifier(Map.of("TableName", t.tableName()))
                            .build())
                    .toList());
        }
        changing("CreateChangeSet", region, request.stackName(), () -> {
            try {
                cfn(region).createChangeSet(builder.build());
            } catch (AlreadyExistsException e) {
                // created by an earlier reconcile (perhaps before a restart): follow it
            }
        });
    }

    @Override
    public void executeChangeSet(String region, String stackName, String changeSetName) {
        changing("ExecuteChangeSet", region, stackName, () -> cfn(region).executeChangeSet(b -> b.stackName(stackName).changeSetName(changeSetName)));
    }

    @Override
    public void deleteChangeSet(String region, String stackName, String changeSetName) {
        orEmptyWhenMissing("DeleteChangeSet", () -> cfn(region).deleteChangeSet(b -> b.stackName(stackName).changeSetName(changeSetName)), null);
    }

    @Override
    public void deleteStack(String region, String stackName) {
        changing("DeleteStack", region, stackName, () -> cfn(region).deleteStack(b -> b.stackName(stackName)));
    }

    @Override
    public void continueUpdateRollback(String region, String stackName) {
        changing("ContinueUpdateRollback", region, stackName, () -> cfn(region).continueUpdateRollback(b -> b.stackName(stackName)));
    }

    /**
     * Read from the events back to the stack-level event that started the latest operation: a rollback deletes
     * the resource whose failure caused it, so the stack's resources alone would hide the root cause. Only the
     * first page of events (the newest 100) is read; an operation with more events reports the failures among
     * them. Resources CloudFormation cancelled because another failed are left out: they are not the cause.
     */
    @Override
    public List<ResourceFailure> failedResources(String region, String stackName) {
        List<StackEvent> newestFirst = orEmptyWhenMissing("DescribeStackEvents",
                () -> cfn(region).describeStackEvents(b -> b.stackName(stackName)).stackEvents(), List.of());
        Map<String, ResourceFailure> failed = new LinkedHashMap<>();
        for (StackEvent e : newestFirst) {
            boolean stackLevel = "AWS::CloudFormation::Stack".equals(e.resourceType());
            if (stackLevel && OPERATION_STARTS.contains(e.resourceStatusAsString())) {
                break;
            }
            if (!stackLevel && e.resourceStatusAsString().endsWith("_FAILED") && e.resourceStatusReason() != null
                    && !e.resourceStatusReason().contains("cancelled")) {
                failed.putIfAbsent(e.logicalResourceId() + "/" + e.resourceStatusAsString(), new ResourceFailure(
                        new FailedResource(e.logicalResourceId(), e.physicalResourceId(), e.resourceType(),
                                e.resourceStatusAsString(), AwsFailures.withoutRequestId(e.resourceStatusReason())),
                        AwsFailures.deleteBlocker(e.resourceStatusReason())));
            }
        }
        List<ResourceFailure> inOrder = new ArrayList<>(failed.values());
        Collections.reverse(inOrder);
        return List.copyOf(inOrder);
    }

    @Override
    public String detectDrift(String region, String stackName) {
        try {
            return cfn(region).detectStackDrift(b -> b.stackName(stackName)).stackDriftDetectionId();
        } catch (SdkException e) {
            throw AwsFailures.translate(e, "DetectStackDrift");
        }
    }

    @Override
    public DriftDetection driftDetection(String region, String detectionId) {
        try {
            var reply = cfn(region).describeStackDriftDetectionStatus(b -> b.stackDriftDetectionId(detectionId));
            return new DriftDetection(DriftDetection.Progress.of(reply.detectionStatusAsString()),
                    reply.stackDriftStatusAsString(), reply.detectionStatusReason(), reply.timestamp());
        } catch (SdkException e) {
            throw AwsFailures.translate(e, "DescribeStackDriftDetectionStatus");
        }
    }

    @Override
    public List<DriftStatus.ResourceDrift> resourceDrifts(String region, String stackName) {
        List<DriftStatus.ResourceDrift> drifts = new ArrayList<>();
        String token = null;
        try {
            do {
                String next = token;
                var page = cfn(region).describeStackResourceDrifts(b -> b.stackName(stackName).nextToken(next)
                        .stackResourceDriftStatusFiltersWithStrings("MODIFIED", "DELETED"));
                for (StackResourceDrift drift : page.stackResourceDrifts()) {
                    drifts.add(new DriftStatus.ResourceDrift(drift.logicalResourceId(), drift.physicalResourceId(),
                            drift.resourceType(), drift.stackResourceDriftStatusAsString(),
                            drift.propertyDifferences().stream()
                                    .map(d -> new DriftStatus.PropertyDrift(d.propertyPath(), d.expectedValue(),
                                            d.actualValue(), d.differenceTypeAsString()))
                                    .toList()));
                }
                token = page.nextToken();
            } while (token != null);
        } catch (SdkException e) {
            throw AwsFailures.translate(e, "DescribeStackResourceDrifts");
        }
        return drifts;
    }

    @Override
    public boolean tableExists(String region, String tableName) {
        return orEmptyWhenMissing("DescribeTable", () -> {
            clients.dynamoDb(identity, region).describeTable(b -> b.tableName(tableName));
            return true;
        }, false);
    }

    /**
     * One strongly consistent Scan of at most one item: DescribeTable's ItemCount is refreshed only about every
     * six hours, too stale to decide whether data could be lost.
     */
    @Override
    public boolean tableIsEmpty(String region, String tableName) {
        return orEmptyWhenMissing("Scan", () -> clients.dynamoDb(identity, region)
                .scan(b -> b.tableName(tableName).limit(1).consistentRead(true)).count() == 0, true);
    }

    private static ObservedChangeSet changeSet(String name, String status, String execution, String reason, Instant createdAt) {
        ChangeSetState state = ChangeSetState.of(status);
        return new ObservedChangeSet(name, state, ExecutionStatus.of(execution), reason,
                state == ChangeSetState.FAILED ? AwsFailures.rejection(null, reason) : null, createdAt);
    }

    /**
     * A call that changes the stack: the next observation reads it again, whatever the call answered, but for
     * throttling. A throttled call was refused before it did anything, so the stack is as last read; reading it
     * again anyway would spend the DescribeStacks quota on every refused attempt, and under throttling there are
     * many (each would also count towards listing the account again).
     */
    private void changing(String operation, String region, String stackName, Runnable call) {
        boolean throttled = false;
        try {
            call.run();
        } catch (SdkException e) {
            AwsFailure failure = AwsFailures.translate(e, operation);
            throttled = failure instanceof AwsFailure.Throttled;
            throw failure;
        } finally {
            if (!throttled) {
                watch.invalidate(identity, region, stackName);
            }
        }
    }

    /** Runs a call whose "does not exist" answer means {@code whenMissing}; other failures are translated. */
    private static <T> T orEmptyWhenMissing(String operation, Supplier<T> call, T whenMissing) {
        try {
            return call.get();
        } catch (SdkException e) {
            AwsFailure failure = AwsFailures.translate(e, operation);
            if (failure instanceof AwsFailure.NotFound) {
                return whenMissing;
            }
            throw failure;
        }
    }

    private CloudFormationClient cfn(String region) {
        return clients.cloudFormation(identity, region);
    }
}
