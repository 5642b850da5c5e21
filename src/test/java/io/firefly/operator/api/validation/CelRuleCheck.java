package io.firefly.operator.api.validation;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CRD's x-kubernetes-validations, compiled once with Google's CEL-Java and evaluated the way
 * apiextensions-apiserver does: each rule on every present (non-null) value of its schema node, {@code self}
 * bound to that value, the root seeing apiVersion, kind and metadata.name/generateName; rules that use
 * {@code oldSelf} (transition rules) only on update and only where an old value pairs with the new one.
 * On update, a failed rule without oldSelf on a value that did not change is dropped (ratcheting).
 *
 * <p>Types: objects are {@code map(string, dyn)}, not the apiserver's object types, so a rule that names a
 * field the schema lacks compiles here and fails at evaluation instead. The runtime cost budget is not
 * counted. Libraries: the standard ones plus strings and sets; a rule using another Kubernetes library
 * (quantity, url, ip, isSorted...) fails to compile here and stops the test loudly.
 */
final class CelRuleCheck {
    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .build();

    private static final Pattern MISSING_KEY =
            Pattern.compile("evaluation error at \\S+: key '(.*)' is not present in map\\.");

    private record CompiledRule(SchemaNode.ValidationRule rule, CelRuntime.Program program, boolean usesOldSelf,
                                List<String> fieldPath) {
    }

    private final SchemaNode root;
    private final Map<SchemaNode, List<CompiledRule>> rulesByNode = new IdentityHashMap<>();
    private final Map<CelType, Cel> environments = new HashMap<>();

    CelRuleCheck(SchemaNode root) {
        this.root = root;
        compile(root, "openAPIV3Schema", false);
    }

    /** Adds the failed rules' errors; {@code old} is {@link OldValue#NONE} on create. */
    void check(Map<String, Object> object, Object old, List<FieldError> errors) {
        node(rootView(object), root, FieldPath.root(), old == OldValue.NONE ? old : rootView(old), false, errors);
    }

    private void compile(SchemaNode node, String where, boolean underListItem) {
        List<CompiledRule> compiled = new ArrayList<>();
        for (SchemaNode.ValidationRule rule : node.rules()) {
            compiled.add(compile(node, rule, where, underListItem));
        }
        rulesByNode.put(node, compiled);
        node.properties().forEach((name, child) -> compile(child, where + ".properties." + name, underListItem));
        if (node.additionalProperties() != null) {
            compile(node.additionalProperties(), where + ".additionalProperties", underListItem);
        }
        if (node.items() != null) {
            compile(node.items(), where + ".items", true);
        }
    }

    private CompiledRule compile(SchemaNode node, SchemaNode.ValidationRule rule, String where, boolean underListItem) {
        Cel cel = environments.computeIfAbsent(celType(node), CelRuleCheck::environment);
        CelAbstractSyntaxTree ast;
        try {
            ast = cel.compile(rule.rule()).getAst();
        } catch (CelValidationException e) {
            throw new IllegalArgumentException("rule '" + rule.rule() + "' at " + where + " does not compile: "
                    + e.getMessage(), e);
        }
        boolean usesOldSelf = CelNavigableAst.fromAst(ast).getRoot().allNodes().anyMatch(expr ->
                expr.getKind() == CelExpr.ExprKind.Kind.IDENT && "oldSelf".equals(expr.expr().ident().name()));
        if (usesOldSelf && underListItem) {
            // the apiserver refuses such a CRD: list items have no old value to compare with
            throw new IllegalArgumentException("rule '" + rule.rule() + "' at " + where
                    + " uses oldSelf under a list item, where the apiserver cannot pair old and new values");
        }
        try {
            return new CompiledRule(rule, cel.createProgram(ast), usesOldSelf, fieldPath(node, rule, where));
        } catch (CelEvaluationException e) {
            throw new IllegalArgumentException("rule '" + rule.rule() + "' at " + where + ": " + e.getMessage(), e);
        }
    }

