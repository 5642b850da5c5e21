package io.firefly.offlineaws.cloudformation;

import io.firefly.offlineaws.http.XmlWriter;
import io.firefly.offlineaws.template.ParameterDeclaration;

import java.util.List;
import java.util.Map;

/** Writes the result elements of the Query API replies, member by member as botocore's model names them. */
final class QueryReplies {

    private QueryReplies() {
    }

    static void stack(XmlWriter out, StackView stack) {
        out.element("StackId", stack.stackId())
                .element("StackName", stack.stackName())
                .element("ChangeSetId", stack.changeSetId())
                .element("Description", stack.description());
        parameters(out, stack.parameters());
        out.element("CreationTime", stack.creationTime())
                .element("DeletionTime", stack.deletionTime())
                .element("LastUpdatedTime", stack.lastUpdatedTime())
                .element("StackStatus", stack.status())
                .element("StackStatusReason", stack.statusReason())
                .element("DisableRollback", stack.disableRollback())
                .values("NotificationARNs", stack.notificationArns())
                .values("Capabilities", stack.capabilities())
                .list("Outputs", stack.outputs(), (o, output) -> o.element("OutputKey", output.key())
                        .element("OutputValue", output.value())
                        .element("Description", output.description())
                        .element("ExportName", output.exportName()))
                .element("RoleARN", stack.roleArn());
        tags(out, stack.tags());
        out.element("EnableTerminationProtection", stack.terminationProtection());
        driftInformation(out, "StackDriftStatus", stack.drift());
    }

    static void stackSummary(XmlWriter out, StackView stack) {
        out.element("StackId", stack.stackId())
                .element("StackName", stack.stackName())
                .element("TemplateDescription", stack.description())
                .element("CreationTime", stack.creationTime())
                .element("LastUpdatedTime", stack.lastUpdatedTime())
                .element("DeletionTime", stack.deletionTime())
                .element("StackStatus", stack.status())
                .element("StackStatusReason", stack.statusReason());
        driftInformation(out, "StackDriftStatus", stack.drift());
    }

    static void event(XmlWriter out, StackEvent event) {
        out.element("StackId", event.stackId())
                .element("EventId", event.eventId())
                .element("StackName", event.stackName())
                .element("LogicalResourceId", event.logicalResourceId())
                .element("PhysicalResourceId", event.physicalResourceId())
                .element("ResourceType", event.resourceType())
                .element("Timestamp", event.timestamp())
                .element("ResourceStatus", event.resourceStatus())
                .element("ResourceStatusReason", event.resourceStatusReason());
    }

    static void resource(XmlWriter out, ResourceView view, String timestampElement) {
        StackResource resource = view.resource();
        out.element("StackName", view.stackName())
                .element("StackId", view.stackId())
                .element("LogicalResourceId", resource.logicalId())
                .element("PhysicalResourceId", resource.physicalId())
                .element("ResourceType", resource.type())
                .element(timestampElement, resource.timestamp())
                .element("ResourceStatus", resource.status())
                .element("ResourceStatusReason", resource.statusReason());
        driftInformation(out, "StackResourceDriftStatus", view.drift());
    }

    static void driftDetectionStatus(XmlWriter out, DriftDetectionStatus detection) {
        out.element("StackId", detection.stackId())
                .element("StackDriftDetectionId", detection.detectionId())
                .element("StackDriftStatus", detection.stackDriftStatus())
                .element("DetectionStatus", detection.detectionStatus())
                .element("DetectionStatusReason", detection.reason())
                .element("DriftedStackResourceCount", detection.driftedCount())
                .element("Timestamp", detection.timestamp());
    }

    static void resourceDrift(XmlWriter out, ResourceDrift drift) {
        out.element("StackId", drift.stackId())
                .element("LogicalResourceId", drift.logicalId())
                .element("PhysicalResourceId", drift.physicalId())
                .element("ResourceType", drift.type())
                .element("ExpectedProperties", drift.expectedProperties())
                .element("ActualProperties", drift.actualProperties())
                .list("PropertyDifferences", drift.differences(), (d, difference) -> d
                        .element("PropertyPath", difference.path())
                        .element("ExpectedValue", difference.expectedValue())
                        .element("ActualValue", difference.actualValue())
                        .element("DifferenceType", difference.differenceType()))
                .element("StackResourceDriftStatus", drift.status())
                .element("Timestamp", drift.timestamp())
                .element("DriftStatusReason", drift.reason());
    }

    private static void driftInformation(XmlWriter out, String statusElement, DriftInformation drift) {
        out.start("DriftInformation")
                .element(statusElement, drift.status())
                .element("LastCheckTimestamp", drift.lastCheckTimestamp())
                .end();
    }

    static void changeSet(XmlWriter out, ChangeSetView changeSet) {
        changeSetSummary(out, changeSet);
        parameters(out, changeSet.parameters());
        out.values("NotificationARNs", changeSet.notificationArns())
                .values("Capabilities", changeSet.capabilities());
        tags(out, changeSet.tags());
        out.list("Changes", changeSet.changes(), QueryReplies::change);
    }

    static void changeSetSummary(XmlWriter out, ChangeSetView changeSet) {
        out.element("StackId", changeSet.stackId())
                .element("StackName", changeSet.stackName())
                .element("ChangeSetId", changeSet.changeSetId())
                .element("ChangeSetName", changeSet.changeSetName())
                .element("ExecutionStatus", changeSet.executionStatus())
                .element("Status", changeSet.status())
                .element("StatusReason", changeSet.statusReason())
                .element("CreationTime", changeSet.creationTime())
                .element("Description", changeSet.description())
                .element("IncludeNestedStacks", false);
    }

    private static void change(XmlWriter out, ResourceChange change) {
        out.element("Type", "Resource").start("ResourceChange")
                .element("PolicyAction", change.policyAction())
                .element("Action", change.action())
                .element("LogicalResourceId", change.logicalId())
                .element("PhysicalResourceId", change.physicalId())
                .element("ResourceType", change.resourceType())
                .element("Replacement", change.replacement())
                .values("Scope", change.scope())
                .list("Details", change.changedProperties(), (d, property) -> d.start("Target")
                        .element("Attribute", "Properties")
                        .element("Name", property.name())
                        .element("RequiresRecreation", property.requiresRecreation())
                        .end()
                        .element("Evaluation", "Static")
                        .element("ChangeSource", "DirectModification"))
                .end();
    }

    static void templateParameters(XmlWriter out, List<ParameterDeclaration> parameters, boolean withTypes) {
        out.list("Parameters", parameters, (p, declaration) -> {
            p.element("ParameterKey", declaration.name())
                    .element("DefaultValue", declaration.defaultValue().orElse(null));
            if (withTypes) {
                p.element("ParameterType", declaration.type());
            }
            p.element("NoEcho", declaration.noEcho())
                    .element("Description", declaration.description());
            if (withTypes) {
                p.start("ParameterConstraints").values("AllowedValues", declaration.allowedValues()).end();
            }
        });
    }

    private static void parameters(XmlWriter out, List<ParameterView> parameters) {
        out.list("Parameters", parameters, (p, parameter) -> p.element("ParameterKey", parameter.key())
                .element("ParameterValue", parameter.value()));
    }

    private static void tags(XmlWriter out, Map<String, String> tags) {
        out.list("Tags", tags.entrySet(), (t, tag) -> t.element("Key", tag.getKey()).element("Value", tag.getValue()));
    }
}
