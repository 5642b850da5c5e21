package io.firefly.offlineaws.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The reply to one request and what the call log records about it.
 *
 * @param errorCode     the AWS error code, null on success
 * @param stackName     the stack the call concerned, null when none
 * @param changeSetName the change set the call concerned, null when none
 * @param changeSetType the type of a created change set, null otherwise
 */
public record Outcome(int status, String contentType, byte[] body, Map<String, String> headers, String errorCode,
                      String stackName, String changeSetName, String changeSetType) {

    public static Outcome of(int status, String contentType, String body, String errorCode) {
        return new Outcome(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of(), errorCode, null, null, null);
    }

    public Outcome concerning(String stack, String changeSet, String type) {
        return new Outcome(status, contentType, body, headers, errorCode, stack, changeSet, type);
    }
}
