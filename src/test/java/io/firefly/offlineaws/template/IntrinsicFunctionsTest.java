package io.firefly.offlineaws.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrinsicFunctionsTest {

    private static final PseudoParameters PSEUDO = PseudoParameters.of("us-east-2", "111122223333", "shop",
            "arn:aws:cloudformation:us-east-2:111122223333:stack/shop/9");

    /** The resolved Properties of resource R in a template whose Resources block is the given text. */
    private static JsonNode resolve(String resources, Map<String, String> parameters, String parametersBlock) {
        String body = parametersBlock + """
                Mappings:
                  Regions:
                    us-east-2: {Ami: ami-123, Zones: [x, y]}
                Resources:
                """ + resources;
        TemplateEvaluator evaluator = new TemplateEvaluator(Template.parse(body), parameters, PSEUDO);
        return evaluator.properties("R", FakeAttributes.of("Other"));
    }

    private static JsonNode resolve(String properties) {
        return resolve("""
                  Other: {Type: AWS::SQS::Queue}
                  R:
                    Type: AWS::SQS::Queue
                    Properties:
                """ + properties.indent(6), Map.of(), "");
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void listFunctionsSelectSplitJoinAndGetAZs() {
        JsonNode properties = resolve("""
                Second: !Select [1, !Split ['/', 'a/b/c']]
                Zones: !GetAZs ''
                OtherRegion: !Select ['0', !GetAZs eu-west-1]
                Path: !Join ['', [!Ref 'AWS::Region', ':', !Select [2, {Fn::GetAZs: !Ref 'AWS::Region'}]]]
                Empty: !Join [',', []]
                """);

        assertThat(properties.path("Second").asText()).isEqualTo("b");
        assertThat(properties.path("Zones")).extracting(JsonNode::asText)
                .containsExactly("us-east-2a", "us-east-2b", "us-east-2c");
        assertThat(properties.path("OtherRegion").asText()).isEqualTo("eu-west-1a");
        assertThat(properties.path("Path").asText()).isEqualTo("us-east-2:us-east-2c");
        assertThat(properties.path("Empty").asText()).isEmpty();
    }

    @Test
    void findInMapBase64AndPseudoParameters() throws Exception {
        JsonNode properties = resolve("""
                Ami: !FindInMap [Regions, !Ref 'AWS::Region', Ami]
                Zones: !FindInMap [Regions, us-east-2, Zones]
                UserData: {Fn::Base64: !Sub 'stack=${AWS::StackName}'}
                Id: !Ref AWS::StackId
                Notifications: !Ref AWS::NotificationARNs
                """);

        assertThat(properties.path("Ami").asText()).isEqualTo("ami-123");
        assertThat(properties.path("Zones")).isEqualTo(json("[\"x\", \"y\"]"));
        assertThat(properties.path("UserData").asText()).isEqualTo("c3RhY2s9c2hvcA==");
        assertThat(properties.path("Id").asText()).isEqualTo(PSEUDO.stackId());
        assertThat(properties.path("Notifications").isArray()).isTrue();
        assertThat(properties.path("Notifications").isEmpty()).isTrue();
    }

    @Test
    void listParametersResolveToArraysAndJoinBack() {
        JsonNode properties = resolve("""
                  R:
                    Type: AWS::SQS::Queue
                    Properties:
                      Subnets: !Ref Subnets
                      Joined: !Join [';', !Ref Subnets]
                      Ports: !Ref Ports
                """, Map.of("Subnets", "subnet-1, subnet-2"), """
                Parameters:
                  Subnets: {Type: 'List<AWS::EC2::Subnet::Id>'}
                  Ports: {Type: 'List<Number>', Default: '80,443'}
                """);

        assertThat(properties.path("Subnets")).extracting(JsonNode::asText).containsExactly("subnet-1", "subnet-2");
        assertThat(properties.path("Joined").asText()).isEqualTo("subnet-1;subnet-2");
        assertThat(properties.path("Ports")).extracting(JsonNode::asText).containsExactly("80", "443");
    }

    @Test
    void noValueRemovesKeysListElementsAndWholeProperties() throws Exception {
        TemplateEvaluator evaluator = new TemplateEvaluator(Template.parse("""
                Conditions:
                  Off: !Equals [a, b]
                Resources:
                  R:
                    Type: AWS::SQS::Queue
                    Properties: !If [Off, {DelaySeconds: 5}, !Ref AWS::NoValue]
                  S:
                    Type: AWS::SQS::Queue
                    Properties:
                      List: [a, !Ref AWS::NoValue, !If [Off, x, !Ref AWS::NoValue], c]
                      Key: !Ref AWS::NoValue
                """), Map.of(), PSEUDO);

        assertThat(evaluator.properties("R", FakeAttributes.of())).isEqualTo(json("{}"));
        assertThat(evaluator.properties("S", FakeAttributes.of())).isEqualTo(json("{\"List\": [\"a\", \"c\"]}"));
    }

    @Test
    void failuresCarryCloudFormationTexts() {
        assertThatThrownBy(() -> resolve("A: !Select [3, [a, b]]"))
                .hasMessage("Template error: Fn::Select cannot select nonexistent value at index 3");
        assertThatThrownBy(() -> resolve("A: !FindInMap [Regions, eu-north-1, Ami]"))
                .hasMessage("Template error: Unable to get mapping for Regions::eu-north-1::Ami");
        assertThatThrownBy(() -> resolve("A: !ImportValue shared-vpc"))
                .hasMessage("No export named shared-vpc found");
        assertThatThrownBy(() -> resolve("A: !GetAtt Other.Unknown"))
                .hasMessage("Template error: resource Other does not support attribute type Unknown in Fn::GetAtt");
        assertThatThrownBy(() -> resolve("A: !Cidr [10.0.0.0/16, 2, 8]"))
                .hasMessageStartingWith("Template format error: Encountered unsupported function: Fn::Cidr");
        assertThatThrownBy(() -> resolve("A: {Ref: [Other]}"))
                .hasMessage("Template format error: Every Ref object must have a single String value.");
    }
}
