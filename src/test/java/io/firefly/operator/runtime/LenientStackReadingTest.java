package io.firefly.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.firefly.operator.api.DeletionPolicy;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.KeyRef;
import io.firefly.operator.api.Phase;
import io.firefly.operator.api.StackParameter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FireflyStacks as an operator older than its CRD reads them, through the mapper its Kubernetes client uses. */
class LenientStackReadingTest {
    private final KubernetesSerialization serialization = serialization();

    @Test
    void unknownFieldsAnywhereAreSkippedAndNamedWhileKnownOnesAreRead() {
        FireflyStack stack = read("""
                apiVersion: firefly.io/v1alpha1
                kind: FireflyStack
                metadata: {name: users, namespace: firefly, uid: u1, resourceVersion: "7"}
                spec:
                  stackName: firefly-users
                  notificationRef: {name: production}
                  template:
                    body: "Resources: {}"
                    s3: {bucket: templates}
                  parameters:
                    - {name: TableName, value: users, description: the table, labels: [a, b]}
                    - name: TableArn
                      valueFrom:
                        stackOutput: {stack: tables, output: Arn, fallback: none}
                        ssmParameter: {name: /firefly/arn}
                  deletionPolicy: Retain
                  roleRef: null
                status:
                  phase: Ready
                  shards: {count: 3}
                rollout: {strategy: canary}
                """);

        assertThat(stack.getSpec().getStackName()).isEqualTo("firefly-users");
        assertThat(stack.getSpec().getTemplate().getBody()).isEqualTo("Resources: {}");
        assertThat(stack.getSpec().getParameters()).first().isEqualTo(StackParameter.literal("TableName", "users"));
        assertThat(stack.getSpec().getParameters().get(1).valueFrom().stackOutput().output()).isEqualTo("Arn");
        assertThat(stack.getSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.Retain);
        assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.Ready);
        ReadFindings findings = ReadFindings.of(stack);
        assertThat(findings.ignoredFields()).containsExactly("rollout", "spec.notificationRef",
                "spec.parameters[0].description", "spec.parameters[0].labels", "spec.parameters[1].valueFrom.ssmParameter",
                "spec.parameters[1].valueFrom.stackOutput.fallback", "spec.template.s3", "status.shards");
        assertThat(findings.ignoredSpecFields()).containsExactly("rollout", "spec.notificationRef",
                "spec.parameters[0].description", "spec.parameters[0].labels", "spec.parameters[1].valueFrom.ssmParameter",
                "spec.parameters[1].valueFrom.stackOutput.fallback", "spec.template.s3");
        assertThat(findings.readable()).isTrue();
    }

    @Test
    void aFieldOfTheWrongTypeIsLeftOutAndNamedAndTheRestIsRead() {
        FireflyStack stack = read("""
                apiVersion: firefly.io/v1alpha1
                kind: FireflyStack
                metadata: {name: users, namespace: firefly, uid: u1}
                spec:
                  stackName: firefly-users
                  template: {body: "Resources: {}"}
                  parameters: oops
                  dependsOn: [tables]
                  deletionPolicy: Orphan
                """);

        assertThat(stack.getSpec().getStackName()).isEqualTo("firefly-users");
        assertThat(stack.getSpec().getDependsOn()).containsExactly("tables");
        assertThat(stack.getSpec().getParameters()).isEmpty();
        assertThat(ReadFindings.of(stack).unreadableFields()).containsExactlyInAnyOrder(
                "spec.parameters: expected a list, found a string (\"oops\")",
                "spec.deletionPolicy: \"Orphan\" is not one of [Delete, Retain]");
        assertThat(ReadFindings.of(stack).readable()).isFalse();
    }

    @Test
    void anUnreadableSpecStillLeavesASpecAndATemplateForOtherStacksToLookAt() {
        FireflyStack stack = read("""
                apiVersion: firefly.io/v1alpha1
                kind: FireflyStack
                metadata: {name: users, namespace: firefly}
                spec: oops
                """);

        assertThat(stack.getSpec().getTemplate()).isNotNull();
        assertThat(stack.getSpec().getDependsOn()).isEmpty();
        assertThat(ReadFindings.of(stack).unreadableFields()).containsExactly("spec: expected an object, found a string (\"oops\")");
    }

    @Test
    void aStatusFieldOfATypeThisVersionCannotReadIsDroppedNotReported() {
        FireflyStack stack = read("""
                apiVersion: firefly.io/v1alpha1
                kind: FireflyStack
                metadata: {name: users, namespace: firefly}
                spec: {stackName: firefly-users, template: {body: "Resources: {}"}}
                status: {phase: Drifting, message: written by a newer operator}
                """);

        assertThat(stack.getStatus().getMessage()).isEqualTo("written by a newer operator");
        assertThat(stack.getStatus().getPhase()).isNull();
        assertThat(ReadFindings.of(stack).readable()).isTrue();
        assertThat(ReadFindings.of(stack).ignoredFields()).containsExactly("status.phase");
        assertThat(ReadFindings.of(stack).ignoredSpecFields()).isEmpty();
    }

    @Test
    void theFindingsSurviveTheCopyTheOperatorSdkHandsEachReconcile() {
        FireflyStack stack = read("""
                apiVersion: firefly.io/v1alpha1
                kind: FireflyStack
                metadata: {name: users, namespace: firefly}
                spec: {stackName: firefly-users, template: {body: "Resources: {}"}, notificationRef: {name: a}, tags: [x]}
                """);

        FireflyStack copy = serialization.clone(stack);

        assertThat(ReadFindings.of(copy)).isEqualTo(ReadFindings.of(stack));
        assertThat(ReadFindings.of(copy).ignoredFields()).containsExactly("spec.notificationRef");
        assertThat(ReadFindings.of(copy).unreadableFields()).hasSize(1);
    }

    @Test
    void oneOddStackDoesNotFailTheListItIsIn() {
        DefaultKubernetesResourceList<FireflyStack> list = serialization.unmarshal(new ByteArrayInputStream("""
                {"apiVersion": "firefly.io/v1alpha1", "kind": "FireflyStackList", "metadata": {}, "items": [
                  {"metadata": {"name": "a"}, "spec": {"stackName": "a", "template": {"body": "x"}, "notificationRef": {}}},
                  {"metadata": {"name": "b"}, "spec": {"stackName": "b", "template": {"body": "x"}, "parameters": "oops"}},
                  {"metadata": {"name": "c"}, "spec": {"stackName": "c", "template": {"body": "x"}}}]}
                """.getBytes(StandardCharsets.UTF_8)), new TypeReference<DefaultKubernetesResourceList<FireflyStack>>() {
        });

        assertThat(list.getItems()).extracting(s -> s.getSpec().getStackName()).containsExactly("a", "b", "c");
        assertThat(list.getItems()).extracting(s -> ReadFindings.of(s).ignoredFields())
                .containsExactly(List.of("spec.notificationRef"), List.of(), List.of());
        assertThat(list.getItems()).extracting(s -> ReadFindings.of(s).readable()).containsExactly(true, false, true);
    }

    @Test
    void everythingElseTheClientReadsKeepsJacksonsRule() {
        assertThatThrownBy(() -> serialization.unmarshal("{\"name\": \"a\", \"key\": \"b\", \"extra\": 1}", KeyRef.class))
                .hasRootCauseInstanceOf(UnrecognizedPropertyException.class);
    }

    private FireflyStack read(String yaml) {
        return serialization.unmarshal(yaml, FireflyStack.class);
    }

    private static KubernetesSerialization serialization() {
        ObjectMapper mapper = new ObjectMapper();
        new LenientStackReading().customize(mapper);
        return new KubernetesSerialization(mapper, true);
    }
}
