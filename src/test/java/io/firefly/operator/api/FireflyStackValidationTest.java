package io.firefly.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.firefly.operator.api.validation.CrdSchemaValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a platform team sees from the apiserver when it applies a FireflyStack: the committed CRD must
 * accept good manifests and refuse bad ones with a message that names the field and says what to do.
 */
class FireflyStackValidationTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final CrdSchemaValidator CRD = CrdSchemaValidator.forCommittedCrd();
    private static final String CEL_SKIPPED = "<nil>: Invalid value: null: some validation rules were not checked"
            + " because the object was invalid; correct the existing errors to complete validation";

    /** The users table stack of the firefly examples, wired to the registration keys stack. */
    private static final String DYNAMODB_USERS = """
            apiVersion: firefly.io/v1alpha1
            kind: FireflyStack
            metadata: {name: dynamodb-users, namespace: firefly}
            spec:
              stackName: firefly-dynamodb-users
              region: us-east-1
              template:
                body: |
                  AWSTemplateFormatVersion: "2010-09-09"
                  Parameters:
                    DynamoDbUsersTableName: {Type: String}
                    RegistrationKeysTableArn: {Type: String}
                  Resources:
                    UsersTable:
                      Type: AWS::DynamoDB::Table
                      DeletionPolicy: Retain
                      Properties:
                        TableName: !Ref DynamoDbUsersTableName
                        BillingMode: PAY_PER_REQUEST
                        AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                        KeySchema: [{AttributeName: id, KeyType: HASH}]
                  Outputs:
                    TableName: {Value: !Ref UsersTable}
                    TableArn: {Value: !GetAtt UsersTable.Arn}
              parameters:
                - name: DynamoDbUsersTableName
                  value: firefly-users
                - name: RegistrationKeysTableArn
                  valueFrom:
                    stackOutput: {stack: dynamodb-registration-keys, output: TableArn}
              capabilities: [CAPABILITY_IAM, CAPABILITY_AUTO_EXPAND]
              tags: {project: firefly}
              roleArn: arn:aws:iam::123456789012:role/cfn-exec
              dependsOn: [dynamodb-registration-keys]
              adoption: AdoptOrCreate
              deletionPolicy: Delete
              suspend: false
            """;

    @Test
    void theDesignExampleIsAccepted() {
        assertThat(CRD.validateCreate(manifest())).isEmpty();
    }

    @Test
    void theReadmeExampleIsAccepted() throws IOException {
        assertThat(CRD.validateCreate(YAML.readValue(readmeExample(), Map.class))).isEmpty();
    }

    @Test
    void everyStackOfTheFireflyExampleIsAccepted() throws IOException {
        Map<String, List<String>> errorsByFile = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(Path.of("examples", "firefly", "stacks"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                errorsByFile.put(file.toString(), CRD.validateCreate(YAML.readValue(file.toFile(), Map.class)));
            }
        }

        assertThat(errorsByFile).hasSize(8)
                .allSatisfy((file, errors) -> assertThat(errors).as("errors for %s", file).isEmpty());
    }

    @Test
    void theEventsExampleStackIsAccepted() throws IOException {
        assertThat(CRD.validateCreate(YAML.readValue(Path.of("examples", "events", "stack.yaml").toFile(), Map.class))).isEmpty();
    }

    @Test
    void aFireflyStackAsTheOperatorSerializesItIsAccepted() {
        FireflyStack stack = new FireflyStack();
        stack.setMetadata(new ObjectMetaBuilder().withName("registration-keys").withNamespace("firefly").build());
        FireflyStackSpec spec = new FireflyStackSpec();
        spec.setStackName("firefly-dynamodb-registration-keys");
        spec.setTemplate(TemplateSource.inline("Resources: {}"));
        spec.setParameters(List.of(StackParameter.literal("TableName", "firefly-registration-keys")));
        stack.setSpec(spec);
        stack.setStatus(new FireflyStackStatus());

        assertThat(CRD.validateCreate(stack)).isEmpty();
    }

    @Test
    void aManifestWithoutSpecIsRefused() {
        Map<String, Object> manifest = manifest();
        manifest.remove("spec");

        assertThat(CRD.validateCreate(manifest)).containsExactly(
                "spec: Required value: a FireflyStack needs a spec: set at least spec.stackName and spec.template");
    }

    @Test
    void stackNameIsRequired() {
        Map<String, Object> manifest = manifest();
        spec(manifest).remove("stackName");

        assertThat(CRD.validateCreate(manifest)).containsExactly("spec.stackName: Required value", CEL_SKIPPED);
    }

    @Test
    void stackNameFollowsCloudFormationsPattern() {
        assertThat(CRD.validateCreate(withSpec("stackName", "1bad"))).containsExactly(
                "spec.stackName: Invalid value: \"1bad\": spec.stackName in body should match '^[a-zA-Z][-a-zA-Z0-9]*$'");
        assertThat(CRD.validateCreate(withSpec("stackName", "firefly_users"))).containsExactly(
                "spec.stackName: Invalid value: \"firefly_users\": spec.stackName in body should match '^[a-zA-Z][-a-zA-Z0-9]*$'");
    }

    @Test
    void stackNameIsOneTo128Characters() {
        assertThat(CRD.validateCreate(withSpec("stackName", "a" + "-b".repeat(63) + "c"))).isEmpty();
        assertThat(CRD.validateCreate(withSpec("stackName", "a".repeat(129)))).containsExactly(
                "spec.stackName: Too long: may not be more than 128 bytes", CEL_SKIPPED);
        assertThat(CRD.validateCreate(withSpec("stackName", ""))).containsExactly(
                "spec.stackName: Invalid value: \"\": spec.stackName in body should be at least 1 chars long");
    }

    @Test
    void stackNameCannotChangeOnceSet() {
        Map<String, Object> renamed = withSpec("stackName", "firefly-users-v2");

        assertThat(CRD.validateUpdate(manifest(), renamed)).containsExactly(
                "spec.stackName: Invalid value: \"firefly-users-v2\": spec.stackName is immutable: set it back to"
                        + " the previous value, or create a new FireflyStack for another stack");
    }

    @Test
    void regionCannotChangeOnceSet() {
        Map<String, Object> before = withSpec("region", "eu-west-1");
        Map<String, Object> moved = withSpec("region", "eu-central-1");

        assertThat(CRD.validateUpdate(before, moved)).containsExactly(
                "spec.region: Invalid value: \"eu-central-1\": spec.region is immutable: set it back to the previous value,"
                        + " or create a new FireflyStack for a stack in another region");
    }

    @Test
    void regionCannotBeAddedOrRemovedOnceTheStackExists() {
        Map<String, Object> explicit = withSpec("region", "eu-west-1");
        Map<String, Object> withoutRegion = manifest();
        spec(withoutRegion).remove("region");
        String message = "spec.region is immutable: it cannot be added or removed once the FireflyStack exists; set it back,"
                + " or create a new FireflyStack for a stack in another region";

        assertThat(CRD.validateUpdate(withoutRegion, explicit)).singleElement().asString().endsWith(message);
        assertThat(CRD.validateUpdate(explicit, withoutRegion)).singleElement().asString().endsWith(message);
        assertThat(CRD.validateUpdate(explicit, withSpec("region", "eu-west-1"))).isEmpty();
    }

    @Test
    void accountRefCannotChangeOrBeAddedOnceTheStackExists() {
        Map<String, Object> teamA = withSpec("accountRef", Map.of("name", "team-a"));
        Map<String, Object> teamB = withSpec("accountRef", Map.of("name", "team-b"));

        assertThat(CRD.validateCreate(teamA)).isEmpty();
        assertThat(CRD.validateUpdate(teamA, teamA)).isEmpty();
        assertThat(CRD.validateUpdate(teamA, teamB)).containsExactly(
                "spec.accountRef: Invalid value: spec.accountRef is immutable: set it back to the previous"
                        + " value, or create a new FireflyStack for a stack in another account");
        assertThat(CRD.validateUpdate(manifest(), teamA)).containsExactly(
                "spec: Invalid value: spec.accountRef is immutable: it cannot be added or removed once the"
                        + " FireflyStack exists; set it back, or create a new FireflyStack for a stack in another account");
    }

    @Test
    void anUpdateThatKeepsTheStackNameIsAccepted() {
        Map<String, Object> retained = withSpec("deletionPolicy", "Retain");
        spec(retained).put("suspend", true);

        assertThat(CRD.validateUpdate(manifest(), retained)).isEmpty();
    }

    @Test
    void templateIsRequired() {
        Map<String, Object> manifest = manifest();
        spec(manifest).remove("template");

        assertThat(CRD.validateCreate(manifest)).containsExactly("spec.template: Required value", CEL_SKIPPED);
    }

    @Test
    void templateNamesExactlyOneSource() {
        String message = "spec.template: Invalid value: spec.template must set exactly one of body, configMapKeyRef"
                + " or url: keep one source and remove the others";
        Map<String, Object> twoSources = manifest();
        template(twoSources).put("url", "https://firefly-templates.s3.amazonaws.com/dynamodb-users.yaml");

        assertThat(CRD.validateCreate(twoSources)).containsExactly(message);
        assertThat(CRD.validateCreate(withSpec("template", new LinkedHashMap<>()))).containsExactly(message);
        assertThat(CRD.validateCreate(withSpec("template",
                Map.of("configMapKeyRef", Map.of("name", "firefly-templates", "key", "dynamodb-users.yaml")))))
                .isEmpty();
    }

    @Test
    void eachParameterHasExactlyOneOfValueAndValueFrom() {
        String message = "spec.parameters[0]: Invalid value: each spec.parameters entry must set exactly one of value"
                + " or valueFrom: give a literal value or a source, not both";
        Map<String, Object> both = manifest();
        parameter(both, 0).put("valueFrom", Map.of("secretKeyRef", Map.of("name", "users", "key", "table")));
        Map<String, Object> neither = manifest();
        parameter(neither, 0).remove("value");

        assertThat(CRD.validateCreate(both)).containsExactly(message);
        assertThat(CRD.validateCreate(neither)).containsExactly(message);
    }

    @Test
    void valueFromNamesExactlyOneSource() {
        String message = "spec.parameters[1].valueFrom: Invalid value: spec.parameters[].valueFrom must set exactly"
                + " one of stackOutput, configMapKeyRef or secretKeyRef: keep one source and remove the others";
        Map<String, Object> twoSources = manifest();
        valueFrom(twoSources).put("configMapKeyRef", Map.of("name", "firefly-settings", "key", "tableArn"));
        Map<String, Object> noSource = manifest();
        parameter(noSource, 1).put("valueFrom", new LinkedHashMap<>());

        assertThat(CRD.validateCreate(twoSources)).containsExactly(message);
        assertThat(CRD.validateCreate(noSource)).containsExactly(message);
    }

    @Test
    void parameterNamesAreUnique() {
        Map<String, Object> manifest = manifest();
        parameters(manifest).add(new LinkedHashMap<>(Map.of("name", "DynamoDbUsersTableName", "value", "other")));

        assertThat(CRD.validateCreate(manifest)).containsExactly(
                "spec.parameters: Invalid value: spec.parameters must give each parameter name once: remove or rename"
                        + " the duplicate entry");
    }

    @Test
    void dependsOnNamesAreObjectNames() {
        assertThat(CRD.validateCreate(withSpec("dependsOn", List.of("Dynamo_Registration_Keys")))).containsExactly(
                "spec.dependsOn[0]: Invalid value: \"Dynamo_Registration_Keys\": spec.dependsOn[0] in body should match"
                        + " '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'");
    }

    @Test
    void aStackCannotDependOnItself() {
        assertThat(CRD.validateCreate(withSpec("dependsOn", List.of("dynamodb-registration-keys", "dynamodb-users"))))
                .containsExactly("spec.dependsOn: Invalid value: spec.dependsOn must not name this FireflyStack itself"
                        + " (metadata.name): remove its own name from the list");
    }

    @Test
    void dependsOnNamesEachStackOnce() {
        assertThat(CRD.validateCreate(withSpec("dependsOn", List.of("dynamodb-registration-keys", "dynamodb-registration-keys"))))
                .containsExactly("spec.dependsOn: Invalid value: spec.dependsOn must name each FireflyStack once:"
                        + " remove the duplicate name");
    }

    @Test
    void adoptionIsAdoptOrCreateOrCreateOnly() {
        assertThat(CRD.validateCreate(withSpec("adoption", "CreateOnly"))).isEmpty();
        assertThat(CRD.validateCreate(withSpec("adoption", "Adopt"))).containsExactly(
                "spec.adoption: Unsupported value: \"Adopt\": supported values: \"AdoptOrCreate\", \"CreateOnly\"",
                CEL_SKIPPED);
    }

    @Test
    void deletionPolicyIsDeleteOrRetain() {
        assertThat(CRD.validateCreate(withSpec("deletionPolicy", "Retain"))).isEmpty();
        assertThat(CRD.validateCreate(withSpec("deletionPolicy", "Keep"))).containsExactly(
                "spec.deletionPolicy: Unsupported value: \"Keep\": supported values: \"Delete\", \"Retain\"",
                CEL_SKIPPED);
    }

    @Test
    void capabilitiesAreCloudFormationsThree() {
        assertThat(CRD.validateCreate(withSpec("capabilities", List.of("CAPABILITY_NAMED_IAM")))).isEmpty();
        assertThat(CRD.validateCreate(withSpec("capabilities", List.of("CAPABILITY_IAM", "CAPABILITY_ADMIN"))))
                .containsExactly("spec.capabilities[1]: Unsupported value: \"CAPABILITY_ADMIN\": supported values:"
                        + " \"CAPABILITY_AUTO_EXPAND\", \"CAPABILITY_IAM\", \"CAPABILITY_NAMED_IAM\"", CEL_SKIPPED);
    }

    @Test
    void roleArnIsAnIamRoleArn() {
        assertThat(CRD.validateCreate(withSpec("roleArn", "arn:aws:iam::123456789012:role/service-role/cfn-exec")))
                .isEmpty();
        assertThat(CRD.validateCreate(withSpec("roleArn", "arn:aws-cn:iam::123456789012:role/cfn-exec"))).isEmpty();
        String pattern = "'^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}$'";
        assertThat(CRD.validateCreate(withSpec("roleArn", "arn:aws:iam::123456789012:user/deployer"))).containsExactly(
                "spec.roleArn: Invalid value: \"arn:aws:iam::123456789012:user/deployer\": spec.roleArn in body"
                        + " should match " + pattern);
        assertThat(CRD.validateCreate(withSpec("roleArn", "cfn-exec"))).containsExactly(
                "spec.roleArn: Invalid value: \"cfn-exec\": spec.roleArn in body should match " + pattern);
    }

    @Test
    void aMisspelledFieldIsRefusedByName() {
        Map<String, Object> manifest = manifest();
        spec(manifest).put("stackname", "firefly-dynamodb-users");

        assertThat(CRD.validateCreate(manifest)).containsExactly("unknown field \"spec.stackname\"");
    }

    private static Map<String, Object> withSpec(String field, Object value) {
        Map<String, Object> manifest = manifest();
        spec(manifest).put(field, value);
        return manifest;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> manifest() {
        try {
            return YAML.readValue(DYNAMODB_USERS, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> manifest) {
        return (Map<String, Object>) manifest.get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> template(Map<String, Object> manifest) {
        return (Map<String, Object>) spec(manifest).get("template");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parameters(Map<String, Object> manifest) {
        return (List<Map<String, Object>>) spec(manifest).get("parameters");
    }

    private static Map<String, Object> parameter(Map<String, Object> manifest, int index) {
        return parameters(manifest).get(index);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> valueFrom(Map<String, Object> manifest) {
        return (Map<String, Object>) parameter(manifest, 1).get("valueFrom");
    }

    /** The first yaml block after the README's "## A FireflyStack" heading. */
    private static String readmeExample() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int heading = lines.indexOf("## A FireflyStack");
        assertThat(heading).as("README.md has the heading '## A FireflyStack'").isNotNegative();
        int start = -1;
        for (int i = heading + 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith("## ")) {
                break;
            }
            if (lines.get(i).equals("```yaml")) {
                start = i + 1;
                break;
            }
        }
        assertThat(start).as("a ```yaml block under '## A FireflyStack' in README.md").isPositive();
        List<String> block = new ArrayList<>();
        for (int i = start; !lines.get(i).startsWith("```"); i++) {
            block.add(lines.get(i));
        }
        return String.join("\n", block);
    }
}
