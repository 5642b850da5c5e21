package io.firefly.offlineaws.cloudformation;

import java.util.Map;

/** One entry of CreateChangeSet's ResourcesToImport, e.g. a table with identifier {TableName: users}. */
public record ResourceToImport(String resourceType, String logicalId, Map<String, String> identifier) {
}
