package io.firefly.offlineaws.control;

/**
 * What can go wrong between a client and an AWS endpoint besides the service's own answers: a server
 * error, or a connection that ends without a reply, before the service saw the request or after it
 * acted on it (the reply lost on the way back, the case that makes a client retry something done).
 */
public enum TransportFault {
    /** HTTP 500 InternalFailure (DynamoDB: InternalServerError); the request was not handled. */
    INTERNAL_ERROR(500),
    /** HTTP 503 ServiceUnavailable; the request was not handled. */
    SERVICE_UNAVAILABLE(503),
    /** The connection closes before the request reaches the service: nothing happened. */
    DROPPED_REQUEST(0),
    /** The service handles the request, then the connection closes before the reply is sent. */
    LOST_REPLY(0);

    private final int status;

    TransportFault(int status) {
        this.status = status;
    }

    /** The HTTP status of a server error; 0 for the faults that send no reply. */
    public int status() {
        return status;
    }
}
