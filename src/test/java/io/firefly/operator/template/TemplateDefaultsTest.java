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
    void aStacksTemplateIsReadOnceAndItsDefaultsAreThoseItsReadingGives() {
        Map<String, String> first = defaults.of("uid-users", TABLE);

        assertThat(first).isEqualTo(CloudFormationYaml.parse(TABLE).parameterDefaults())
                .containsEntry("TableName", "users").containsEntry("Capacity", "83").doesNotContainKey("Word");
        assertThat(defaults.of("uid-users", new String(TABLE.toCharArray())))
                .as("the same text, another String: the defaults kept, not read again").isSameAs(first);
    }

    @Test
    void aChangedTemplateIsReadAgain() {
        defaults.of("uid-users", TABLE);

        Map<String, String> after = defaults.of("uid-users", TABLE.replace("Default: users", "Default: accounts"));

        assertThat(after).containsEntry("TableName", "accounts");
        assertThat(defaults.of("uid-users", TABLE)).containsEntry("TableName", "users");
    }

    @Test
    void eachStackKeepsItsOwnAndAStackForgottenIsReadAgain() {
        Map<String, String> users = defaults.of("uid-users", TABLE);
        Map<String, String> orders = defaults.of("uid-orders", TABLE.replace("Default: users", "Default: orders"));

        assertThat(defaults.of("uid-users", TABLE)).isSameAs(users);
        assertThat(defaults.of("uid-orders", TABLE.replace("Default: users", "Default: orders"))).isSameAs(orders);

        defaults.forget("uid-users");
        assertThat(defaults.of("uid-users", TABLE)).isNotSameAs(users).isEqualTo(users);
    }

    @Test
    void aTemplateThatDoesNotReadFailsEveryTimeItIsAsked() {
        String broken = "Parameters: {TableName: [unclosed";

        assertThatThrownBy(() -> defaults.of("uid-users", broken)).isInstanceOf(TemplateFormatException.class);
        assertThatThrownBy(() -> defaults.of("uid-users", broken)).isInstanceOf(TemplateFormatException.class);
    }

    @Test
    void theDefaultsCannotBeChangedByWhoeverAsked() {
        assertThatThrownBy(() -> defaults.of("uid-users", TABLE).put("TableName", "other"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
