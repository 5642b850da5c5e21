package io.firefly.operator.reconcile;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.firefly.offlineaws.AwsClients;
import io.firefly.offlineaws.OfflineAws;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import io.firefly.operator.api.ParameterSource;
import io.firefly.operator.api.Phase;
import io.firefly.operator.api.StackOutputRef;
import io.firefly.operator.api.StackParameter;
import io.firefly.operator.api.TemplateSource;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** What the operator's end-to-end tests share: FireflyStacks to apply, waiting for what they report. */
final class OperatorTestSupport {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final KubernetesClient client;
    final String namespace;
    /** Stack and table names are global in the offline AWS: every test gets its own prefix. */
    final String prefix;

    OperatorTestSupport(KubernetesClient client) {
        this.client = client;
        this.prefix = "t" + UUID.randomUUID().toString().substring(0, 6);
        this.namespace = "ns-" + prefix;
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .create();
    }

    /** Sets labels and annotations on the test's namespace, as a platform team does to admit it to an account. */
    void namespaceMetadata(java.util.Map<String, String> labels, java.util.Map<String, String> annotations) {
        client.namespaces().withName(namespace).edit(ns -> {
            ns.getMetadata().setLabels(labels);
            ns.getMetadata().setAnnotations(annotations);
            return ns;
        });
    }

    static OfflineAws aws() {
        return OfflineAwsTestResource.aws();
    }

    static CloudFormationClient cloudFormation() {
        return AwsClients.cloudFormation(aws());
    }

    static DynamoDbClient dynamoDb() {
        return AwsClients.dynamoDb(aws());
    }

    FireflyStack stack(String name, String templateBody, StackParameter... parameters) {
        FireflyStack stack = new FireflyStack();
        stack.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        FireflyStackSpec spec = new FireflyStackSpec();
        spec.setStackName(prefix + "-" + name);
        spec.setTemplate(TemplateSource.inline(templateBody));
        spec.setParameters(List.of(parameters));
        stack.setSpec(spec);
        return stack;
    }

    static StackParameter output(String name, String stack, String output) {
        return new StackParameter(name, null, new ParameterSource(new StackOutputRef(stack, output), null, null));
    }

    FireflyStack apply(FireflyStack stack) {
        return client.resource(stack).createOr(existing -> existing.update());
    }

    FireflyStack get(String name) {
        return client.resources(FireflyStack.class).inNamespace(namespace).withName(name).get();
    }

    void delete(String name) {
        client.resources(FireflyStack.class).inNamespace(namespace).withName(name).delete();
    }

    /** Waits for the condition; on timeout the failure shows the FireflyStack as the API server holds it. */
    FireflyStack awaitStatus(String name, Predicate<FireflyStack> condition) {
        try {
            return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> get(name),
                    s -> s != null && s.getStatus() != null && condition.test(s));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("FireflyStack " + namespace + "/" + name + " never reached the expected status:\n"
                    + Serialization.asYaml(get(name)), e);
        }
    }

    FireflyStack awaitPhase(String name, Phase phase) {
        return awaitStatus(name, s -> s.getStatus().getPhase() == phase);
    }

    FireflyStack awaitReady(String name) {
        return awaitStatus(name, s -> s.getStatus().getPhase() == Phase.Ready
                && s.getStatus().isTrue(ConditionType.Ready)
                && s.getMetadata().getGeneration().equals(s.getStatus().getObservedGeneration()));
    }

    void awaitGone(String name) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> get(name) == null);
    }
}
