package io.firefly.operator.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firefly.operator.template.TemplateInspector.NamedTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateInspectorTest {

    private static final Map<String, String> PSEUDO = Map.of("AWS::Region", "eu-west-1", "AWS::StackName", "shop");

    private static TemplateInspector inspector(String body, Map<String, String> parameters) {
        return new TemplateInspector(CloudFormationYaml.parse(body), parameters, PSEUDO);
    }

    private static List<String> tableNames(String body, Map<String, String> parameters) {
        return inspector(body, parameters).namedTables().stream().map(NamedTable::tableName).toList();
    }

    private static String usersTable(String envDefault) {
        return """
                Parameters:
                  Env:
                    Type: String
                    Default: %s
                Resources:
                  Users:
                    Type: AWS::DynamoDB::Table
                    DeletionPolicy: Retain
                    Properties:
                      TableName: !Sub "${Env}-users"
                """.formatted(envDefault);
    }

    @Test
    void readsTableNamesAsCloudFormationWouldNameTheTables() {
        assertThat(tableNames(usersTable("dev"), Map.of())).containsExactly("dev-users");
        assertThat(tableNames(usersTable("dev"), Map.of("Env", "prod"))).as("a given value wins").containsExactly("prod-users");
        assertThat(tableNames(usersTable("0123"), Map.of())).as("YAML 1.1 octal").containsExactly("83-users");
        assertThat(tableNames(usersTable("\"0123\""), Map.of())).containsExactly("0123-users");
        assertThat(tableNames(usersTable("yes"), Map.of())).containsExactly("true-users");
        assertThat(tableNames(usersTable("2024-01-31"), Map.of())).as("no timestamp type").containsExactly("2024-01-31-users");
    }

    @Test
    void aNameThatDependsOnAnUncertainReadingIsNotGuessed() {
        assertThat(tableNames(usersTable("1e3"), Map.of())).as("1000.0-users or 1e3-users").isEmpty();
        assertThat(tableNames(usersTable("0x1A"), Map.of())).as("26-users or 0x1A-users").isEmpty();
        assertThat(tableNames(usersTable("y"), Map.of())).as("y-users or true-users").isEmpty();
        assertThat(tableNames(usersTable("1e3"), Map.of("Env", "qa"))).as("a given value is certain").containsExactly("qa-users");
    }

    @Test
    void followsEveryFormOfTableNameThatCreatesNothing() {
        String body = """
                Parameters:
                  Env: {Type: String, Default: dev}
                Resources:
                  Literal: {Type: AWS::DynamoDB::Table, Properties: {TableName: orders}}
                  Reference: {Type: AWS::DynamoDB::Table, Properties: {TableName: !Ref Env}}
                  Pseudo: {Type: AWS::DynamoDB::Table, Properties: {TableName: !Sub "${AWS::StackName}-${AWS::Region}"}}
                  Pair:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      TableName: !Sub ["${Prefix}-${Env}-${!Literal}", {Prefix: !Ref AWS::StackName}]
                  LongForm: {Type: AWS::DynamoDB::Table, Properties: {TableName: {"Fn::Sub": "${Env}-long"}}}
                  FromAttribute: {Type: AWS::DynamoDB::Table, Properties: {TableName: !Sub "${Other.Arn}-x"}}
                  Unnamed: {Type: AWS::DynamoDB::Table}
                  Queue: {Type: AWS::SQS::Queue, Properties: {QueueName: not-a-table}}
                """;

        assertThat(inspector(body, Map.of()).namedTables()).containsExactly(
                new NamedTable("Literal", "orders", false),
                new NamedTable("Reference", "dev", false),
                new NamedTable("Pseudo", "shop-eu-west-1", false),
                new NamedTable("Pair", "shop-dev-${Literal}", false),
                new NamedTable("LongForm", "dev-long", false));
    }

    @Test
    void readsJsonTemplates() {
        String body = """
                {
                  "Parameters": {"Env": {"Type": "String", "Default": "0123"}},
                  "Resources": {
                    "Users": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain",
                              "Properties": {"TableName": {"Fn::Sub": "${Env}-users"}}}
                  }
                }
                """;

        assertThat(inspector(body, Map.of()).namedTables()).containsExactly(new NamedTable("Users", "0123-users", true));
    }

    @Test
    void importBodyCutsOutputsAndOtherResourcesOutOfYamlKeepingEveryOtherLine() {
        String body = """
                # Shop tables: comments, quotes and odd spacing stay as written
                AWSTemplateFormatVersion: 2010-09-09
                Parameters:
                  Env:   {Type: String, Default: 0123}   # octal on purpose
                Resources:
                  # the audit log, created by the stack
                  Audit:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      BillingMode: PAY_PER_REQUEST

                      KeySchema: [{AttributeName: id, KeyType: HASH}]
                  # the users table, which may exist already
                  Users:
                    Type: 'AWS::DynamoDB::Table'
                    DeletionPolicy: Retain
                    Properties:
                      TableName: !Sub "${Env}-users"
                      Description: |
                        keeps
                          its block text
                  Topic: {Type: AWS::SNS::Topic}
                Outputs:
                  UsersArn:
                    Value: !GetAtt Users.Arn
                # trailing note
                """;

        String imported = inspector(body, Map.of()).importBody(Set.of("Users"));

        assertThat(imported).isEqualTo("""
                # Shop tables: comments, quotes and odd spacing stay as written
                AWSTemplateFormatVersion: 2010-09-09
                Parameters:
                  Env:   {Type: String, Default: 0123}   # octal on purpose
                Resources:
                  # the audit log, created by the stack
                  # the users table, which may exist already
                  Users:
                    Type: 'AWS::DynamoDB::Table'
                    DeletionPolicy: Retain
                    Properties:
                      TableName: !Sub "${Env}-users"
                      Description: |
                        keeps
                          its block text
                # trailing note
                """);
    }

    @Test
    void importBodyOfAYamlTemplateWithOutputsFirstAndWindowsLineEnds() {
        String body = "Outputs:\r\n  A: {Value: x}\r\nResources:\r\n  Users: {Type: AWS::DynamoDB::Table}\r\n"
                + "  Other: {Type: AWS::SNS::Topic}\r\n";

        assertThat(inspector(body, Map.of()).importBody(Set.of("Users")))
                .isEqualTo("Resources:\r\n  Users: {Type: AWS::DynamoDB::Table}\r\n");
    }

    @Test
    void importBodyCutsASequenceWrittenAtItsKeysIndentAndATemplateWithoutFinalLineBreak() {
        String body = "Resources:\n  Other:\n    Type: AWS::SNS::Topic\n    DependsOn:\n    - Users\n    - Audit\n"
                + "  Users: {Type: AWS::DynamoDB::Table}\nOutputs:\n  A:\n    Value: x";

        assertThat(inspector(body, Map.of()).importBody(Set.of("Users")))
                .isEqualTo("Resources:\n  Users: {Type: AWS::DynamoDB::Table}\n");
    }

    @Test
    void importBodyCutsMembersOfYamlFlowMappings() {
        String body = "Resources: {A: {Type: AWS::SNS::Topic}, Users: {Type: AWS::DynamoDB::Table},  B: {Type: AWS::SNS::Topic}}\n"
                + "Outputs: {X: {Value: !Ref A}}\n";

        assertThat(inspector(body, Map.of()).importBody(Set.of("Users")))
                .isEqualTo("Resources: {Users: {Type: AWS::DynamoDB::Table}}\n");
    }

    @Test
    void importBodyCutsJsonMembersAndTheirCommasKeepingTheLayout() {
        String body = """
                {
                \t"Description" : "tabs and spaces stay",
                \t"Outputs": { "Arn": { "Value": { "Fn::GetAtt": ["Users", "Arn"] } } },
                \t"Resources": {
                \t\t"Audit": { "Type": "AWS::DynamoDB::Table" },
                \t\t"Users": {
                \t\t\t"Type": "AWS::DynamoDB::Table",   "DeletionPolicy": "Retain"
                \t\t},
                \t\t"Topic": { "Type": "AWS::SNS::Topic" },
                \t\t"Queue": { "Type": "AWS::SQS::Queue" }
                \t}
                }
                """;

        String imported = inspector(body, Map.of()).importBody(Set.of("Users"));

        assertThat(imported).isEqualTo("""
                {
                \t"Description" : "tabs and spaces stay",
                \t"Resources": {
                \t\t"Users": {
                \t\t\t"Type": "AWS::DynamoDB::Table",   "DeletionPolicy": "Retain"
                \t\t}
                \t}
                }
                """);
    }

    @Test
    void importBodyOfJsonWithOutputsLast() {
        String body = "{\"Resources\": {\"Users\": {\"Type\": \"AWS::DynamoDB::Table\"}},\n \"Outputs\": {\"A\": {\"Value\": \"x\"}}\n}";

        assertThat(inspector(body, Map.of()).importBody(Set.of("Users")))
                .isEqualTo("{\"Resources\": {\"Users\": {\"Type\": \"AWS::DynamoDB::Table\"}}\n}");
    }

    @Test
    void importBodyIsATemplateOfTheImportedResourcesOnly() {
        String body = usersTable("0123") + """
                  Audit: {Type: AWS::DynamoDB::Table}
                Outputs:
                  Name: {Value: !Ref Users}
                """;

        JsonNode imported = CloudFormationYaml.parse(inspector(body, Map.of()).importBody(Set.of("Users"))).json();

        assertThat(imported.has("Outputs")).isFalse();
        assertThat(imported.path("Resources").fieldNames()).toIterable().containsExactly("Users");
        assertThat(imported.at("/Parameters/Env/Default").asText()).as("read as CloudFormation will").isEqualTo("83");
    }
}
