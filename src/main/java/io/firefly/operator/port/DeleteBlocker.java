package io.firefly.operator.port;

/** What kept CloudFormation from deleting a resource, sorted from its reason text by the AWS adapter. */
public enum DeleteBlocker {
    /** A DynamoDB table with deletion protection enabled. */
    DELETION_PROTECTION,
    /** A DynamoDB table whose point-in-time recovery blocks its deletion. */
    POINT_IN_TIME_RECOVERY,
    /** A resource that holds data CloudFormation will not delete (a non-empty table or bucket). */
    NOT_EMPTY,
    /** The failure was not a deletion, or its reason is not one of the above. */
    OTHER
}
