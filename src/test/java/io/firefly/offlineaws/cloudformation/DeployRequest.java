package io.firefly.offlineaws.cloudformation;

import java.util.List;
import java.util.Map;

/**
 * What CreateChangeSet, CreateStack and UpdateStack ask for.
 *
 * @param changeSetName  null for CreateStack and UpdateStack
 * @param changeSetType  CREATE, UPDATE or IMPORT; for CreateStack CREATE, for UpdateStack UPDATE
 * @param tags           null when the request gives none: the stack keeps the tags it has
 * @param roleArn        null when the request gives none: the stack keeps the role it has
 * @param clientToken    ClientToken / ClientRequestToken; may be null
 */
public record DeployRequest(String stackName, String changeSetName, String changeSetType, String templateBody,
                            String templateUrl, boolean usePreviousTemplate, List<ParameterInput> parameters,
                            List<String> capabilities, Map<String, String> tags, String roleArn,
                            List<String> notificationArns, String description, List<ResourceToImport> resourcesToImport,
                            String clientToken, boolean disableRollback, boolean terminationProtection) {

    /** What identifies the request, so that sending the same change set twice is not an error. */
    String fingerprint() {
        return String.join("\u0000", String.valueOf(changeSetType), String.valueOf(templateBody),
                String.valueOf(usePreviousTemplate), String.valueOf(parameters), String.valueOf(capabilities),
                String.valueOf(tags), String.valueOf(roleArn), String.valueOf(resourcesToImport));
    }
}
