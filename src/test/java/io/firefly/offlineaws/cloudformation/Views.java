package io.firefly.offlineaws.cloudformation;

import io.firefly.offlineaws.template.ParameterDeclaration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Copies of stacks and change sets for replies, taken under the engine lock so replies never see half a change. */
final class Views {

    private Views() {
    }

    static StackView view(Stack stack) {
        StackDefinition definition = stack.definition();
        List<ParameterView> parameters = definition == null ? List.of() : parameterViews(definition);
        return new StackView(stack.stackId(), stack.stackName(), stack.lastChangeSetId(),
                definition == null ? null : definition.template().description().orElse(null), parameters,
                stack.creationTime(), stack.deletionTime(), stack.lastUpdatedTime(), stack.status(), stack.statusReason(),
                stack.disableRollback(), definition == null ? List.of() : definition.notificationArns(),
                definition == null ? List.of() : definition.capabilities(), stack.outputs(),
                definition == null ? null : definition.roleArn(), definition == null ? Map.of() : definition.tags(),
                stack.terminationProtection(), stack.drift().stack());
    }

    static ChangeSetView view(ChangeSet changeSet) {
        StackDefinition definition = changeSet.definition();
        return new ChangeSetView(changeSet.id(), changeSet.name(), changeSet.stack().stackId(), changeSet.stack().stackName(),
                changeSet.type(), changeSet.description(), parameterViews(definition), changeSet.creationTime(),
                changeSet.executionStatus(), changeSet.status(), changeSet.statusReason(), definition.capabilities(),
                definition.tags(), definition.notificationArns(), changeSet.visibleChanges());
    }

    private static List<ParameterView> parameterViews(StackDefinition definition) {
        Map<String, ParameterDeclaration> declarations = definition.template().parameters();
        List<ParameterView> views = new ArrayList<>();
        definition.parameters().forEach((key, value) -> {
            boolean noEcho = Optional.ofNullable(declarations.get(key)).map(ParameterDeclaration::noEcho).orElse(false);
            views.add(new ParameterView(key, noEcho ? ParameterView.MASK : value));
        });
        return views;
    }
}
