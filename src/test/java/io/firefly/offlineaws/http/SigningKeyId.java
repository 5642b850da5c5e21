package io.firefly.offlineaws.http;

import com.sun.net.httpserver.Headers;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The access key a request was signed with: the first part of the SigV4 credential in its Authorization
 * header, {@code Credential=<key id>/<date>/<region>/<service>/aws4_request}. The call log keeps it, so a
 * test can tell the operator's calls from its own. Requests without a signature have none.
 */
final class SigningKeyId {

    private static final Pattern KEY_ID = Pattern.compile("Credential=([^/,\\s]+)/");

    private SigningKeyId() {
    }

    static Optional<String> of(Headers headers) {
        return Optional.ofNullable(headers.getFirst("Authorization"))
                .map(KEY_ID::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1));
    }
}
