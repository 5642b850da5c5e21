package io.firefly.operator.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CloudFormationYamlTest {

    private static final String SCALARS = """
            AWSTemplateFormatVersion: 2010-09-09
            Parameters:
              Octal: {Type: String, Default: 0123}
              QuotedOctal: {Type: String, Default: "0123"}
              Account: {Type: String, Default: 012345678901}
              Word: {Type: String, Default: yes}
              QuotedWord: {Type: String, Default: 'yes'}
              Letter: {Type: String, Default: y}
              Exponent: {Type: Number, Default: 1e3}
              Decimal: {Type: Number, Default: 1.50}
              Date: {Type: String, Default: 2024-01-31}
              Empty: {Type: String, Default: ~}
            Resources:
              Queue: {Type: AWS::SQS::Queue}
            """;

    private static JsonNode defaultOf(JsonNode template, String parameter) {
        return template.path("Parameters").path(parameter).path("Default");
    }

    @Test
    void unquotedValuesAreTypedAsCloudFormationTypesThem() {
        JsonNode template = CloudFormationYaml.parse(SCALARS).json();

        assertThat(defaultOf(template, "Octal").asText()).as("YAML 1.1 octal").isEqualTo("83");
        assertThat(defaultOf(template, "QuotedOctal").asText()).isEqualTo("0123");
        assertThat(defaultOf(template, "Account").asText()).as("not octal: a double").isEqualTo("1.2345678901E10");
        assertThat(defaultOf(template, "Word").isBoolean()).isTrue();
        assertThat(defaultOf(template, "Word").asText()).isEqualTo("true");
        assertThat(defaultOf(template, "QuotedWord").asText()).isEqualTo("yes");
        assertThat(defaultOf(template, "Decimal").asText()).isEqualTo("1.5");
        assertThat(defaultOf(template, "Date").asText()).as("no timestamp type").isEqualTo("2024-01-31");
        assertThat(template.path("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");
        assertThat(defaultOf(template, "Empty").isNull()).isTrue();
    }

    @Test
    void formsNoRealStackHasShownAreReadBothWays() {
        CloudFormationTemplate template = CloudFormationYaml.parse(SCALARS);
        JsonNode likely = template.json();
        JsonNode alternative = template.json(ScalarReading.ALTERNATIVE);

        assertThat(defaultOf(likely, "Exponent").asText()).as("YAML 1.1 float").isEqualTo("1000.0");
        assertThat(defaultOf(alternative, "Exponent").asText()).as("no decimal point: text").isEqualTo("1e3");
        assertThat(defaultOf(likely, "Letter").asText()).as("not among YAML 1.1 parsers' booleans").isEqualTo("y");
        assertThat(defaultOf(alternative, "Letter").asText()).as("a boolean in the YAML 1.1 type list").isEqualTo("true");
        for (String observed : new String[] {"Octal", "Account", "Word", "Decimal", "Date"}) {
            assertThat(defaultOf(alternative, observed)).as(observed).isEqualTo(defaultOf(likely, observed));
        }
    }

    @Test
    void parameterDefaultsAreTheValuesAStackShowsAndLeaveOutWhatIsUncertain() {
        var defaults = CloudFormationYaml.parse(SCALARS).parameterDefaults();

        assertThat(defaults).containsEntry("Octal", "83").containsEntry("QuotedOctal", "0123").containsEntry("Word", "true")
                .containsEntry("Decimal", "1.5").containsEntry("Date", "2024-01-31");
        assertThat(defaults).as("read differently by the two readings, or no value").doesNotContainKeys("Exponent", "Letter", "Empty");
    }

    @Test
    void keysAreTypedLikeValuesSoAnUnquotedConditionNameStillMatches() {
        JsonNode template = CloudFormationYaml.parse("""
                Conditions:
                  Off: !Equals [a, b]
                Resources:
                  Queue: {Type: AWS::SQS::Queue, Condition: Off}
                """).json();

        assertThat(template.path("Conditions").has("false")).isTrue();
        assertThat(template.at("/Resources/Queue/Condition").asText()).isEqualTo("false");
    }

    @Test
    void shortFormsBecomeLongForms() throws Exception {
        JsonNode template = CloudFormationYaml.parse("""
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      TableName: !Sub "${Env}-users"
                      Pair: !Sub ["${Prefix}-${AWS::Region}", {Prefix: !Ref Env}]
                      Block:
                        Fn::Sub: ${AWS::StackName}-audit
                      Arn: !GetAtt Db.Endpoint.Address
                      Joined: !Join [",", [!Ref Env, !Select [0, !GetAZs ""]]]
                """).json();

        assertThat(template.at("/Resources/Table/Properties")).isEqualTo(new ObjectMapper().readTree("""
                {
                  "TableName": {"Fn::Sub": "${Env}-users"},
                  "Pair": {"Fn::Sub": ["${Prefix}-${AWS::Region}", {"Prefix": {"Ref": "Env"}}]},
                  "Block": {"Fn::Sub": "${AWS::StackName}-audit"},
                  "Arn": {"Fn::GetAtt": ["Db", "Endpoint.Address"]},
                  "Joined": {"Fn::Join": [",", [{"Ref": "Env"}, {"Fn::Select": [0, {"Fn::GetAZs": ""}]}]]}
                }
                """));
    }

    @Test
    void jsonTemplatesReadAsWrittenAndAsTheirYamlEquivalent() {
        CloudFormationTemplate json = CloudFormationYaml.parse("""
                {"Parameters": {"Env": {"Type": "String", "Default": "0123"}},
                 "Resources": {"Table": {"Type": "AWS::DynamoDB::Table",
                   "Properties": {"TableName": {"Fn::Sub": "${Env}-users"}, "Ratio": 1.50, "Enabled": true}}}}
                """);
        CloudFormationTemplate yaml = CloudFormationYaml.parse("""
                Parameters:
                  Env: {Type: String, Default: "0123"}
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                    Properties: {TableName: !Sub "${Env}-users", Ratio: 1.50, Enabled: yes}
                """);

        assertThat(json.format()).isEqualTo(CloudFormationTemplate.Format.JSON);
        assertThat(yaml.format()).isEqualTo(CloudFormationTemplate.Format.YAML);
        assertThat(defaultOf(json.json(), "Env").asText()).isEqualTo("0123");
        assertThat(json.json()).isEqualTo(yaml.json());
    }

    @Test
    void aBraceThatIsNotJsonIsAYamlFlowMapping() {
        CloudFormationTemplate template = CloudFormationYaml.parse("{Resources: {Q: {Type: AWS::SQS::Queue, Properties: {QueueName: !Ref AWS::StackName}}}}");

        assertThat(template.format()).isEqualTo(CloudFormationTemplate.Format.YAML);
        assertThat(template.json().at("/Resources/Q/Properties/QueueName/Ref").asText()).isEqualTo("AWS::StackName");
    }

    @Test
    void textThatIsNoTemplateIsRefusedWithCloudFormationsWords() {
        assertThatThrownBy(() -> CloudFormationYaml.parse("Resources:\n  A: [\n"))
                .isInstanceOf(TemplateFormatException.class)
                .hasMessageStartingWith("Template format error: YAML not well-formed. (line 3");
        assertThatThrownBy(() -> CloudFormationYaml.parse("{\"Resources\": {\"A\": {\"Type\": \"X\"}}"))
                .hasMessageStartingWith("Template format error: JSON not well-formed. (line 1");
        assertThatThrownBy(() -> CloudFormationYaml.parse("Resources:\n  A: !Reff B\n"))
                .hasMessageStartingWith("Template format error: YAML not well-formed. Unknown tag !Reff");
        assertThatThrownBy(() -> CloudFormationYaml.parse("- a\n- b\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the template is not a YAML or JSON mapping");
    }

    @Test
    void theTextIsKeptByteForByte() {
        String body = "# users\r\nResources:   # one table\r\n  Users: {Type: AWS::DynamoDB::Table}\r\n";

        assertThat(CloudFormationYaml.parse(body).text()).isSameAs(body);
    }
}
