package io.firefly.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.firefly.operator.api.validation.CrdSchemaValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The FireflyAccount CRD as platform admins meet it: cluster-scoped, {@code kubectl get ffa} columns, and the
 * API server refusing an account that could not work before the operator ever reads it.
 */
class FireflyAccountCrdTest {
    private static final Path CRD_FILE = Path.of("deploy", "crds", "fireflyaccounts.firefly.io-v1.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final CrdSchemaValidator CRD = CrdSchemaValidator.load(CRD_FILE, "v1alpha1");

    private static final String TEAM_A = """
            apiVersion: firefly.io/v1alpha1
            kind: FireflyAccount
            metadata: {name: team-a}
            spec:
              assumeRoleArn: arn:aws:iam::111122223333:role/firefly-deployer
              externalId: team-a-7f3c
              regions: [us-east-1, eu-west-1]
              namespaces:
                names: [team-a]
                selector:
                  matchLabels: {firefly.io/team: a}
              policy:
                allowedResourceTypes: ["AWS::DynamoDB::*", "AWS::Lambda::Function", "AWS::Serverless::Function"]
                deniedResourceTypes: ["AWS::IAM::User"]
                allowedServiceRoles: ["arn:aws:iam::111122223333:role/cfn-*"]
              events:
                queueUrl: https://sqs.eu-west-1.amazonaws.com/111122223333/firefly-stack-events
            """;

    @Test
    void namesScopeAndColumnsAreTheDesigns() throws IOException {
        CustomResourceDefinition crd = YAML.readValue(CRD_FILE.toFile(), CustomResourceDefinition.class);

        assertThat(crd.getMetadata().getName()).isEqualTo("fireflyaccounts.firefly.io");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo(HasMetadata.getKind(FireflyAccount.class));
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("ffa");
        assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
        assertThat(crd.getSpec().getVersions()).singleElement().satisfies(version -> {
            assertThat(version.getSubresources().getStatus()).isNotNull();
            assertThat(version.getAdditionalPrinterColumns())
                    .extracting(column -> column.getName().toUpperCase(), CustomResourceColumnDefinition::getJsonPath)
                    .containsExactly(
                            tuple("ROLE", ".spec.assumeRoleArn"),
                            tuple("REGIONS", ".spec.regions"),
                            tuple("READY", ".status.conditions[?(@.type==\"Ready\")].status"),
                            tuple("AGE", ".metadata.creationTimestamp"));
        });
    }

    @Test
    void theDocumentedAccountAndTheExamplesAreAccepted() throws IOException {
        assertThat(CRD.validateCreate(account())).isEmpty();
        try (var files = Files.list(Path.of("examples", "tenancy"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (Object document : YAML.readerFor(Map.class).readValues(file.toFile()).readAll()) {
                    if ("FireflyAccount".equals(((Map<?, ?>) document).get("kind"))) {
                        assertThat(CRD.validateCreate(document)).as(file.toString()).isEmpty();
                    }
                }
            }
        }
    }

    @Test
    void theRoleMustBeAnIamRoleArn() {
        Map<String, Object> user = account();
        spec(user).put("assumeRoleArn", "arn:aws:iam::111122223333:user/admin");

        assertThat(CRD.validateCreate(user)).anySatisfy(error -> assertThat(error).startsWith("spec.assumeRoleArn: Invalid value"));
    }

    @Test
    void theEventsQueueIsAQueueUrlNotItsArnOrName() {
        for (String notAUrl : List.of("arn:aws:sqs:eu-west-1:111122223333:firefly-stack-events", "firefly-stack-events",
                "https://sqs.eu-west-1.amazonaws.com/firefly-stack-events")) {
            Map<String, Object> account = account();
            spec(account).put("events", Map.of("queueUrl", notAUrl));

            assertThat(CRD.validateCreate(account)).as(notAUrl)
                    .anySatisfy(error -> assertThat(error).startsWith("spec.events.queueUrl: Invalid value"));
        }
        Map<String, Object> noUrl = account();
        spec(noUrl).put("events", Map.of());
        assertThat(CRD.validateCreate(noUrl)).anySatisfy(error -> assertThat(error).contains("spec.events.queueUrl"));
    }

    @Test
    void namespacesNeedNamesOrASelector() {
        Map<String, Object> nobody = account();
        spec(nobody).put("namespaces", Map.of());
        Map<String, Object> everybody = account();
        spec(everybody).put("namespaces", Map.of("selector", Map.of()));

        assertThat(CRD.validateCreate(nobody)).containsExactly("spec.namespaces: Invalid value: spec.namespaces"
                + " needs names, a selector, or both; selector: {} allows every namespace");
        assertThat(CRD.validateCreate(everybody)).isEmpty();
    }

    @Test
    void resourceTypePatternsHaveThreePartsAndAGivenListIsNeverEmpty() {
        Map<String, Object> lowercase = account();
        spec(lowercase).put("policy", Map.of("allowedResourceTypes", List.of("dynamodb table")));
        Map<String, Object> empty = account();
        spec(empty).put("policy", Map.of("allowedResourceTypes", List.of()));

        assertThat(CRD.validateCreate(lowercase)).anySatisfy(error ->
                assertThat(error).startsWith("spec.policy.allowedResourceTypes[0]: Invalid value"));
        assertThat(CRD.validateCreate(empty)).anySatisfy(error ->
                assertThat(error).startsWith("spec.policy.allowedResourceTypes: Invalid value"));
    }

    @Test
    void eachRegionIsNamedOnce() {
        Map<String, Object> twice = account();
        spec(twice).put("regions", List.of("us-east-1", "us-east-1"));

        assertThat(CRD.validateCreate(twice)).containsExactly("spec.regions: Invalid value: spec.regions must"
                + " name each region once: remove the duplicate");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> account() {
        try {
            return YAML.readValue(TEAM_A, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> manifest) {
        return (Map<String, Object>) manifest.get("spec");
    }
}
