package io.firefly.offlineaws.http;

/**
 * Why the credentials a request was signed with are refused, before any service looks at the request. Each
 * service words it in its own error format (see {@link AwsService#unauthenticated}); the texts are the ones
 * AWS services answer with.
 *
 * @param queryCode the code of the Query protocol services (CloudFormation, STS)
 * @param queryStatus the HTTP status they answer with
 * @param jsonType the exception name of the JSON protocol services (DynamoDB, SQS, EventBridge), which answer 400
 */
public enum CredentialProblem {

    /** Temporary credentials used after their expiration. */
    EXPIRED("ExpiredToken", 400, "ExpiredTokenException", "The security token included in the request is expired"),
    /** Temporary credentials sent without their session token, or with another one. */
    INVALID("InvalidClientTokenId", 403, "UnrecognizedClientException", "The security token included in the request is invalid.");

    private final String queryCode;
    private final int queryStatus;
    private final String jsonType;
    private final String message;

    CredentialProblem(String queryCode, int queryStatus, String jsonType, String message) {
        this.queryCode = queryCode;
        this.queryStatus = queryStatus;
        this.jsonType = jsonType;
        this.message = message;
    }

    public String queryCode() {
        return queryCode;
    }

    public int queryStatus() {
        return queryStatus;
    }

    public String jsonType() {
        return jsonType;
    }

    public String message() {
        return message;
    }
}
