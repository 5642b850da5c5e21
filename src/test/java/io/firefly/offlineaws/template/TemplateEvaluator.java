package io.firefly.offlineaws.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A template bound to one stack's parameter values. Construction does every check CloudFormation does before
 * it creates anything (parameters, references, conditions, dependency cycles), so a stack engine can reject
 * a template at CreateStack/CreateChangeSet time; resolving properties later only fails on what depends on
 * live resources (attributes, exports).
 *
 * <p>It works on the processed template: a template declaring the Serverless transform is expanded first.
 */
public final class TemplateEvaluator {

    private final Template template;
    private final JsonNode document;
    private final ParameterBinding parameters;
    private final IntrinsicResolver.StackContext stack;
    private final Conditions conditions;
    private final Map<String, ResourceDeclaration> resources;
    private final DependencyGraph graph;

    public TemplateEvaluator(Template template, Map<String, String> parameterValues, PseudoParameters pseudo) {
        this(template, parameterValues, pseudo, name -> Optional.empty());
    }

    /**
     * @param exports the value of an export by name, for {@code Fn::ImportValue}; empty when no stack exports it
     */
    public TemplateEvaluator(Template template, Map<String, String> parameterValues, PseudoParameters pseudo,
                             Function<String, Optional<String>> exports) {
        this.template = template.expandServerless();
        this.document = this.template.json();
        this.resources = this.template.resources();
        checkReferencesExist();
        this.parameters = new ParameterBinding(this.template, parameterValues);
        this.stack = new IntrinsicResolver.StackContext(parameters, pseudo, document.path("Mappings"),
                resources.keySet(), exports);
        this.conditions = new Conditions(document, stack);
        checkConditionNames();
        this.graph = new DependencyGraph(activeDependencies());
        checkOutputReferences();
    }

    /** The processed template this evaluator works on. */
    public Template template() {
        return template;
    }

    /** Effective parameter values (defaults applied); list types as comma-separated text. */
    public Map<String, String> parameters() {
        return parameters.values();
    }

    public boolean conditionHolds(String conditionName) {
        return conditions.holds(conditionName);
    }

    /** Whether the resource is part of the stack: its Condition holds, or it has none. */
    public boolean isActive(String logicalId) {
        return declaration(logicalId).condition().map(conditions::holds).orElse(true);
    }

    /** Active resources, each after everything it references or names in DependsOn; deletion is the reverse. */
    public List<String> creationOrder() {
        return graph.creationOrder();
    }

    /** The active resources that the given active resource references or names in DependsOn. */
    public Set<String> dependenciesOf(String logicalId) {
        if (!isActive(logicalId)) {
            throw new IllegalArgumentException("Resource " + logicalId + " is not active: its Condition "
                    + declaration(logicalId).condition().orElseThrow() + " is false");
        }
        return Set.copyOf(graph.dependenciesOf(logicalId));
    }

    /** The resource's Properties with every intrinsic resolved; {@code AWS::NoValue} entries removed. */
    public JsonNode properties(String logicalId, ResourceAttributes attributes) {
        JsonNode resolved = resolver(attributes).resolve(declaration(logicalId).properties());
        // Properties: !If [Cond, {...}, !Ref AWS::NoValue] leaves no properties at all
        return resolved.isMissingNode() ? Json.NODES.objectNode() : resolved;
    }

    /** Values of the active outputs as text; lists are joined with commas. */
    public Map<String, String> outputs(ResourceAttributes attributes) {
        Map<String, String> values = new LinkedHashMap<>();
        activeOutputs().forEach((name, output) -> outputText(output.get("Value"), attributes)
                .ifPresent(value -> values.put(name, value)));
        return values;
    }

    /** Export name to value, for the active outputs that declare {@code Export: {Name: ...}}. */
    public Map<String, String> exports(ResourceAttributes attributes) {
        Map<String, String> exports = new LinkedHashMap<>();
        IntrinsicResolver resolver = resolver(attributes);
        activeOutputs().forEach((name, output) -> {
            JsonNode exportName = output.path("Export").get("Name");
            if (exportName != null) {
                outputText(output.get("Value"), attributes).ifPresent(value ->
                        exports.put(resolver.resolveText(exportName, "Export Name"), value));
            }
        });
        return exports;
    }

    private Optional<String> outputText(JsonNode value, ResourceAttributes attributes) {
        JsonNode resolved = resolver(attributes).resolve(value);
        if (resolved.isMissingNode()) {
            return Optional.empty();
        }
        if (resolved.isArray()) {
            List<String> items = new ArrayList<>();
            resolved.forEach(item -> items.add(Json.scalarText(item).orElse(item.toString())));
            return Optional.of(String.join(",", items));
        }
        return Optional.of(Json.scalarText(resolved).orElse(resolved.toString()));
    }

    private IntrinsicResolver resolver(ResourceAttributes attributes) {
        return IntrinsicResolver.forResources(stack, this::conditionInFnIf, attributes);
    }

