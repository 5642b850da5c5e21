package io.firefly.offlineaws.sts;

/** An STS error reply: its Query error code, HTTP status and message. */
final class StsError extends RuntimeException {

    private final String code;
    private final int status;

    StsError(String code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    static StsError validation(String message) {
        return new StsError("ValidationError", 400, message);
    }

    static StsError accessDenied(String callerArn, String roleArn) {
        return new StsError("AccessDenied", 403,
                "User: " + callerArn + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }
}
