package io.firefly.offlineaws.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TemplateParseTest {

    private static final String SHORT_FORMS = """
            AWSTemplateFormatVersion: 2010-09-09
            Description: every short form
            Parameters:
              Env:
                Type: String
                Default: dev
                AllowedValues: [dev, prod]
            Mappings:
              Sizes:
                dev: {Capacity: 1}
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
              IsDev: !Not [!Condition IsProd]
              Both: !And [!Condition IsDev, !Or [!Condition IsProd, !Condition IsDev]]
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                Condition: IsDev
                Properties:
                  TableName: !Sub '${AWS::StackName}-${Env}'
                  Arn1: !GetAtt Other.Arn
                  Arn2: !GetAtt [Other, Arn]
                  Address: !GetAtt Db.Endpoint.Address
                  Size: !FindInMap [Sizes, !Ref Env, Capacity]
                  Tags: !If [IsProd, [{Key: a, Value: b}], !Ref AWS::NoValue]
                  Zone: !Select [0, !GetAZs '']
                  Parts: !Split [',', 'a,b']
                  Joined: !Join ['-', [a, !Ref Env]]
                  Encoded: !Base64 hello
                  Imported: !ImportValue shared-vpc
                  Sub2: !Sub
                    - '${X}-1'
                    - X: !Ref Env
                  Ratio: 1.50
                  Count: 3
                  Enabled: true
                  Yes: yes
                  Nothing: null
            """;

    private static final String LONG_FORMS = """
            {
              "AWSTemplateFormatVersion": "2010-09-09",
              "Description": "every short form",
              "Parameters": {"Env": {"Type": "String", "Default": "dev", "AllowedValues": ["dev", "prod"]}},
              "Mappings": {"Sizes": {"dev": {"Capacity": 1}}},
              "Conditions": {
                "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
                "IsDev": {"Fn::Not": [{"Condition": "IsProd"}]},
                "Both": {"Fn::And": [{"Condition": "IsDev"}, {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "IsDev"}]}]}
              },
              "Resources": {
                "Table": {
                  "Type": "AWS::DynamoDB::Table",
                  "Condition": "IsDev",
                  "Properties": {
                    "TableName": {"Fn::Sub": "${AWS::StackName}-${Env}"},
                    "Arn1": {"Fn::GetAtt": ["Other", "Arn"]},
                    "Arn2": {"Fn::GetAtt": ["Other", "Arn"]},
                    "Address": {"Fn::GetAtt": ["Db", "Endpoint.Address"]},
                    "Size": {"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "Capacity"]},
                    "Tags": {"Fn::If": ["IsProd", [{"Key": "a", "Value": "b"}], {"Ref": "AWS::NoValue"}]},
                    "Zone": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
                    "Parts": {"Fn::Split": [",", "a,b"]},
                    "Joined": {"Fn::Join": ["-", ["a", {"Ref": "Env"}]]},
                    "Encoded": {"Fn::Base64": "hello"},
                    "Imported": {"Fn::ImportValue": "shared-vpc"},
                    "Sub2": {"Fn::Sub": ["${X}-1", {"X": {"Ref": "Env"}}]},
                    "Ratio": 1.50,
                    "Count": 3,
                    "Enabled": true,
                    "true": true,
                    "Nothing": null
                  }
                }
              }
            }
            """;

    @Test
    void yamlShortFormsAndJsonLongFormsGiveTheSameDocument() {
        JsonNode fromYaml = Template.parse(SHORT_FORMS).json();
        JsonNode fromJson = Template.parse(LONG_FORMS).json();

        assertThat(fromYaml).isEqualTo(fromJson);
        assertThat(fromYaml.path("AWSTemplateFormatVersion").isTextual()).as("a date stays text").isTrue();
        assertThat(fromYaml.at("/Resources/Table/Properties/true").booleanValue())
                .as("YAML 1.1, as CloudFormation reads it: yes is a boolean, as a key too").isTrue();
        assertThat(fromYaml.at("/Resources/Table/Properties/Ratio").decimalValue()).isEqualByComparingTo("1.50");
    }

    @Test
    void exposesSectionsAsDeclarations() {
        Template template = Template.parse(SHORT_FORMS);

        assertThat(template.body()).isEqualTo(SHORT_FORMS);
        assertThat(template.description()).contains("every short form");
        assertThat(template.transforms()).isEmpty();
        ParameterDeclaration env = template.parameters().get("Env");
        assertThat(env.type()).isEqualTo("String");
        assertThat(env.defaultValue()).contains("dev");
        assertThat(env.allowedValues()).containsExactly("dev", "prod");
        ResourceDeclaration table = template.resources().get("Table");
        assertThat(table.type()).isEqualTo("AWS::DynamoDB::Table");
        assertThat(table.condition()).contains("IsDev");
        assertThat(table.properties().path("Count").asInt()).isEqualTo(3);
    }

    @Test
    void resourceAttributesAndOutputsAreRead() {
        Template template = Template.parse("""
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                  Table:
                    Type: AWS::DynamoDB::Table
                    DependsOn: Queue
                    DeletionPolicy: Retain
                    UpdateReplacePolicy: Snapshot
                Outputs:
                  TableName:
                    Value: !Ref Table
                    Export: {Name: shared-table}
                """);

        ResourceDeclaration table = template.resources().get("Table");
        assertThat(table.dependsOn()).containsExactly("Queue");
        assertThat(table.deletionPolicy()).contains("Retain");
        assertThat(table.updateReplacePolicy()).contains("Snapshot");
        assertThat(template.resources().get("Queue").properties().isObject()).isTrue();
        assertThat(template.resources().get("Queue").properties().isEmpty()).isTrue();
        assertThat(template.outputs().get("TableName").at("/Export/Name").asText()).isEqualTo("shared-table");
        assertThat(template.withoutOutputs().outputs()).isEmpty();
        assertThat(template.outputs()).as("withoutOutputs leaves the original alone").hasSize(1);
    }

    @Test
    void returnedTreesAreCopies() {
        Template template = Template.parse(LONG_FORMS);

        ((com.fasterxml.jackson.databind.node.ObjectNode) template.json()).remove("Resources");
        ((com.fasterxml.jackson.databind.node.ObjectNode) template.resources().get("Table").properties()).removeAll();

        assertThat(template.json().has("Resources")).isTrue();
        assertThat(template.resources().get("Table").properties().has("TableName")).isTrue();
    }

    @Test
    void rejectsWhatCloudFormationRejects() {
        assertThatThrownBy(() -> Template.parse("- a\n- b\n"))
                .hasMessage("Template format error: unsupported structure.");
        assertThatThrownBy(() -> Template.parse("Description: nothing\n"))
                .hasMessage("Template format error: At least one Resources member must be defined.");
        assertThatThrownBy(() -> Template.parse("Resources:\n  A: {Type: AWS::SQS::Queue}\nOutput: {}\n"))
                .hasMessage("Template format error: Invalid template property or properties [Output]");
        assertThatThrownBy(() -> Template.parse("Resources:\n  Queue:\n    Properties: {}\n"))
                .hasMessage("Template format error: [/Resources/Queue] Every Resources object must contain a Type member.");
        assertThatThrownBy(() -> Template.parse("Resources:\n  A: {Type: AWS::SQS::Queue, Propertes: {}}\n"))
                .hasMessage("Template format error: Invalid template resource property 'Propertes'");
        assertThatThrownBy(() -> Template.parse("Resources:\n  A: [unclosed\n"))
                .hasMessageStartingWith("Template format error: YAML not well-formed. (line 3, column 1)");
        assertThatThrownBy(() -> Template.parse("{\"Resources\": {\"A\": {\"Type\": \"AWS::SQS::Queue\"}}"))
                .hasMessage("Template format error: JSON not well-formed. (line 1, column 49)");
        assertThatThrownBy(() -> Template.parse("Resources:\n  A: {Type: AWS::SQS::Queue}\n  A: {Type: AWS::SQS::Queue}\n"))
                .hasMessageStartingWith("Template format error: YAML not well-formed. Duplicate key 'A' (line 3");
        assertThatThrownBy(() -> Template.parse("Resources:\n  A: {Type: AWS::SQS::Queue, Properties: {N: !Base64 !Sub x}}\n"))
                .as("YAML allows one tag per node: the inner function needs its long form")
                .hasMessageStartingWith("Template format error: YAML not well-formed. (line 2");
        assertThatThrownBy(() -> Template.parse("Resources:\n  A: {Type: AWS::SQS::Queue, Properties: {N: !Reff X}}\n"))
                .hasMessageStartingWith("Template format error: YAML not well-formed. Unknown tag !Reff");
    }

    @Test
    void aBodyStartingWithABraceMayBeAYamlFlowMappingWithShortForms() {
        Template template = Template.parse("{Resources: {Q: {Type: AWS::SQS::Queue, Properties: {QueueName: !Ref AWS::StackName}}}}");

        assertThat(template.resources().get("Q").properties().path("QueueName").path("Ref").asText())
                .isEqualTo("AWS::StackName");
    }

    @Test
    void yamlScalarsAreTypedAsCloudFormationReadsThem() {
        JsonNode properties = Template.parse("""
                Resources:
                  Q:
                    Type: AWS::SQS::Queue
                    Properties:
                      Account: 012345678901
                      Octal: 0123
                      Quoted0123: "0123"
                      Big: 12345678901234
                      Exponent: 1.5e3
                      Word: on
                      Flag: False
                      Tilde: ~
                      Quoted: '42'
                """).resources().get("Q").properties();

        assertThat(properties.path("Account").asText()).as("not octal (8, 9): a float, written back as a Java double")
                .isEqualTo("1.2345678901E10");
        assertThat(properties.path("Octal").intValue()).isEqualTo(83);
        assertThat(properties.path("Quoted0123").asText()).isEqualTo("0123");
        assertThat(properties.path("Big").longValue()).isEqualTo(12345678901234L);
        assertThat(properties.path("Exponent").decimalValue()).isEqualByComparingTo("1500");
        assertThat(properties.path("Word").booleanValue()).isTrue();
        assertThat(properties.path("Flag").isBoolean()).isTrue();
        assertThat(properties.path("Tilde").isNull()).isTrue();
        assertThat(properties.path("Quoted").isTextual()).isTrue();
    }

    @Test
    void globalsAreASectionOnlyWithTheServerlessTransform() {
        assertThatThrownBy(() -> Template.parse("Globals: {}\nResources:\n  A: {Type: AWS::SQS::Queue}\n"))
                .hasMessage("Template format error: Invalid template property or properties [Globals]");

        Template serverless = Template.parse("Transform: AWS::Serverless-2016-10-31\nGlobals: {}\n"
                + "Resources:\n  A: {Type: AWS::SQS::Queue}\n");
        assertThat(serverless.transforms()).containsExactly("AWS::Serverless-2016-10-31");
    }

    @Test
    void yamlAnchorsAndMergeKeysAreExpanded() throws Exception {
        Template template = Template.parse("""
                Resources:
                  A:
                    Type: AWS::SQS::Queue
                    Properties: &defaults
                      DelaySeconds: 5
                      VisibilityTimeout: 30
                  B:
                    Type: AWS::SQS::Queue
                    Properties:
                      <<: *defaults
                      DelaySeconds: 10
                """);

        assertThat(template.resources().get("B").properties())
                .isEqualTo(new ObjectMapper().readTree("{\"DelaySeconds\": 10, \"VisibilityTimeout\": 30}"));
    }
}