    private boolean conditionInFnIf(String name) {
        if (!conditions.exists(name)) {
            throw new TemplateException("Template error: unresolved condition dependency " + name + " in Fn::If");
        }
        return conditions.holds(name);
    }

    private ResourceDeclaration declaration(String logicalId) {
        ResourceDeclaration declaration = resources.get(logicalId);
        if (declaration == null) {
            throw new IllegalArgumentException("Resource " + logicalId + " is not in the template; its resources are "
                    + resources.keySet());
        }
        return declaration;
    }

    private Map<String, JsonNode> activeOutputs() {
        Map<String, JsonNode> active = new LinkedHashMap<>();
        template.outputs().forEach((name, output) -> {
            boolean holds = Json.scalarText(output.get("Condition")).map(conditions::holds).orElse(true);
            if (holds) {
                active.put(name, output);
            }
        });
        return active;
    }

    /** Every Ref, GetAtt and Sub target must be declared, whatever the conditions say. */
    private void checkReferencesExist() {
        Set<String> unresolved = new LinkedHashSet<>();
        resources.values().forEach(resource -> {
            ReferenceCollector.References found = ReferenceCollector.everywhere(resource.properties());
            found.refs().stream().filter(name -> !isDeclared(name)).forEach(unresolved::add);
            found.attributeTargets().stream().filter(name -> !resources.containsKey(name)).forEach(unresolved::add);
            resource.dependsOn().stream().filter(name -> !resources.containsKey(name)).forEach(unresolved::add);
        });
        failIfUnresolved(unresolved, "Resources");
        Set<String> unresolvedInOutputs = new LinkedHashSet<>();
        template.outputs().values().forEach(output -> {
            ReferenceCollector.References found = ReferenceCollector.everywhere(output);
            found.refs().stream().filter(name -> !isDeclared(name)).forEach(unresolvedInOutputs::add);
            found.attributeTargets().stream().filter(name -> !resources.containsKey(name))
                    .forEach(unresolvedInOutputs::add);
        });
        failIfUnresolved(unresolvedInOutputs, "Outputs");
    }

    private void checkConditionNames() {
        Set<String> unknown = new LinkedHashSet<>();
        resources.values().forEach(resource -> {
            resource.condition().filter(name -> !conditions.exists(name)).ifPresent(unknown::add);
            ReferenceCollector.everywhere(resource.properties()).conditions().stream()
                    .filter(name -> !conditions.exists(name)).forEach(unknown::add);
        });
        if (!unknown.isEmpty()) {
            throw new TemplateException("Template format error: Unresolved condition dependencies " + unknown
                    + " in the Resources block of the template");
        }
        template.outputs().values().forEach(output -> {
            Json.scalarText(output.get("Condition")).filter(name -> !conditions.exists(name)).ifPresent(unknown::add);
            ReferenceCollector.everywhere(output).conditions().stream()
                    .filter(name -> !conditions.exists(name)).forEach(unknown::add);
        });
        if (!unknown.isEmpty()) {
            throw new TemplateException("Template format error: Unresolved condition dependencies " + unknown
                    + " in the Outputs block of the template");
        }
    }

    /**
     * The dependencies among active resources, following only the Fn::If branches that are taken. A reference
     * from an active resource to an inactive one fails as CloudFormation fails it: the inactive one does not exist.
     */
    private LinkedHashMap<String, Set<String>> activeDependencies() {
        LinkedHashMap<String, Set<String>> dependencies = new LinkedHashMap<>();
        Set<String> unresolved = new LinkedHashSet<>();
        for (ResourceDeclaration resource : resources.values()) {
            if (!isActive(resource.logicalId())) {
                continue;
            }
            Set<String> targets = new LinkedHashSet<>(
                    ReferenceCollector.selectedBranches(resource.properties(), conditions::holds).all());
            targets.addAll(resource.dependsOn());
            Set<String> onResources = new LinkedHashSet<>();
            for (String target : targets) {
                if (resources.containsKey(target)) {
                    (isActive(target) ? onResources : unresolved).add(target);
                }
            }
            dependencies.put(resource.logicalId(), onResources);
        }
        failIfUnresolved(unresolved, "Resources");
        return dependencies;
    }

    private void checkOutputReferences() {
        Set<String> unresolved = new LinkedHashSet<>();
        activeOutputs().values().forEach(output -> ReferenceCollector.selectedBranches(output, conditions::holds).all()
                .stream().filter(name -> resources.containsKey(name) && !isActive(name)).forEach(unresolved::add));
        failIfUnresolved(unresolved, "Outputs");
    }

    private boolean isDeclared(String name) {
        return Pseudo.isPseudo(name) || template.parameters().containsKey(name) || resources.containsKey(name);
    }

    private static void failIfUnresolved(Set<String> names, String block) {
        if (!names.isEmpty()) {
            throw new TemplateException("Template format error: Unresolved resource dependencies " + names
                    + " in the " + block + " block of the template");
        }
    }
}
