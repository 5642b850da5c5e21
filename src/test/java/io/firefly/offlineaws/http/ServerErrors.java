package io.firefly.offlineaws.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.firefly.offlineaws.control.TransportFault;

import java.util.UUID;

/**
 * The 500 and 503 answers of AWS endpoints, each in its service's error format: the Query XML
 * {@code <ErrorResponse>} for CloudFormation (AWS's common errors InternalFailure and ServiceUnavailable),
 * the JSON {@code __type} for DynamoDB (InternalServerError and ServiceUnavailable). Clients treat both
 * as retryable server faults.
 */
final class ServerErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerErrors() {
    }

    static Outcome of(String service, TransportFault fault) {
        boolean unavailable = fault == TransportFault.SERVICE_UNAVAILABLE;
        if (service.equals("dynamodb")) {
            String code = unavailable ? "ServiceUnavailable" : "InternalServerError";
            String body = JSON.createObjectNode().put("__type", "com.amazonaws.dynamodb.v20120810#" + code)
                    .put("message", unavailable ? "The service is currently unavailable or busy." : "Internal server error")
                    .toString();
            return Outcome.of(fault.status(), "application/x-amz-json-1.0", body, code);
        }
        String code = unavailable ? "ServiceUnavailable" : "InternalFailure";
        String message = unavailable ? "The request has failed due to a temporary failure of the server."
                : "The request processing has failed because of an unknown error, exception or failure.";
        String body = new XmlWriter().start("ErrorResponse", "http://cloudformation.amazonaws.com/doc/2010-05-15/")
                .start("Error").element("Type", "Receiver").element("Code", code).element("Message", message).end()
                .element("RequestId", UUID.randomUUID())
                .end().toString();
        return Outcome.of(fault.status(), "text/xml", body, code);
    }
}
