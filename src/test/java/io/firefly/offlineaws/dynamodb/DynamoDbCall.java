package io.firefly.offlineaws.dynamodb;

import com.sun.net.httpserver.Headers;
import io.firefly.offlineaws.http.AwsService;

/** A DynamoDB JSON 1.0 request: the operation from {@code X-Amz-Target}, the headers and the JSON body. */
public record DynamoDbCall(String action, Headers headers, byte[] body) implements AwsService.Call {
}
