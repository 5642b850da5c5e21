package io.firefly.operator.port;

/**
 * Why an AWS call did not do what was asked, in the few kinds the reconciler acts on differently. Thrown by
 * {@link AwsPort}; no SDK exception crosses the port.
 */
public abstract sealed class AwsFailure extends RuntimeException
        permits AwsFailure.Throttled, AwsFailure.Refused, AwsFailure.NotFound, AwsFailure.Unavailable {

    private AwsFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** AWS asked the operator to slow down: retry later, nothing is wrong with the stack. */
    public static final class Throttled extends AwsFailure {
        private final String operation;

        /** @param operation the API operation AWS throttled, as AWS names it: {@code CreateChangeSet} */
        public Throttled(String operation, String message, Throwable cause) {
            super(message, cause);
            this.operation = operation;
        }

        /** AWS meters each operation on its own: the one that was refused. */
        public String operation() {
            return operation;
        }
    }

    /** AWS understood the request and said no; {@code code} is its error code (ValidationError, ...). */
    public static final class Refused extends AwsFailure {
        private final String code;
        private final Rejection rejection;

        public Refused(String code, Rejection rejection, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
            this.rejection = rejection;
        }

        public String code() {
            return code;
        }

        /** What the refusal means for a change set request. */
        public Rejection rejection() {
            return rejection;
        }
    }

    /** The stack, change set or table the call names does not exist (any more). */
    public static final class NotFound extends AwsFailure {
        public NotFound(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** AWS could not be reached or failed on its side (network, 5xx, credentials): retry later. */
    public static final class Unavailable extends AwsFailure {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
