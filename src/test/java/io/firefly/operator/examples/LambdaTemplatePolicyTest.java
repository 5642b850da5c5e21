package io.firefly.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each function gets exactly the table access its workflow grants, on its own table, and nothing more. */
class LambdaTemplatePolicyTest {

    static Stream<ExpectedStacks.Function> functions() {
        return ExpectedStacks.FUNCTIONS.stream();
    }

    @ParameterizedTest
    @MethodSource("functions")
    void grantsOnlyTheListedActionsOnTheTableArnParameter(ExpectedStacks.Function function) {
        JsonNode properties = function(function).path("Properties");
        assertThat(properties.has("Role")).as("%s must let SAM create its role from Policies", function).isFalse();

        JsonNode policies = properties.path("Policies");
        assertThat(policies.isArray() && policies.size() == 1)
                .as("%s has exactly one policy, an inline policy document: %s", function, policies).isTrue();
        JsonNode document = policies.get(0);
        assertThat(document.isObject()).as("%s: a managed policy or SAM policy template grants more than listed", function).isTrue();
        assertThat(fieldNames(document)).containsExactlyInAnyOrder("Version", "Statement");

        JsonNode statements = document.path("Statement");
        assertThat(statements.size()).as("statements of %s", function).isEqualTo(1);
        JsonNode statement = statements.get(0);
        assertThat(fieldNames(statement)).as("%s: no NotAction, NotResource or Condition", function)
                .containsExactlyInAnyOrder("Effect", "Action", "Resource");
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(texts(statement.path("Action"))).as("actions of %s", function)
                .containsExactlyInAnyOrderElementsOf(function.actions());
        assertThat(statement.path("Resource")).as("resource of %s", function).isEqualTo(ref("TableArn"));
        assertThat(policies.toString()).as("policy of %s", function).doesNotContain("*");
    }

    @ParameterizedTest
    @MethodSource("functions")
    void isAPython312FunctionWithInlineCodeThatFindsItsTableByName(ExpectedStacks.Function function) {
        JsonNode template = CloudFormationTemplates.read(function.name());
        assertThat(template.path("Transform").asText()).isEqualTo("AWS::Serverless-2016-10-31");
        assertThat(fieldNames(template.path("Parameters"))).containsExactlyInAnyOrder("TableName", "TableArn");

        JsonNode properties = function(function).path("Properties");
        assertThat(properties.path("Runtime").asText()).isEqualTo("python3.12");
        assertThat(properties.path("Handler").asText()).isEqualTo("index.handler");
        assertThat(properties.path("InlineCode").asText()).contains("def handler(event, context):");
        assertThat(properties.path("Environment").path("Variables").path("TABLE_NAME")).isEqualTo(ref("TableName"));
        assertThat(fieldNames(template.path("Outputs"))).containsExactlyInAnyOrder("FunctionName", "FunctionArn");
    }

    /** The template's only resource, which must be the function: no other role or policy can widen access. */
    private static JsonNode function(ExpectedStacks.Function function) {
        JsonNode resource = CloudFormationTemplates.onlyResource(CloudFormationTemplates.read(function.name()), function.name());
        assertThat(resource.path("Type").asText()).isEqualTo("AWS::Serverless::Function");
        return resource;
    }

    private static ObjectNode ref(String parameter) {
        return JsonNodeFactory.instance.objectNode().put("Ref", parameter);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** An IAM Action: a single string or a list of them. */
    private static List<String> texts(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        }
        node.forEach(element -> values.add(element.asText()));
        return values;
    }
}
