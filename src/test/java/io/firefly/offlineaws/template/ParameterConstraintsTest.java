package io.firefly.offlineaws.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterConstraintsTest {

    private static final PseudoParameters PSEUDO = PseudoParameters.of("eu-west-1", "123456789012", "s", "id");

    private static TemplateEvaluator bind(String parameter, String value) {
        Template template = Template.parse("Parameters:\n  P: " + parameter + "\nResources:\n  Q: {Type: AWS::SQS::Queue}\n");
        return new TemplateEvaluator(template, value == null ? Map.of() : Map.of("P", value), PSEUDO);
    }

    @Test
    void stringConstraints() {
        assertThatThrownBy(() -> bind("{Type: String, AllowedPattern: '[a-z]+'}", "Abc"))
                .hasMessage("Parameter 'P' must match pattern [a-z]+");
        assertThatThrownBy(() -> bind("{Type: String, MinLength: 3}", "ab"))
                .hasMessage("Parameter 'P' must contain at least 3 characters");
        assertThatThrownBy(() -> bind("{Type: String, MaxLength: 3}", "abcd"))
                .hasMessage("Parameter 'P' must contain at most 3 characters");
        assertThat(bind("{Type: String, AllowedPattern: '[a-z]+', MinLength: 1, MaxLength: 3}", "abc").parameters())
                .containsEntry("P", "abc");
    }

    @Test
    void numberConstraints() {
        assertThatThrownBy(() -> bind("{Type: Number, MinValue: 1}", "0"))
                .hasMessage("Parameter 'P' must be a number not less than 1");
        assertThatThrownBy(() -> bind("{Type: Number, MaxValue: 10}", "10.5"))
                .hasMessage("Parameter 'P' must be a number not greater than 10");
        assertThatThrownBy(() -> bind("{Type: 'List<Number>'}", "1,two"))
                .hasMessage("Parameter 'P' must be a number.");
        assertThat(bind("{Type: Number, MinValue: 1, MaxValue: 10}", "10").parameters()).containsEntry("P", "10");
    }

    @Test
    void constraintDescriptionReplacesTheReason() {
        assertThatThrownBy(() -> bind("{Type: String, AllowedPattern: '\\\\w+', ConstraintDescription: use word characters}", "a b"))
                .hasMessage("Parameter P failed to satisfy constraint: use word characters");
    }

    @Test
    void everyMemberOfAListIsChecked() {
        assertThatThrownBy(() -> bind("{Type: CommaDelimitedList, AllowedValues: [a, b]}", "a,c"))
                .hasMessage("Parameter 'P' must be one of AllowedValues");
        assertThat(bind("{Type: CommaDelimitedList, AllowedValues: [a, b]}", "a, b").parameters())
                .containsEntry("P", "a, b");
    }

    @Test
    void defaultsAreCheckedToo() {
        assertThatThrownBy(() -> bind("{Type: String, Default: x, AllowedValues: [a, b]}", null))
                .hasMessage("Parameter 'P' must be one of AllowedValues");
        assertThat(bind("{Type: Number, Default: 5}", null).parameters()).containsEntry("P", "5");
    }

    @Test
    void declarationsAreReadFromTheTemplate() {
        ParameterDeclaration declaration = Template.parse("""
                Parameters:
                  Secret: {Type: String, NoEcho: true, Description: the password, Default: ''}
                  Ports: {Type: CommaDelimitedList, Default: [80, 443]}
                Resources:
                  Q: {Type: AWS::SQS::Queue}
                """).parameters().get("Secret");

        assertThat(declaration.noEcho()).isTrue();
        assertThat(declaration.description()).isEqualTo("the password");
        assertThat(declaration.defaultValue()).contains("");
        assertThatThrownBy(() -> Template.parse("Parameters:\n  P: {Default: x}\nResources:\n  Q: {Type: AWS::SQS::Queue}\n"))
                .hasMessage("Template format error: Every Parameters object must contain a Type member.");
        assertThatThrownBy(() -> Template.parse("Parameters:\n  P: {Type: Strin}\nResources:\n  Q: {Type: AWS::SQS::Queue}\n"))
                .hasMessage("Template format error: Unrecognized parameter type: Strin");
    }
}
