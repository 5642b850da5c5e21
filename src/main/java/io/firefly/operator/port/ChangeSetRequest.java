package io.firefly.operator.port;

import java.util.List;
import java.util.Map;

/** Everything a CreateChangeSet call needs, already resolved from the FireflyStack. */
public record ChangeSetRequest(
        String stackName,
        String changeSetName,
        ChangeSetKind kind,
        String templateBody,
        String templateUrl,
        Map<String, String> parameters,
        List<String> capabilities,
        Map<String, String> tags,
        String roleArn,
        List<ImportedTable> resourcesToImport) {

    public enum ChangeSetKind { CREATE, UPDATE, IMPORT }

    /** A DynamoDB table named by the template that already exists and is adopted into the stack. */
    public record ImportedTable(String logicalId, String tableName) {
    }
}
