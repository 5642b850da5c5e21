package io.firefly.offlineaws.http;

import com.sun.net.httpserver.Headers;

/**
 * A request of an AWS JSON protocol service (SQS, EventBridge): the operation is what follows the service's
 * prefix in {@code X-Amz-Target}, the parameters are the JSON body.
 */
public record JsonCall(String action, Headers headers, byte[] body) implements AwsService.Call {

    public static JsonCall of(String targetPrefix, Headers headers, byte[] body) {
        String target = headers.getFirst("X-Amz-Target");
        return new JsonCall(target.substring(targetPrefix.length()), headers, body);
    }
}
