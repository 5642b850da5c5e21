package io.firefly.offlineaws.cloudformation;

import io.firefly.offlineaws.http.CredentialProblem;

/** An error reply of the CloudFormation Query API: its code, HTTP status and message, as AWS sends them. */
public final class CloudFormationError extends RuntimeException {

    private final String code;
    private final int status;

    private CloudFormationError(String code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public static CloudFormationError validation(String message) {
        return new CloudFormationError("ValidationError", 400, message);
    }

    public static CloudFormationError stackNotFound(String stackName) {
        return validation("Stack with id " + stackName + " does not exist");
    }

    /** The wording DescribeStackEvents, ListChangeSets and DeleteChangeSet use for a missing stack. */
    public static CloudFormationError stackNotFoundBracketed(String stackName) {
        return validation("Stack [" + stackName + "] does not exist");
    }

    public static CloudFormationError changeSetNotFound(String changeSetName) {
        return new CloudFormationError("ChangeSetNotFound", 404, "ChangeSet [" + changeSetName + "] does not exist");
    }

    public static CloudFormationError alreadyExists(String message) {
        return new CloudFormationError("AlreadyExistsException", 400, message);
    }

    public static CloudFormationError insufficientCapabilities(String capability) {
        return new CloudFormationError("InsufficientCapabilitiesException", 400, "Requires capabilities : [" + capability + "]");
    }

    public static CloudFormationError limitExceeded(String message) {
        return new CloudFormationError("LimitExceededException", 400, message);
    }

    public static CloudFormationError invalidChangeSetStatus(String message) {
        return new CloudFormationError("InvalidChangeSetStatus", 400, message);
    }

    public static CloudFormationError throttling() {
        return new CloudFormationError("Throttling", 400, "Rate exceeded");
    }

    /** A request signed for a region this endpoint does not serve (AWS's signature-check wording, with its trailing space). */
    public static CloudFormationError unservedRegion(String signedRegion) {
        return new CloudFormationError("SignatureDoesNotMatch", 403,
                "Credential should be scoped to a valid region, not '" + signedRegion + "'. ");
    }

    /** Temporary credentials that are expired or lack their session token, refused before the action is looked at. */
    public static CloudFormationError unauthenticated(CredentialProblem problem) {
        return new CloudFormationError(problem.queryCode(), problem.queryStatus(), problem.message());
    }

    public static CloudFormationError invalidAction(String action) {
        return new CloudFormationError("InvalidAction", 400, "Could not find operation " + action + " for version 2010-05-15");
    }

    /** A required request field is absent; {@code field} is its camel-case name, as AWS reports it. */
    public static CloudFormationError missing(String field) {
        return validation("1 validation error detected: Value null at '" + field
                + "' failed to satisfy constraint: Member must not be null");
    }
}
