package io.firefly.operator.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateDefaultsTest {

    private static final String TABLE = """
            Parameters:
              TableName: {Type: String, Default: users}
              Capacity: {Type: Number, Default: 0123}
              Word: {Type: String, Default: y}
            Resources:
              Table: {Type: AWS::DynamoDB::Table, Properties: {TableName: !Ref TableName}}
            """;

    private final TemplateDefaults defaults = new TemplateDefaults();

    @Test
    void aTemplateIsReadOnceAndItsDefaultsAreThoseItsReadingGives() {
        Map<String, String> first = defaults.of(TABLE);

        assertThat(first).isEqualTo(CloudFormationYaml.parse(TABLE).parameterDefaults())
                .containsEntry("TableName", "users").containsEntry("Capacity", "83").doesNotContainKey("Word");
        assertThat(defaults.of(new String(TABLE.toCharArray())))
                .as("the same text, another String: the defaults remembered, not read again").isSameAs(first);
    }

    @Test
    void aChangedTemplateIsReadAgain() {
        Map<String, String> before = defaults.of(TABLE);

        Map<String, String> after = defaults.of(TABLE.replace("Default: users", "Default: accounts"));

        assertThat(after).containsEntry("TableName", "accounts");
        assertThat(defaults.of(TABLE)).isSameAs(before);
    }

    @Test
    void aTemplateThatDoesNotReadFailsEveryTimeItIsAsked() {
        String broken = "Parameters: {TableName: [unclosed";

        assertThatThrownBy(() -> defaults.of(broken)).isInstanceOf(TemplateFormatException.class);
        assertThatThrownBy(() -> defaults.of(broken)).isInstanceOf(TemplateFormatException.class);
    }

    @Test
    void theDefaultsCannotBeChangedByWhoeverAsked() {
        assertThatThrownBy(() -> defaults.of(TABLE).put("TableName", "other"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
