package io.firefly.operator.reconcile;

import static io.firefly.operator.reconcile.OperatorTestSupport.cloudFormation;
import static io.firefly.operator.reconcile.OperatorTestSupport.output;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.KeyRef;
import io.firefly.operator.api.ParameterSource;
import io.firefly.operator.api.Phase;
import io.firefly.operator.api.StackParameter;
import io.firefly.operator.api.TemplateSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.Parameter;

/** Templates and parameters read from ConfigMaps, Secrets and other stacks' outputs, and redeployed when those change. */
@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(OfflineAwsTestResource.class)
class InputSourcesTest {
    /** A stack whose output is its parameter: a change upstream is visible downstream. */
    private static final String ECHO = """
            Parameters:
              Greeting:
                Type: String
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  DisplayName: !Ref Greeting
            Outputs:
              Greeting:
                Value: !Ref Greeting
            """;

    @Inject
    KubernetesClient client;

    @Test
    void templateFromAnS3UrlIsReadByCloudFormationAndAMissingObjectStallsNamingIt() {
        var t = new OperatorTestSupport(client);
        String key = t.prefix + "/table.yaml";
        OperatorTestSupport.aws().templates().put("firefly-templates", key, TestTemplates.table(t.prefix + "-by-url", false));
        TemplateSource byUrl = new TemplateSource();
        byUrl.setUrl("https://firefly-templates.s3.us-east-1.amazonaws.com/" + key);
        FireflyStack stack = t.stack("by-url", "unused");
        stack.getSpec().setTemplate(byUrl);
        t.apply(stack);

        FireflyStack ready = t.awaitReady("by-url");
        assertThat(ready.getStatus().getOutputs()).containsEntry("TableName", t.prefix + "-by-url");

        TemplateSource missing = new TemplateSource();
        missing.setUrl("https://firefly-templates.s3.us-east-1.amazonaws.com/" + t.prefix + "/no-such.yaml");
        FireflyStack broken = t.stack("missing-url", "unused");
        broken.getSpec().setTemplate(missing);
        t.apply(broken);
        FireflyStack stalled = t.awaitStatus("missing-url", s -> s.getStatus().isTrue(ConditionType.Stalled));
        assertThat(stalled.getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertThat(stalled.getStatus().getMessage()).contains("TemplateURL must reference a valid S3 object");
    }

    @Test
    void templateAndParametersFromAConfigMapAndASecretWaitForThemAndFollowTheirChanges() {
        var t = new OperatorTestSupport(client);
        FireflyStack stack = t.stack("configured", "unused",
                new StackParameter("Label", null, new ParameterSource(null, new KeyRef("settings", "label"), null)),
                new StackParameter("Owner", null, new ParameterSource(null, null, new KeyRef("owner", "name"))));
        TemplateSource fromConfigMap = new TemplateSource();
        fromConfigMap.setConfigMapKeyRef(new KeyRef("templates", "table.yaml"));
        stack.getSpec().setTemplate(fromConfigMap);
        t.apply(stack);

        FireflyStack waiting = t.awaitStatus("configured", s -> s.getStatus().getPhase() == Phase.Pending
                && s.getStatus().getMessage() != null);
        assertThat(waiting.getStatus().getMessage()).contains("spec.template.configMapKeyRef").contains("templates");

        String template = TestTemplates.table(t.prefix + "-configured", false)
                .replace("Parameters:\n", "Parameters:\n  Owner:\n    Type: String\n");
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("templates").withNamespace(t.namespace).endMetadata()
                .addToData("table.yaml", template).build()).create();
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace(t.namespace).endMetadata()
                .addToData("label", "first").build()).create();
        FireflyStack missingSecret = t.awaitStatus("configured", s -> s.getStatus().getMessage() != null
                && s.getStatus().getMessage().contains("spec.parameters[1].valueFrom"));
        assertThat(missingSecret.getStatus().getMessage()).contains("Secret " + t.namespace + "/owner");

        client.resource(new SecretBuilder().withNewMetadata().withName("owner").withNamespace(t.namespace).endMetadata()
                .addToStringData("name", "platform-team").build()).create();
        t.awaitReady("configured");
        assertThat(parameters(t.prefix + "-configured")).containsEntry("Label", "first").containsEntry("Owner", "platform-team");

        client.resource(new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace(t.namespace).endMetadata()
                .addToData("label", "second").build()).update();
        t.awaitStatus("configured", s -> s.getStatus().isTrue(ConditionType.Ready)
                && "UPDATE_COMPLETE".equals(s.getStatus().getStackStatus()));
        assertThat(parameters(t.prefix + "-configured")).containsEntry("Label", "second");
    }

    /**
     * A ConfigMap that exists before any FireflyStack reads it is cached by name only (a cluster's unrelated
     * ConfigMaps cost no memory for their data): the stack that starts reading it still gets its data, and
     * its later changes still redeploy.
     */
    @Test
    void aConfigMapThatExistedBeforeTheStackIsReadWholeAndFollowed() {
        var t = new OperatorTestSupport(client);
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("earlier").withNamespace(t.namespace).endMetadata()
                .addToData("table.yaml", TestTemplates.table(t.prefix + "-earlier", false)).addToData("label", "first").build()).create();
        FireflyStack stack = t.stack("earlier", "unused",
                new StackParameter("Label", null, new ParameterSource(null, new KeyRef("earlier", "label"), null)));
        TemplateSource fromConfigMap = new TemplateSource();
        fromConfigMap.setConfigMapKeyRef(new KeyRef("earlier", "table.yaml"));
        stack.getSpec().setTemplate(fromConfigMap);
        t.apply(stack);

        t.awaitReady("earlier");
        assertThat(parameters(t.prefix + "-earlier")).containsEntry("Label", "first");

        client.resource(new ConfigMapBuilder().withNewMetadata().withName("earlier").withNamespace(t.namespace).endMetadata()
                .addToData("table.yaml", TestTemplates.table(t.prefix + "-earlier", false)).addToData("label", "second").build()).update();
        t.awaitStatus("earlier", s -> s.getStatus().isTrue(ConditionType.Ready)
                && "UPDATE_COMPLETE".equals(s.getStatus().getStackStatus()));
        assertThat(parameters(t.prefix + "-earlier")).containsEntry("Label", "second");
    }

    @Test
    void aChangedOutputUpstreamRedeploysTheStackThatReadsIt() {
        var t = new OperatorTestSupport(client);
        t.apply(t.stack("upstream", ECHO, StackParameter.literal("Greeting", "hello")));
        t.apply(t.stack("downstream", ECHO, output("Greeting", "upstream", "Greeting")));
        t.awaitReady("downstream");
        assertThat(parameters(t.prefix + "-downstream")).containsEntry("Greeting", "hello");

        FireflyStack upstream = t.get("upstream");
        upstream.getSpec().setParameters(List.of(StackParameter.literal("Greeting", "bonjour")));
        t.apply(upstream);

        FireflyStack downstream = t.awaitStatus("downstream", s -> s.getStatus().isTrue(ConditionType.Ready)
                && "bonjour".equals(s.getStatus().getOutputs().get("Greeting")));
        assertThat(downstream.getStatus().getStackStatus()).isEqualTo("UPDATE_COMPLETE");
        assertThat(parameters(t.prefix + "-downstream")).containsEntry("Greeting", "bonjour");
    }

    private static Map<String, String> parameters(String stackName) {
        return cloudFormation().describeStacks(b -> b.stackName(stackName)).stacks().get(0).parameters().stream()
                .collect(Collectors.toMap(Parameter::parameterKey, Parameter::parameterValue));
    }
}
