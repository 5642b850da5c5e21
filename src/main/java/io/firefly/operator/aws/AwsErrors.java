package io.firefly.operator.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Reads the error codes and messages that decide what the operator does next. */
public final class AwsErrors {
    private AwsErrors() {
    }

    public static boolean isThrottling(Throwable error) {
        return error instanceof AwsServiceException e && (e.isThrottlingException()
                || "Throttling".equals(code(e)) || "ThrottlingException".equals(code(e)));
    }

    public static String code(AwsServiceException error) {
        return error.awsErrorDetails() == null ? null : error.awsErrorDetails().errorCode();
    }

    public static String message(Throwable error) {
        if (error instanceof AwsServiceException e && e.awsErrorDetails() != null
                && e.awsErrorDetails().errorMessage() != null) {
            return e.awsErrorDetails().errorMessage();
        }
        return error.getMessage();
    }

    /** DescribeStacks says "Stack with id X does not exist"; other calls say "Stack [X] does not exist". */
    static boolean isStackMissing(AwsServiceException error) {
        String text = message(error);
        return "ValidationError".equals(code(error)) && text != null && text.contains("does not exist");
    }
}
