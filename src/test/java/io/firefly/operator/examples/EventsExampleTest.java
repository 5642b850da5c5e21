package io.firefly.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.firefly.offlineaws.AwsClients;
import io.firefly.offlineaws.CloudFormationWaits;
import io.firefly.offlineaws.OfflineAws;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import io.firefly.operator.api.FireflyStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * examples/events: the FireflyStack that creates the EventBridge rule and SQS queue of docs/events.md, in the
 * operator's namespace, publishing the queue URL where the chart's {@code events.queueUrlFrom} looks for it.
 */
class EventsExampleTest {
    private static final Path EXAMPLE = FireflyExamples.directory().resolveSibling("events");
    private static final Path TEMPLATE = EXAMPLE.resolve("templates/stack-events.yaml");
    private static final Path CHART_VALUES = FireflyExamples.directory().getParent().getParent()
            .resolve("helm/firefly-operator/values.yaml");

    @Test
    void rendersOneFireflyStackInTheOperatorNamespaceWithItsTemplate() throws IOException {
        assumeTrue(Kubectl.installed(), "kubectl is not on the PATH; it renders the example as kubectl apply -k does");
        List<HasMetadata> objects = FireflyExamples.typed(Kubectl.kustomize(EXAMPLE));

        assertThat(objects).hasSize(2).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("firefly-system"));
        FireflyStack stack = objects.stream().filter(FireflyStack.class::isInstance).map(FireflyStack.class::cast)
                .findFirst().orElseThrow();
        ConfigMap template = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .findFirst().orElseThrow();
        assertThat(stack.getSpec().getTemplate().getConfigMapKeyRef().name()).isEqualTo(template.getMetadata().getName())
                .matches("firefly-events-template-[a-z0-9]{10}");
        assertThat(template.getData()).containsEntry(stack.getSpec().getTemplate().getConfigMapKeyRef().key(),
                Files.readString(TEMPLATE));
    }

    @Test
    void theStackPublishesTheQueueUrlUnderTheKeyTheChartReads() throws IOException {
        var chartKey = new YAMLMapper().readTree(CHART_VALUES.toFile()).at("/events/queueUrlFrom/configMapKeyRef/key").asText();
        try (OfflineAws aws = OfflineAws.start(OfflineAwsOptions.defaults()
                .withResourceStepDelay(Duration.ofMillis(10)).withChangeSetDelay(Duration.ofMillis(10)));
             var cfn = AwsClients.cloudFormation(aws)) {
            String template = Files.readString(TEMPLATE);
            cfn.createStack(b -> b.stackName("firefly-operator-stack-events").templateBody(template));
            var stack = new CloudFormationWaits(cfn).settled("firefly-operator-stack-events");

            assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
            Map<String, String> outputs = stack.outputs().stream().collect(Collectors.toMap(Output::outputKey, Output::outputValue));
            assertThat(outputs).containsEntry(chartKey, "https://sqs.us-east-1.amazonaws.com/123456789012/firefly-stack-events")
                    .containsEntry("QueueArn", "arn:aws:sqs:us-east-1:123456789012:firefly-stack-events");
        }
    }

    /**
     * The offline AWS records a template's queue and rule without running them, so the rule's pattern is put on
     * its event bus as the template writes it, in front of a queue of its own.
     */
    @Test
    void theRulesPatternSendsOnlyTheStatusOfStacksThatSettled() throws IOException {
        JsonNode pattern = new YAMLMapper().readTree(TEMPLATE.toFile()).at("/Resources/StackStatusRule/Properties/EventPattern");
        try (OfflineAws aws = OfflineAws.start(OfflineAwsOptions.defaults()
                .withResourceStepDelay(Duration.ofMillis(10)).withChangeSetDelay(Duration.ofMillis(10)));
             var cfn = AwsClients.cloudFormation(aws); var sqs = AwsClients.sqs(aws)) {
            String queueUrl = sqs.createQueue(b -> b.queueName("firefly-stack-events")).queueUrl();
            aws.eventBus().putRule("firefly-operator", pattern, pattern.toString(), true, null);
            aws.eventBus().putTargets("firefly-operator", Map.of("queue", aws.queues().byUrl(queueUrl).orElseThrow().arn()));
            cfn.createStack(b -> b.stackName("watched").templateBody("Resources: {Topic: {Type: AWS::SNS::Topic}}"));
            new CloudFormationWaits(cfn).settled("watched");

            // everything the queue got within two seconds of the stack's end
            List<String> statuses = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < until) {
                for (var message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                    JsonNode event = new ObjectMapper().readTree(message.body());
                    if (event.at("/detail/stack-id").asText().contains(":stack/watched/")) {
                        statuses.add(event.at("/detail/status-details/status").asText());
                    }
                }
            }
            assertThat(statuses).containsExactly("CREATE_COMPLETE");
        }
    }
}