    /** Building an environment is the slow part, so rules whose self has the same type share one. */
    private static Cel environment(CelType selfType) {
        return CelFactory.standardCelBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addCompilerLibraries(CelExtensions.strings(), CelExtensions.sets(OPTIONS))
                .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.sets(OPTIONS))
                .addVar("self", selfType)
                .addVar("oldSelf", selfType)
                .build();
    }

    /** The rule's fieldPath (".spec.dependsOn") as field names, checked against the schema as the apiserver does. */
    private static List<String> fieldPath(SchemaNode node, SchemaNode.ValidationRule rule, String where) {
        if (rule.fieldPath() == null || rule.fieldPath().isEmpty()) {
            return List.of();
        }
        if (!rule.fieldPath().matches("(\\.[A-Za-z_][A-Za-z0-9_-]*)+")) {
            throw new IllegalArgumentException("fieldPath '" + rule.fieldPath() + "' at " + where
                    + ": only .field.field paths are implemented by CrdSchemaValidator");
        }
        List<String> names = List.of(rule.fieldPath().substring(1).split("\\."));
        SchemaNode current = node;
        for (String name : names) {
            current = current.properties().get(name);
            if (current == null) {
                throw new IllegalArgumentException("fieldPath '" + rule.fieldPath() + "' at " + where
                        + " does not refer to a field of the schema");
            }
        }
        return names;
    }

    private void node(Object value, SchemaNode schema, FieldPath path, Object old, boolean parentUnchanged,
                      List<FieldError> errors) {
        if (value == null) {
            return;
        }
        boolean unchanged = old == OldValue.NONE ? parentUnchanged : Objects.equals(old, value);
        for (CompiledRule compiled : rulesByNode.get(schema)) {
            if (compiled.usesOldSelf() && old == OldValue.NONE) {
                continue;
            }
            evaluate(compiled, value, old, schema, path, unchanged, errors);
        }
        if (value instanceof List<?> list && schema.items() != null) {
            for (int i = 0; i < list.size(); i++) {
                node(list.get(i), schema.items(), path.index(i), OldValue.NONE, unchanged, errors);
            }
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> {
                SchemaNode property = schema.properties().get((String) key);
                if (property != null) {
                    node(child, property, path.child((String) key), OldValue.child(old, key), unchanged, errors);
                } else if (schema.additionalProperties() != null) {
                    node(child, schema.additionalProperties(), path.key((String) key), OldValue.child(old, key),
                            unchanged, errors);
                }
            });
        }
    }

    private void evaluate(CompiledRule compiled, Object value, Object old, SchemaNode schema, FieldPath path,
                          boolean unchanged, List<FieldError> errors) {
        SchemaNode.ValidationRule rule = compiled.rule();
        Map<String, Object> variables = new HashMap<>();
        variables.put("self", value);
        if (compiled.usesOldSelf()) {
            variables.put("oldSelf", old);
        }
        Object result;
        try {
            result = compiled.program().eval(variables);
        } catch (CelEvaluationException e) {
            errors.add(FieldError.invalid(path.toString(), schema.type(),
                    celGoWording(e.getMessage()) + " evaluating rule: " + ruleErrorString(rule)));
            return;
        }
        if (Boolean.TRUE.equals(result)) {
            return;
        }
        if (!compiled.usesOldSelf() && unchanged) {
            // ratcheting: the apiserver turns this into a warning, the update goes through
            return;
        }
        FieldPath errorPath = path;
        for (String name : compiled.fieldPath()) {
            errorPath = errorPath.child(name);
        }
        Object shown = "object".equals(schema.type()) || "array".equals(schema.type()) ? FieldError.OMITTED : value;
        String detail = rule.message() == null || rule.message().isBlank()
                ? "failed rule: " + ruleErrorString(rule) : rule.message().trim();
        errors.add(errorForReason(rule.reason(), errorPath.toString(), shown, detail));
    }

    /**
     * The apiserver runs cel-go; CEL-Java words the most common runtime error, reading a field that is not
     * there, differently. Other runtime errors keep CEL-Java's words.
     */
    private static String celGoWording(String message) {
        Matcher missingKey = MISSING_KEY.matcher(message);
        return missingKey.matches() ? "no such key: " + missingKey.group(1) : message;
    }

    private static FieldError errorForReason(String reason, String field, Object value, String detail) {
        if (reason == null) {
            return FieldError.invalid(field, value, detail);
        }
        return switch (reason) {
            case "FieldValueForbidden" -> FieldError.forbidden(field, detail);
            case "FieldValueRequired" -> FieldError.required(field, detail);
            case "FieldValueDuplicate" -> FieldError.duplicate(field, value);
            default -> FieldError.invalid(field, value, detail);
        };
    }

    private static String ruleErrorString(SchemaNode.ValidationRule rule) {
        return rule.message() == null || rule.message().isBlank() ? rule.rule().trim() : rule.message().trim();
    }

    /** What a root-level rule sees of the object: metadata is reduced to name and generateName. */
    @SuppressWarnings("unchecked")
    private static Object rootView(Object object) {
        if (!(object instanceof Map<?, ?> map)) {
            return object;
        }
        Map<String, Object> view = new LinkedHashMap<>((Map<String, Object>) map);
        if (view.get("metadata") instanceof Map<?, ?> metadata) {
            Map<String, Object> visible = new LinkedHashMap<>();
            for (String field : List.of("name", "generateName")) {
                if (metadata.containsKey(field)) {
                    visible.put(field, metadata.get(field));
                }
            }
            view.put("metadata", visible);
        }
        return view;
    }

    private static CelType celType(SchemaNode node) {
        if (node.type() == null) {
            return SimpleType.DYN;
        }
        return switch (node.type()) {
            case "object" -> MapType.create(SimpleType.STRING,
                    node.additionalProperties() == null ? SimpleType.DYN : celType(node.additionalProperties()));
            case "array" -> ListType.create(node.items() == null ? SimpleType.DYN : celType(node.items()));
            case "string" -> SimpleType.STRING;
            case "integer" -> SimpleType.INT;
            case "number" -> SimpleType.DOUBLE;
            case "boolean" -> SimpleType.BOOL;
            default -> SimpleType.DYN;
        };
    }
}
