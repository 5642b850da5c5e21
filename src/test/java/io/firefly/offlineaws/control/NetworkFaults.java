package io.firefly.offlineaws.control;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Server errors and dropped connections, as clients of a real AWS endpoint meet them now and then. Both
 * rates apply to every request, CloudFormation and DynamoDB alike, and are read at each request.
 */
public final class NetworkFaults {

    private volatile double serverErrorRate;
    private volatile double dropRate;

    /** This share (0 to 1) of requests is answered 500 or 503, half each, without being handled. */
    public void serverErrors(double rate) {
        serverErrorRate = checked(rate);
    }

    /**
     * This share (0 to 1) of requests ends with the connection closed and no reply: half before the
     * service sees the request, half after it has handled it.
     */
    public void dropConnections(double rate) {
        dropRate = checked(rate);
    }

    public void clear() {
        serverErrorRate = 0;
        dropRate = 0;
    }

    /** The fault that strikes the request now arriving, if any. */
    public Optional<TransportFault> draw() {
        double errors = serverErrorRate;
        double drops = dropRate;
        if (errors <= 0 && drops <= 0) {
            return Optional.empty();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        double roll = random.nextDouble();
        if (roll < errors) {
            return Optional.of(random.nextBoolean() ? TransportFault.INTERNAL_ERROR : TransportFault.SERVICE_UNAVAILABLE);
        }
        if (roll < errors + drops) {
            return Optional.of(random.nextBoolean() ? TransportFault.DROPPED_REQUEST : TransportFault.LOST_REPLY);
        }
        return Optional.empty();
    }

    private static double checked(double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be between 0 and 1, got " + rate);
        }
        return rate;
    }
}
