package io.firefly.offlineaws.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateEvaluatorTest {

    private static final PseudoParameters PSEUDO = PseudoParameters.of("eu-west-1", "123456789012", "orders",
            "arn:aws:cloudformation:eu-west-1:123456789012:stack/orders/1");

    private static TemplateEvaluator evaluate(String body, Map<String, String> parameters) {
        return new TemplateEvaluator(Template.parse(body), parameters, PSEUDO);
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void subReplacesParametersPseudoParametersRefsAttributesAndKeepsEscapedLiterals() {
        TemplateEvaluator evaluator = evaluate("""
                Parameters:
                  Env: {Type: String}
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                  Table:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      TableName: !Sub '${AWS::StackName}-${Env}-${AWS::Region}-${AWS::AccountId}'
                      QueueUrl: !Sub 'queue ${Queue} arn ${Queue.Arn} literal ${!Env} partition ${AWS::Partition}.${AWS::URLSuffix}'
                      WithMap: !Sub
                        - '${Name}:${Env}'
                        - Name: !Join ['/', [!Ref Env, !GetAtt Queue.QueueName]]
                """, Map.of("Env", "prod"));

        JsonNode properties = evaluator.properties("Table", FakeAttributes.of("Queue"));

        assertThat(properties.path("TableName").asText()).isEqualTo("orders-prod-eu-west-1-123456789012");
        assertThat(properties.path("QueueUrl").asText())
                .isEqualTo("queue queue-physical arn arn:queue-physical:Arn literal ${Env} partition aws.amazonaws.com");
        assertThat(properties.path("WithMap").asText()).isEqualTo("prod/arn:queue-physical:QueueName:prod");
        assertThat(evaluator.dependenciesOf("Table")).containsExactly("Queue");
    }

    @Test
    void conditionsDecideResourcesBranchesAndNoValue() throws Exception {
        String body = """
                Parameters:
                  Env: {Type: String, AllowedValues: [dev, prod]}
                  Replicas: {Type: Number, Default: 1}
                Conditions:
                  IsProd: !Equals [!Ref Env, prod]
                  OneReplica: !Equals [!Ref Replicas, 1]
                  ProdWithOne: !And [!Condition IsProd, !Condition OneReplica]
                  NotProd: !Not [!Condition IsProd]
                  Any: !Or [!Condition IsProd, !Condition NotProd]
                Resources:
                  Backup:
                    Type: AWS::Backup::BackupVault
                    Condition: IsProd
                    Properties:
                      BackupVaultName: vault
                  Table:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      BillingMode: !If [IsProd, PROVISIONED, PAY_PER_REQUEST]
                      Vault: !If [IsProd, !Ref Backup, !Ref AWS::NoValue]
                      Tags:
                        - {Key: env, Value: !Ref Env}
                        - !If [IsProd, {Key: tier, Value: gold}, !Ref AWS::NoValue]
                """;

        TemplateEvaluator dev = evaluate(body, Map.of("Env", "dev"));
        assertThat(dev.conditionHolds("IsProd")).isFalse();
        assertThat(dev.conditionHolds("OneReplica")).as("Number parameter 1 equals the literal 1").isTrue();
        assertThat(dev.conditionHolds("ProdWithOne")).isFalse();
        assertThat(dev.conditionHolds("Any")).isTrue();
        assertThat(dev.isActive("Backup")).isFalse();
        assertThat(dev.creationOrder()).containsExactly("Table");
        assertThat(dev.properties("Table", FakeAttributes.of())).isEqualTo(json("""
                {"BillingMode": "PAY_PER_REQUEST", "Tags": [{"Key": "env", "Value": "dev"}]}"""));

        TemplateEvaluator prod = evaluate(body, Map.of("Env", "prod"));
        assertThat(prod.creationOrder()).containsExactly("Backup", "Table");
        assertThat(prod.properties("Table", FakeAttributes.of("Backup"))).isEqualTo(json("""
                {"BillingMode": "PROVISIONED", "Vault": "backup-physical",
                 "Tags": [{"Key": "env", "Value": "prod"}, {"Key": "tier", "Value": "gold"}]}"""));
    }

    @Test
    void referenceToAnInactiveResourceIsUnresolved() {
        assertThatThrownBy(() -> evaluate("""
                Parameters:
                  Env: {Type: String}
                Conditions:
                  IsProd: !Equals [!Ref Env, prod]
                Resources:
                  Backup:
                    Type: AWS::Backup::BackupVault
                    Condition: IsProd
                  Table:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      Vault: !Ref Backup
                """, Map.of("Env", "dev")))
                .hasMessage("Template format error: Unresolved resource dependencies [Backup] in the Resources block of the template");
    }

    @Test
    void creationOrderFollowsRefsAttributesSubAndDependsOnAndKeepsTemplateOrderOtherwise() {
        TemplateEvaluator evaluator = evaluate("""
                Resources:
                  Function:
                    Type: AWS::Lambda::Function
                    Properties:
                      Role: !GetAtt Role.Arn
                      Environment:
                        Variables:
                          TABLE: !Sub '${Table}'
                          STREAM: !Sub '${Table.StreamArn}'
                  Alarm:
                    Type: AWS::CloudWatch::Alarm
                    DependsOn: [Function]
                  Table:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      KmsKey: !Ref Key
                  Role:
                    Type: AWS::IAM::Role
                  Key:
                    Type: AWS::KMS::Key
                  Unrelated:
                    Type: AWS::SQS::Queue
                """, Map.of());

        assertThat(evaluator.creationOrder()).containsExactly("Role", "Key", "Table", "Function", "Alarm", "Unrelated");
        assertThat(evaluator.dependenciesOf("Function")).containsExactlyInAnyOrder("Role", "Table");
        assertThat(evaluator.dependenciesOf("Alarm")).containsExactly("Function");
    }

    @Test
    void cyclesAreReportedWithTheResourcesInThem() {
        assertThatThrownBy(() -> evaluate("""
                Resources:
                  A:
                    Type: AWS::SQS::Queue
                    Properties: {Name: !GetAtt B.Arn}
                  Outside:
                    Type: AWS::SQS::Queue
                    DependsOn: A
                  B:
                    Type: AWS::SQS::Queue
                    Properties: {Name: !Sub '${A}'}
                """, Map.of()))
                .hasMessage("Template error: Circular dependency between resources: [A, B]");
    }

    @Test
    void parameterErrorsUseCloudFormationTexts() {
        String body = """
                Parameters:
                  Env: {Type: String, AllowedValues: [dev, prod]}
                  Size: {Type: Number}
                  Name: {Type: String, Default: orders}
                Resources:
                  Queue: {Type: AWS::SQS::Queue}
                """;

        assertThatThrownBy(() -> evaluate(body, Map.of("Env", "dev", "Size", "1", "Colour", "red")))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Parameters: [Colour] do not exist in the template");
        assertThatThrownBy(() -> evaluate(body, Map.of()))
                .hasMessage("Parameters: [Env, Size] must have values");
        assertThatThrownBy(() -> evaluate(body, Map.of("Env", "test", "Size", "1")))
                .hasMessage("Parameter 'Env' must be one of AllowedValues");
        assertThatThrownBy(() -> evaluate(body, Map.of("Env", "dev", "Size", "big")))
                .hasMessage("Parameter 'Size' must be a number.");

        assertThat(evaluate(body, Map.of("Env", "dev", "Size", "2")).parameters())
                .containsExactly(Map.entry("Env", "dev"), Map.entry("Size", "2"), Map.entry("Name", "orders"));
    }

    @Test
    void unresolvedReferencesAreFoundBeforeParametersAreChecked() {
        assertThatThrownBy(() -> evaluate("""
                Parameters:
                  Env: {Type: String}
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                    Properties:
                      A: !Ref Missing
                      B: !GetAtt Gone.Arn
                      C: !Sub '${Lost}'
                """, Map.of()))
                .hasMessage("Template format error: Unresolved resource dependencies [Missing, Lost, Gone] in the Resources block of the template");
    }

    @Test
    void outputsAndExportsResolveActiveOutputsOnly() {
        TemplateEvaluator evaluator = new TemplateEvaluator(Template.parse("""
                Parameters:
                  Subnets: {Type: CommaDelimitedList, Default: 'a, b'}
                Conditions:
                  Never: !Equals [x, y]
                Resources:
                  Table: {Type: AWS::DynamoDB::Table}
                Outputs:
                  TableName:
                    Value: !Ref Table
                    Export: {Name: !Sub '${AWS::StackName}-table'}
                  TableArn:
                    Value: !GetAtt Table.Arn
                  SubnetList:
                    Value: !Ref Subnets
                  Vpc:
                    Value: !ImportValue network-vpc
                  Hidden:
                    Condition: Never
                    Value: hidden
                """), Map.of(), PSEUDO, name -> name.equals("network-vpc") ? Optional.of("vpc-1") : Optional.empty());

        FakeAttributes attributes = FakeAttributes.of("Table");
        assertThat(evaluator.outputs(attributes)).containsExactly(
                Map.entry("TableName", "table-physical"),
                Map.entry("TableArn", "arn:table-physical:Arn"),
                Map.entry("SubnetList", "a,b"),
                Map.entry("Vpc", "vpc-1"));
        assertThat(evaluator.exports(attributes)).containsExactly(Map.entry("orders-table", "table-physical"));
        assertThat(evaluator.parameters()).containsEntry("Subnets", "a, b");
    }

    @Test
    void conditionErrorsAreFoundBeforeAnythingIsCreated() {
        assertThatThrownBy(() -> evaluate("""
                Resources:
                  Q: {Type: AWS::SQS::Queue, Condition: Missing}
                """, Map.of()))
                .hasMessage("Template format error: Unresolved condition dependencies [Missing] in the Resources block of the template");
        assertThatThrownBy(() -> evaluate("""
                Conditions:
                  UsesResource: !Equals [!Ref Q, x]
                Resources:
                  Q: {Type: AWS::SQS::Queue}
                """, Map.of()))
                .hasMessage("Template format error: Unresolved dependencies [Q]. Cannot reference resources in the Conditions block of the template");
        assertThatThrownBy(() -> evaluate("""
                Conditions:
                  A: !Not [!Condition B]
                  B: !Not [!Condition A]
                Resources:
                  Q: {Type: AWS::SQS::Queue}
                """, Map.of()))
                .hasMessage("Template error: Circular dependency between conditions: [A, B]");
        assertThatThrownBy(() -> evaluate("""
                Resources:
                  Q:
                    Type: AWS::SQS::Queue
                    Properties: {DelaySeconds: !If [Nowhere, 1, 2]}
                """, Map.of()))
                .hasMessage("Template format error: Unresolved condition dependencies [Nowhere] in the Resources block of the template");
    }

    @Test
    void outputsMayNotReferenceInactiveResources() {
        assertThatThrownBy(() -> evaluate("""
                Conditions:
                  Off: !Equals [a, b]
                Resources:
                  Q: {Type: AWS::SQS::Queue, Condition: Off}
                  R: {Type: AWS::SQS::Queue}
                Outputs:
                  QueueUrl: {Value: !Ref Q}
                """, Map.of()))
                .hasMessage("Template format error: Unresolved resource dependencies [Q] in the Outputs block of the template");
    }
}
