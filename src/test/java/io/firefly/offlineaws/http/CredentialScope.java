package io.firefly.offlineaws.http;

import com.sun.net.httpserver.Headers;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SigV4 credential of a request, from its Authorization header:
 * {@code Credential=<access key id>/<date>/<region>/<service>/aws4_request}. The access key says who signed
 * (the call log keeps it, and STS maps the keys it issued to their role), the region is what a regional
 * endpoint compares with its own, and the service (the signing name: {@code cloudformation}, {@code sts})
 * tells apart the Query APIs that share this endpoint. Requests without a signature have none.
 */
record CredentialScope(String accessKeyId, String region, String service) {

    private static final Pattern SCOPE = Pattern.compile(
            "Credential=([^/,\\s]+)/\\d{8}/([^/,\\s]+)/([^/,\\s]+)/aws4_request");

    static Optional<CredentialScope> of(Headers headers) {
        return Optional.ofNullable(headers.getFirst("Authorization"))
                .map(SCOPE::matcher)
                .filter(Matcher::find)
                .map(m -> new CredentialScope(m.group(1), m.group(2), m.group(3)));
    }
}
