package io.firefly.offlineaws.http;

import com.sun.net.httpserver.Headers;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The region a request was signed for: the third part of the SigV4 credential scope in its Authorization
 * header, {@code Credential=<key id>/<date>/<region>/<service>/aws4_request}. A regional AWS endpoint
 * compares it with its own region before anything else. Requests without a signature have none.
 */
final class SigningRegion {

    private static final Pattern SCOPE = Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([^/,\\s]+)/[^/,\\s]+/aws4_request");

    private SigningRegion() {
    }

    static Optional<String> of(Headers headers) {
        return Optional.ofNullable(headers.getFirst("Authorization"))
                .map(SCOPE::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1));
    }
}
