package io.firefly.operator.aws;

import io.firefly.operator.api.FailedResource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetNotFoundException;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetSummary;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.ResourceToImport;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Every CloudFormation and DynamoDB call the operator makes. Each is one request that returns at once
 * (nothing here waits for an operation to finish) and each is safe to repeat after a restart: change
 * set names are deterministic, an existing change set is not an error, a missing one is "empty".
 */
@ApplicationScoped
public class StackGateway {
    /** Stack-level statuses that begin an operation: the events before them belong to earlier operations. */
    private static final Set<String> OPERATION_STARTS = Set.of("CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS",
            "IMPORT_IN_PROGRESS", "DELETE_IN_PROGRESS", "REVIEW_IN_PROGRESS");

    private final AwsClients clients;
    private final AwsCallMeter meter;
    private final StackWatch watch;

    public StackGateway(AwsClients clients, AwsCallMeter meter, StackWatch watch) {
        this.clients = clients;
        this.meter = meter;
        this.watch = watch;
    }

    public Optional<ObservedStack> stack(String region, String stackName) {
        return watch.observe(region, stackName);
    }

    public Optional<ObservedChangeSet> changeSet(String region, String stackName, String changeSetName) {
        try {
            DescribeChangeSetResponse cs = meter.call("DescribeChangeSet", () -> cfn(region)
                    .describeChangeSet(b -> b.stackName(stackName).changeSetName(changeSetName)));
            return Optional.of(new ObservedChangeSet(cs.changeSetName(), null, cs.statusAsString(),
                    cs.executionStatusAsString(), cs.statusReason()));
        } catch (ChangeSetNotFoundException e) {
            return Optional.empty();
        } catch (AwsServiceException e) {
            if (AwsErrors.isStackMissing(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public List<ObservedChangeSet> changeSets(String region, String stackName) {
        try {
            List<ObservedChangeSet> result = new ArrayList<>();
            String token = null;
            do {
                String next = token;
                var page = meter.call("ListChangeSets",
                        () -> cfn(region).listChangeSets(b -> b.stackName(stackName).nextToken(next)));
                for (ChangeSetSummary s : page.summaries()) {
                    result.add(new ObservedChangeSet(s.changeSetName(), null, s.statusAsString(),
                            s.executionStatusAsString(), s.statusReason()));
                }
                token = page.nextToken();
            } while (token != null);
            return result;
        } catch (AwsServiceException e) {
            if (AwsErrors.isStackMissing(e)) {
                return List.of();
            }
            throw e;
        }
    }

    /** Creates the change set; one that already exists under this name is the one to follow. */
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
        try {
            meter.call("CreateChangeSet", () -> cfn(region).createChangeSet(builder.build()));
        } catch (AlreadyExistsException e) {
            // created by an earlier reconcile (perhaps before a restart): follow it
        } finally {
            watch.invalidate(region, request.stackName());
        }
    }

    public void executeChangeSet(String region, String stackName, String changeSetName) {
        try {
            meter.call("ExecuteChangeSet",
                    () -> cfn(region).executeChangeSet(b -> b.stackName(stackName).changeSetName(changeSetName)));
        } finally {
            watch.invalidate(region, stackName);
        }
    }

    public void deleteChangeSet(String region, String stackName, String changeSetName) {
        try {
            meter.call("DeleteChangeSet",
                    () -> cfn(region).deleteChangeSet(b -> b.stackName(stackName).changeSetName(changeSetName)));
        } catch (ChangeSetNotFoundException e) {
            // already gone
        } catch (AwsServiceException e) {
            if (!AwsErrors.isStackMissing(e)) {
                throw e;
            }
        }
    }

    /** DeleteStack is asynchronous and succeeds for a stack that does not exist. */
    public void deleteStack(String region, String stackName) {
        try {
            meter.call("DeleteStack", () -> cfn(region).deleteStack(b -> b.stackName(stackName)));
        } finally {
            watch.invalidate(region, stackName);
        }
    }

    public void continueUpdateRollback(String region, String stackName) {
        try {
            meter.call("ContinueUpdateRollback",
                    () -> cfn(region).continueUpdateRollback(b -> b.stackName(stackName)));
        } finally {
            watch.invalidate(region, stackName);
        }
    }

    /**
     * The resource failures of the stack's latest operation, in the order they happened, with
     * CloudFormation's reasons. Read from the events back to the stack-level event that started the
     * operation: a rollback deletes the resource whose failure caused it, so the stack's resources alone
     * would hide the root cause. Only the first page of events (the newest 100) is read; an operation with
     * more events reports the failures among them.
     */
    public List<FailedResource> failedResources(String region, String stackName) {
        Map<String, FailedResource> failed = new LinkedHashMap<>();
        try {
            List<StackEvent> newestFirst = meter.call("DescribeStackEvents",
                    () -> cfn(region).describeStackEvents(b -> b.stackName(stackName))).stackEvents();
            for (StackEvent e : newestFirst) {
                boolean stackLevel = "AWS::CloudFormation::Stack".equals(e.resourceType());
                if (stackLevel && OPERATION_STARTS.contains(e.resourceStatusAsString())) {
                    break;
                }
                if (!stackLevel && e.resourceStatusAsString().endsWith("_FAILED") && e.resourceStatusReason() != null
                        && !e.resourceStatusReason().contains("cancelled")) {
                    failed.putIfAbsent(e.logicalResourceId() + "/" + e.resourceStatusAsString(), new FailedResource(
                            e.logicalResourceId(), e.physicalResourceId(), e.resourceType(),
                            e.resourceStatusAsString(), e.resourceStatusReason()));
                }
            }
        } catch (AwsServiceException e) {
            if (!AwsErrors.isStackMissing(e)) {
                throw e;
            }
        }
        List<FailedResource> inOrder = new ArrayList<>(failed.values());
        Collections.reverse(inOrder);
        return List.copyOf(inOrder);
    }

    /** Whether a DynamoDB table of this name exists in the region (the import path's question). */
    public boolean tableExists(String region, String tableName) {
        try {
            meter.call("DescribeTable", () -> clients.dynamoDb(region).describeTable(b -> b.tableName(tableName)));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    /**
     * Whether the table holds no item. One strongly consistent Scan of at most one item: DescribeTable's
     * ItemCount is refreshed only every six hours, too stale to decide whether data could be lost.
     */
    public boolean tableIsEmpty(String region, String tableName) {
        try {
            return meter.call("Scan", () -> clients.dynamoDb(region)
                    .scan(b -> b.tableName(tableName).limit(1).consistentRead(true))).count() == 0;
        } catch (ResourceNotFoundException e) {
            return true;
        }
    }

    private CloudFormationClient cfn(String region) {
        return clients.cloudFormation(region);
    }
}
