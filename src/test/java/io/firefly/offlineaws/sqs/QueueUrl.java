package io.firefly.offlineaws.sqs;

import java.util.Optional;

/**
 * What a queue URL names: the account that owns the queue and the queue's name, the two segments of its path
 * ({@code https://sqs.REGION.amazonaws.com/ACCOUNT/NAME}, or {@code http://127.0.0.1:PORT/ACCOUNT/NAME} here).
 */
record QueueUrl(String accountId, String name) {

    /** Empty for a URL whose path is not two segments. */
    static Optional<QueueUrl> parse(String url) {
        String path = url.replaceFirst("^[a-z]+://[^/]*", "");
        String[] parts = path.split("/");
        if (parts.length != 3 || !parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new QueueUrl(parts[1], parts[2]));
    }
}
