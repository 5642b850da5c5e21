package io.firefly.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The two tables carry the settings their workflows and failure scenarios depend on. */
class TableTemplatesTest {

    @Test
    void registrationKeysTableExpiresKeysAndIsProtectedFromDeletion() {
        JsonNode template = CloudFormationTemplates.read(ExpectedStacks.REGISTRATION_KEYS);
        JsonNode table = CloudFormationTemplates.onlyResource(template, ExpectedStacks.REGISTRATION_KEYS);
        JsonNode properties = table.path("Properties");

        assertThat(table.path("Type").asText()).isEqualTo("AWS::DynamoDB::Table");
        // A literal name: adoption looks the table up by it before any stack exists.
        assertThat(properties.path("TableName").asText()).isEqualTo("firefly-registration-keys");
        assertHashKey(properties, "registrationKey");
        assertThat(properties.path("TimeToLiveSpecification").path("AttributeName").asText()).isEqualTo("expiresAt");
        assertThat(properties.path("TimeToLiveSpecification").path("Enabled").asBoolean()).isTrue();
        assertThat(properties.path("DeletionProtectionEnabled").asBoolean()).isTrue();
        assertImportableAndReplacementSafe(table);
        assertPublishesNameAndArn(template, "RegistrationKeysTable");
    }

    @Test
    void usersTableIsNamedByItsParameterAndKeepsPointInTimeRecovery() {
        JsonNode template = CloudFormationTemplates.read(ExpectedStacks.USERS);
        JsonNode table = CloudFormationTemplates.onlyResource(template, ExpectedStacks.USERS);
        JsonNode properties = table.path("Properties");

        assertThat(table.path("Type").asText()).isEqualTo("AWS::DynamoDB::Table");
        assertThat(properties.path("TableName").path("Ref").asText()).isEqualTo("DynamoDbUsersTableName");
        assertThat(template.path("Parameters").path("DynamoDbUsersTableName").path("Type").asText()).isEqualTo("String");
        assertHashKey(properties, "email");
        assertThat(properties.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean())
                .isTrue();
        assertImportableAndReplacementSafe(table);
        assertPublishesNameAndArn(template, "UsersTable");
    }

    private static void assertHashKey(JsonNode properties, String attribute) {
        assertThat(properties.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(properties.path("KeySchema")).hasSize(1);
        assertThat(properties.path("KeySchema").get(0).path("AttributeName").asText()).isEqualTo(attribute);
        assertThat(properties.path("KeySchema").get(0).path("KeyType").asText()).isEqualTo("HASH");
        assertThat(properties.path("AttributeDefinitions")).hasSize(1);
        assertThat(properties.path("AttributeDefinitions").get(0).path("AttributeName").asText()).isEqualTo(attribute);
        assertThat(properties.path("AttributeDefinitions").get(0).path("AttributeType").asText()).isEqualTo("S");
    }

    /**
     * An IMPORT change set needs a DeletionPolicy on the imported table. Delete (not Retain) so that
     * deleting the stack really deletes the table, or fails on its deletion protection; Retain on
     * replacement so that a replacing update never drops data.
     */
    private static void assertImportableAndReplacementSafe(JsonNode table) {
        assertThat(table.path("DeletionPolicy").asText()).isEqualTo("Delete");
        assertThat(table.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
    }

    private static void assertPublishesNameAndArn(JsonNode template, String logicalId) {
        JsonNode outputs = template.path("Outputs");
        assertThat(outputs.path("TableName").path("Value").path("Ref").asText()).isEqualTo(logicalId);
        JsonNode arn = outputs.path("TableArn").path("Value").path("Fn::GetAtt");
        assertThat(arn).hasSize(2);
        assertThat(arn.get(0).asText()).isEqualTo(logicalId);
        assertThat(arn.get(1).asText()).isEqualTo("Arn");
    }
}
