package io.firefly.operator.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validator's own behaviour, on a small CRD that uses what FireflyStack's does not (yet): defaults that
 * CEL rules depend on, maps, list limits, rules on strings, and updates of objects stored before a rule
 * existed. Each expectation is the apiserver's (Kubernetes 1.35+) answer.
 */
class CrdSchemaValidatorTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String CEL_SKIPPED = "<nil>: Invalid value: null: some validation rules were not checked"
            + " because the object was invalid; correct the existing errors to complete validation";
    private static final String WIDGET_SCHEMA = """
            type: object
            properties:
              spec:
                type: object
                x-kubernetes-validations:
                - rule: "self.mode != 'Slow' || !has(self.replicas) || self.replicas <= 3"
                  message: "spec.replicas may be at most 3 in Slow mode"
                properties:
                  mode: {type: string, default: Slow, enum: [Fast, Slow]}
                  replicas: {type: integer}
                  name:
                    type: string
                    x-kubernetes-validations:
                    - rule: "self == self.lowerAscii()"
                      message: "spec.name must be lowercase"
                  labels:
                    type: object
                    additionalProperties: {type: string, maxLength: 5}
                  zones:
                    type: array
                    maxItems: 2
                    items: {type: string}
                    x-kubernetes-validations:
                    - rule: "self.all(z, z.startsWith('eu-'))"
            """;

    @TempDir
    Path dir;

    private CrdSchemaValidator widgets;

    @BeforeEach
    void loadWidgetCrd() throws IOException {
        widgets = CrdSchemaValidator.load(crd(WIDGET_SCHEMA), "v1");
    }

    @Test
    void defaultsAreAppliedBeforeTheRulesRun() {
        assertThat(widgets.validateCreate(widget("{replicas: 5}"))).containsExactly(
                "spec: Invalid value: spec.replicas may be at most 3 in Slow mode");
        assertThat(widgets.validateCreate(widget("{mode: Fast, replicas: 5}"))).isEmpty();
    }

    @Test
    void aNullFieldIsDroppedThenDefaulted() {
        assertThat(widgets.validateCreate(widget("{mode: null, replicas: 5}"))).containsExactly(
                "spec: Invalid value: spec.replicas may be at most 3 in Slow mode");
    }

    @Test
    void aWrongTypeIsReportedAndTheRulesAreSkipped() {
        assertThat(widgets.validateCreate(widget("{replicas: three, name: Web}"))).containsExactly(
                "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"",
                CEL_SKIPPED);
    }

    @Test
    void mapEntriesAreNamedWithDots() {
        assertThat(widgets.validateCreate(widget("{labels: {team: platform}}"))).containsExactly(
                "spec.labels.team: Too long: may not be more than 5 bytes", CEL_SKIPPED);
    }

    @Test
    void aListOverItsLimitIsTooMany() {
        assertThat(widgets.validateCreate(widget("{zones: [eu-west-1, eu-west-2, eu-west-3]}"))).containsExactly(
                "spec.zones: Too many: 3: must have at most 2 items", CEL_SKIPPED);
    }

    @Test
    void aFailedRuleOnAStringShowsTheValueAndOneWithoutMessageShowsTheRule() {
        assertThat(widgets.validateCreate(widget("{name: Web, zones: [us-east-1]}"))).containsExactly(
                "spec.name: Invalid value: \"Web\": spec.name must be lowercase",
                "spec.zones: Invalid value: failed rule: self.all(z, z.startsWith('eu-'))");
    }

    @Test
    void anUpdateKeepsAValueStoredBeforeTheRuleButRefusesAChangedOne() {
        Map<String, Object> stored = widget("{name: Web, labels: {team: platform}, replicas: 1}");

        assertThat(widgets.validateUpdate(stored, widget("{name: Web, labels: {team: platform}, replicas: 2}")))
                .isEmpty();
        assertThat(widgets.validateUpdate(stored, widget("{name: Api, labels: {team: platform}, replicas: 2}")))
                .containsExactly("spec.name: Invalid value: \"Api\": spec.name must be lowercase");
    }

    @Test
    void aRuleThatCannotBeEvaluatedIsAnErrorNamingTheRule() throws IOException {
        CrdSchemaValidator unguarded = CrdSchemaValidator.load(crd("""
                type: object
                properties:
                  spec:
                    type: object
                    x-kubernetes-validations: [{rule: "self.replicas > 0"}]
                    properties:
                      replicas: {type: integer}
                """), "v1");

        assertThat(unguarded.validateCreate(widget("{}"))).containsExactly(
                "spec: Invalid value: \"object\": no such key: replicas evaluating rule: self.replicas > 0");
    }

    @Test
    void aKeywordItDoesNotImplementStopsTheLoad() throws IOException {
        Path crd = crd("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      created: {type: string, format: date-time}
                """);

        assertThatThrownBy(() -> CrdSchemaValidator.load(crd, "v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[format]")
                .hasMessageContaining("properties.spec.properties.created");
    }

    @Test
    void aTransitionRuleUnderAListItemIsRefusedLikeTheApiserverDoes() throws IOException {
        Path crd = crd("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      names:
                        type: array
                        items:
                          type: string
                          x-kubernetes-validations: [{rule: "self == oldSelf"}]
                """);

        assertThatThrownBy(() -> CrdSchemaValidator.load(crd, "v1"))
                .hasMessageContaining("uses oldSelf under a list item");
    }

    @SuppressWarnings("unchecked")
    /** A Widget whose spec is the given YAML flow mapping. */
    private static Map<String, Object> widget(String spec) {
        try {
            return YAML.readValue("""
                    apiVersion: example.com/v1
                    kind: Widget
                    metadata: {name: w}
                    spec: %s
                    """.formatted(spec), Map.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(spec, e);
        }
    }

    private Path crd(String openApiSchema) throws IOException {
        String indented = openApiSchema.indent(8);
        Path file = dir.resolve("widgets.yml");
        Files.writeString(file, """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com}
                spec:
                  group: example.com
                  names: {kind: Widget, plural: widgets}
                  scope: Namespaced
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                """ + indented);
        return file;
    }
}
