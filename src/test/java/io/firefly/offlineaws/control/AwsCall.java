package io.firefly.offlineaws.control;

import java.time.Instant;

/**
 * One request the offline AWS received.
 *
 * @param service       "cloudformation" or "dynamodb"
 * @param action        the API operation, e.g. "CreateChangeSet" or "PutItem"
 * @param stackName     the stack the call names, or the stack its change set belongs to; null when none
 * @param changeSetName the change set the call names (its name, also when the call gave its ARN); null when none
 * @param changeSetType CREATE, UPDATE or IMPORT: the type CreateChangeSet asked for, or the type of the change set
 *                      another call names; null when the call names none
 * @param errorCode     the AWS error code returned, null on success
 * @param accessKeyId   the access key the request was signed with, which tells callers apart; null when unsigned
 */
public record AwsCall(Instant at, String service, String action, String stackName, String changeSetName,
                      String changeSetType, String errorCode, String accessKeyId) {

    public boolean failed() {
        return errorCode != null;
    }
}
