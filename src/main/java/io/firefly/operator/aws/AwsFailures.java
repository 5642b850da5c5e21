package io.firefly.operator.aws;

import io.firefly.operator.port.AwsFailure;
import io.firefly.operator.port.DeleteBlocker;
import io.firefly.operator.port.Rejection;
import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place that reads AWS's error codes and texts: SDK exceptions become {@link AwsFailure}s. Where AWS
 * gives only text (CloudFormation says "does not exist" with the generic ValidationError code), it is read here.
 */
final class AwsFailures {
    private static final java.util.regex.Pattern REQUEST_ID =
            java.util.regex.Pattern.compile(",?\\s*Request ID: [^,)\\s]*", java.util.regex.Pattern.CASE_INSENSITIVE);

    private AwsFailures() {
    }

    /** @param operation the API operation that failed, as AWS names it ({@code DescribeStacks}) */
    static AwsFailure translate(SdkException error, String operation) {
        String message = message(error);
        if (isThrottling(error)) {
            return new AwsFailure.Throttled(operation, message, error);
        }
        if (error instanceof AwsServiceException e) {
            if (isMissing(e)) {
                return new AwsFailure.NotFound(message, error);
            }
            if (e.statusCode() >= 500) {
                return new AwsFailure.Unavailable(message, error);
            }
            return new AwsFailure.Refused(code(e), rejection(code(e), message), message, error);
        }
        return new AwsFailure.Unavailable(message, error);
    }

    /** The outcome label of the AWS call metric. */
    static String outcome(Throwable error) {
        if (isThrottling(error)) {
            return "throttled";
        }
        return error instanceof AwsServiceException e && code(e) != null ? code(e) : "client_error";
    }

    /** CloudFormation answers Throttling, DynamoDB ThrottlingException; the SDK knows more codes. */
    static boolean isThrottling(Throwable error) {
        return error instanceof AwsServiceException e && (e.isThrottlingException()
                || "Throttling".equals(code(e)) || "ThrottlingException".equals(code(e)));
    }

    /**
     * DescribeStacks says "Stack with id X does not exist", other calls "Stack [X] does not exist", both with
     * the generic ValidationError code; change sets and tables have codes of their own.
     */
    static boolean isMissing(AwsServiceException error) {
        String code = code(error);
        String text = message(error);
        return "ChangeSetNotFound".equals(code) || "ChangeSetNotFoundException".equals(code)
                || "ResourceNotFoundException".equals(code)
                || ("ValidationError".equals(code) && text != null
                && text.toLowerCase(Locale.ROOT).contains("does not exist"));
    }

    /**
     * Sorts why a change set was refused (CreateChangeSet's error) or FAILED (its StatusReason). CloudFormation
     * reports "nothing to change" as a FAILED change set with one of two texts (AWS CloudFormation User Guide,
     * "Update stacks using change sets").
     */
    static Rejection rejection(String code, String reason) {
        String text = reason == null ? "" : reason;
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("didn't contain changes") || lower.contains("no updates are to be performed")) {
            return Rejection.NO_CHANGES;
        }
        if ("InsufficientCapabilitiesException".equals(code) || text.contains("Requires capabilities")) {
            return Rejection.MISSING_CAPABILITIES;
        }
        if (text.startsWith("Template format error") || text.startsWith("Template error") || text.contains("Parameters:")
                || text.startsWith("Parameter '") || text.contains("Unresolved resource dependencies")) {
            return Rejection.TEMPLATE_INVALID;
        }
        return Rejection.OTHER;
    }

    /** What a DELETE_FAILED resource's reason says blocks its deletion. */
    static DeleteBlocker deleteBlocker(String reason) {
        String text = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (text.contains("protected against deletion") || text.contains("deletion protection")) {
            return DeleteBlocker.DELETION_PROTECTION;
        }
        if (text.contains("point-in-time") || text.contains("pitr")) {
            return DeleteBlocker.POINT_IN_TIME_RECOVERY;
        }
        if (text.contains("not empty") || text.contains("non-empty")) {
            return DeleteBlocker.NOT_EMPTY;
        }
        return DeleteBlocker.OTHER;
    }

    /**
     * A resource's failure reason without the request id AWS puts in it ("..., Request ID: 3fee...)"): the id
     * differs on every attempt, and a reason that changes at every retry would be a new status and a new event
     * each time for the same failure.
     */
    static String withoutRequestId(String reason) {
        return reason == null ? null : REQUEST_ID.matcher(reason).replaceAll("");
    }

    static String code(AwsServiceException error) {
        return error.awsErrorDetails() == null ? null : error.awsErrorDetails().errorCode();
    }

    static String message(Throwable error) {
        if (error instanceof AwsServiceException e && e.awsErrorDetails() != null
                && e.awsErrorDetails().errorMessage() != null) {
            return e.awsErrorDetails().errorMessage();
        }
        return error.getMessage();
    }
}
