package io.firefly.operator.api.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates FireflyStack manifests against the committed CRD the way kube-apiserver does when one is
 * created or updated, and returns the errors in the apiserver's words, one string per error, e.g.
 * <pre>
 * spec.stackName: Invalid value: "1bad": spec.stackName in body should match '^[a-zA-Z][-a-zA-Z0-9]*$'
 * spec.template: Required value
 * spec.deletionPolicy: Unsupported value: "Keep": supported values: "Delete", "Retain"
 * spec.stackName: Too long: may not be more than 128 bytes
 * spec.template: Invalid value: spec.template must set exactly one of body, configMapKeyRef or url: ...
 * </pre>
 * The wording is that of Kubernetes 1.35 and later (a failed CEL rule on an object or list shows no value;
 * 1.34 and older printed {@code Invalid value: "object"}, and before 1.32 a too long string read
 * {@code Too long: may not be longer than 128}).
 *
 * <p>The steps are the apiserver's: unknown fields are refused (kubectl's default strict field validation,
 * which stops the request before anything else); status is ignored (the CRD has a status subresource);
 * nulls are pruned and defaults applied; the OpenAPI schema is checked; when that found a type, required,
 * enum, too-long or too-many error the CEL rules are skipped with the apiserver's notice, otherwise they run.
 * On update, values that did not change are ratcheted like the apiserver does (Kubernetes 1.33+).
 * Metadata is not validated beyond what the schema's rules read.
 */
public final class CrdSchemaValidator {
    /** The CRD as committed; tests run with the project directory as working directory. */
    public static final Path COMMITTED_CRD = Path.of("deploy", "crds", "fireflystacks.firefly.io-v1.yml");

    private static final Set<String> OBJECT_ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");
    private static final String CEL_SKIPPED = "some validation rules were not checked because the object was"
            + " invalid; correct the existing errors to complete validation";

    private final SchemaNode schema;
    private final CelRuleCheck celRules;

    private CrdSchemaValidator(SchemaNode schema) {
        this.schema = schema;
        this.celRules = new CelRuleCheck(schema);
    }

    /** The validator for deploy/crds/fireflystacks.firefly.io-v1.yml, version v1alpha1. */
    public static CrdSchemaValidator forCommittedCrd() {
        return load(COMMITTED_CRD, "v1alpha1");
    }

    @SuppressWarnings("unchecked")
    public static CrdSchemaValidator load(Path crdFile, String version) {
        Map<String, Object> crd;
        try {
            crd = (Map<String, Object>) PlainValues.of(new ObjectMapper(new YAMLFactory()).readTree(crdFile.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CRD " + crdFile.toAbsolutePath(), e);
        }
        List<Map<String, Object>> versions = (List<Map<String, Object>>) ((Map<String, Object>) crd.get("spec")).get("versions");
        Map<String, Object> served = versions.stream()
                .filter(candidate -> version.equals(candidate.get("name")))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(crdFile + " has no version " + version));
        Map<String, Object> openApi = (Map<String, Object>) ((Map<String, Object>) served.get("schema")).get("openAPIV3Schema");
        return new CrdSchemaValidator(SchemaNode.parse(openApi, crdFile + " " + version + " openAPIV3Schema"));
    }

    /** The errors the apiserver would answer a create of {@code manifest} with; empty when it is accepted. */
    public List<String> validateCreate(Object manifest) {
        return validate(prepare(manifest), OldValue.NONE);
    }

    /**
     * The errors the apiserver would answer an update from {@code oldManifest} (as stored) to
     * {@code newManifest} with; empty when it is accepted.
     */
    public List<String> validateUpdate(Object oldManifest, Object newManifest) {
        Map<String, Object> old = prepare(oldManifest);
        Map<String, Object> updated = prepare(newManifest);
        return validate(updated, old);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> prepare(Object manifest) {
        if (!(PlainValues.of(manifest) instanceof Map<?, ?> object)) {
            throw new IllegalArgumentException("a manifest is a JSON object, not " + manifest);
        }
        Map<String, Object> copy = (Map<String, Object>) object;
        copy.remove("status");
        return copy;
    }

    private List<String> validate(Map<String, Object> object, Object old) {
        List<String> unknown = new ArrayList<>();
        unknownFields(object, schema, "", true, unknown);
        if (!unknown.isEmpty()) {
            return unknown;
        }
        StructuralDefaulting.apply(object, schema);
        if (old != OldValue.NONE) {
            StructuralDefaulting.apply(old, schema);
        }
        List<FieldError> errors = new ArrayList<>();
        OpenApiSchemaCheck.check(object, schema, FieldPath.root(), old, errors);
        if (errors.stream().anyMatch(error -> error.type().blocksCelRules())) {
            errors.add(FieldError.invalid("<nil>", null, CEL_SKIPPED));
        } else {
            celRules.check(object, old, errors);
        }
        return errors.stream().map(FieldError::toString).toList();
    }

    /** Fields the schema does not declare, worded like the apiserver's strict decoding error. */
    private static void unknownFields(Object value, SchemaNode node, String path, boolean root, List<String> unknown) {
        if (node == null || node.preserveUnknownFields()) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> {
                String name = (String) key;
                String childPath = path.isEmpty() ? name : path + "." + name;
                SchemaNode declared = node.properties().get(name);
                if (declared != null) {
                    unknownFields(child, declared, childPath, false, unknown);
                } else if (node.additionalProperties() != null) {
                    unknownFields(child, node.additionalProperties(), childPath, false, unknown);
                } else if (!(root && OBJECT_ROOT_FIELDS.contains(name))) {
                    unknown.add("unknown field \"" + childPath + "\"");
                }
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), node.items(), path + "[" + i + "]", false, unknown);
            }
        }
    }
}
