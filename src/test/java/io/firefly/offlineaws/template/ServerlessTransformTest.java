package io.firefly.offlineaws.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerlessTransformTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String resource(String name) throws IOException {
        try (InputStream in = ServerlessTransformTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Template sam(String resources) {
        return Template.parse("Transform: AWS::Serverless-2016-10-31\nResources:\n" + resources);
    }

    /**
     * orders-sam.expanded.json is what aws-sam-translator 1.110.0 makes of orders-sam.yaml once the function's
     * Api event (which this transform ignores) is removed.
     */
    @Test
    void expandsFunctionsAndSimpleTablesAsSamDoes() throws IOException {
        Template template = Template.parse(resource("orders-sam.yaml"));

        Template expanded = template.expandServerless();

        assertThat(expanded.json()).isEqualTo(MAPPER.readTree(resource("orders-sam.expanded.json")));
        assertThat(expanded.body()).isEqualTo(template.body());
        assertThat(expanded.transforms()).containsExactly("AWS::Serverless-2016-10-31");
        assertThat(expanded.expandServerless()).isSameAs(expanded);
    }

    @Test
    void generatedRoleCarriesInlineStatementsAndTheDynamoDbPolicyTemplate() throws IOException {
        Template expanded = Template.parse(resource("orders-sam.yaml")).expandServerless();

        assertThat(expanded.resources().get("Handler").type()).isEqualTo("AWS::Lambda::Function");
        assertThat(expanded.resources().get("Handler").properties().path("Role"))
                .isEqualTo(MAPPER.readTree("{\"Fn::GetAtt\": [\"HandlerRole\", \"Arn\"]}"));
        JsonNode role = expanded.resources().get("HandlerRole").properties();
        assertThat(role.at("/AssumeRolePolicyDocument/Statement/0/Principal/Service/0").asText())
                .isEqualTo("lambda.amazonaws.com");
        assertThat(role.path("ManagedPolicyArns")).extracting(JsonNode::asText).containsExactly(
                "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
        assertThat(role.at("/Policies/0/PolicyName").asText()).isEqualTo("HandlerRolePolicy0");
        assertThat(role.at("/Policies/0/PolicyDocument/Statement/0/Action").asText()).isEqualTo("s3:GetObject");
        assertThat(role.at("/Policies/1/PolicyDocument/Statement/0/Action")).extracting(JsonNode::asText)
                .contains("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query");
        assertThat(expanded.resources()).doesNotContainKey("WorkerRole");
    }

    @Test
    void theExpandedStackResolvesTableArnsInTheRolePolicy() throws IOException {
        TemplateEvaluator evaluator = new TemplateEvaluator(Template.parse(resource("orders-sam.yaml")), Map.of(),
                PseudoParameters.of("eu-west-1", "123456789012", "orders", "stack-id"));
        ResourceAttributes attributes = new ResourceAttributes() {
            @Override
            public String ref(String logicalId) {
                return logicalId.toLowerCase();
            }

            @Override
            public String getAtt(String logicalId, String attribute) {
                return "arn:aws:iam::123456789012:role/" + logicalId;
            }
        };

        assertThat(evaluator.creationOrder()).containsExactly("Orders", "HandlerRole", "Handler", "Worker");
        JsonNode policy = evaluator.properties("HandlerRole", attributes).at("/Policies/1/PolicyDocument/Statement/0/Resource");
        assertThat(policy).extracting(JsonNode::asText).containsExactly(
                "arn:aws:dynamodb:eu-west-1:123456789012:table/orders",
                "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/*");
        JsonNode function = evaluator.properties("Handler", attributes);
        assertThat(function.at("/Environment/Variables")).isEqualTo(MAPPER.readTree("{\"STAGE\": \"dev\", \"TABLE\": \"orders\"}"));
        assertThat(function.path("FunctionName").asText()).isEqualTo("orders-dev");
    }

    @Test
    void capabilitiesFollowTheExpandedResources() {
        String function = """
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties: {Handler: a.b, Runtime: python3.12, InlineCode: x%s}
                """;
        assertThat(sam(function.formatted("")).requiredCapabilities())
                .containsExactly("CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND");
        assertThat(sam(function.formatted(", Role: arn:aws:iam::1:role/r")).requiredCapabilities())
                .containsExactly("CAPABILITY_AUTO_EXPAND");
        assertThat(Template.parse("""
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties: {RoleName: fixed, AssumeRolePolicyDocument: {}}
                """).requiredCapabilities()).containsExactly("CAPABILITY_NAMED_IAM");
        assertThat(Template.parse("Resources:\n  Q: {Type: AWS::SQS::Queue}\n").requiredCapabilities()).isEmpty();
    }

    @Test
    void globalsMergeMapsAddListsAndLetTheFunctionWin() {
        Template template = Template.parse("""
                Transform: AWS::Serverless-2016-10-31
                Globals:
                  Function:
                    Timeout: 10
                    MemorySize: 128
                    Environment: {Variables: {A: global, B: global}}
                    Layers: [g]
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.b
                      Runtime: python3.12
                      InlineCode: x
                      MemorySize: 512
                      Environment: {Variables: {B: own}}
                      Layers: [f]
                """).expandServerless();

        JsonNode properties = template.resources().get("Fn").properties();
        assertThat(properties.path("Timeout").asInt()).isEqualTo(10);
        assertThat(properties.path("MemorySize").asInt()).isEqualTo(512);
        assertThat(properties.at("/Environment/Variables/A").asText()).isEqualTo("global");
        assertThat(properties.at("/Environment/Variables/B").asText()).isEqualTo("own");
        assertThat(properties.path("Layers")).extracting(JsonNode::asText).containsExactly("g", "f");
        assertThat(template.json().has("Globals")).isFalse();
        assertThat(template.json().has("Transform")).isFalse();
    }

    @Test
    void codeUriMustPointAtS3() {
        Template local = sam("""
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties: {Handler: a.b, Runtime: python3.12, CodeUri: ./src}
                """);
        assertThatThrownBy(local::expandServerless).isInstanceOf(TemplateException.class).hasMessage(
                "Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless Application Specification document. "
                        + "Number of errors found: 1. Resource with id [Fn] is invalid. 'CodeUri' is not a valid S3 Uri "
                        + "of the form 's3://bucket/key' with optional versionId query parameter.");

        JsonNode code = sam("""
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties: {Handler: a.b, Runtime: python3.12, CodeUri: {Bucket: b, Key: k.zip}}
                """).expandServerless().resources().get("Fn").properties().path("Code");
        assertThat(code.path("S3Bucket").asText()).isEqualTo("b");
        assertThat(code.path("S3Key").asText()).isEqualTo("k.zip");
    }

    @Test
    void unsupportedServerlessPiecesAreNamed() {
        assertThatThrownBy(() -> sam("  Api:\n    Type: AWS::Serverless::Api\n").expandServerless())
                .hasMessageContaining("Resource with id [Api] is invalid. Resource type AWS::Serverless::Api is not supported");
        assertThatThrownBy(() -> sam("""
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.b
                      Runtime: python3.12
                      InlineCode: x
                      Policies: [{S3CrudPolicy: {BucketName: b}}]
                """).expandServerless())
                .hasMessageContaining("Policy at index 0 in the 'Policies' property is not valid");
        assertThatThrownBy(() -> sam("""
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties: {Handler: a.b, Runtime: python3.12}
                """).expandServerless())
                .hasMessageEndingWith("Either 'InlineCode' or 'CodeUri' must be set.");
    }
}
