package io.firefly.offlineaws.http;

import io.firefly.offlineaws.control.Identity;
import java.util.Optional;

/** Who a request acts as, from the access key id of its signature and its session token. */
public interface Authenticator {

    /** The outcome of checking a request's credentials: who it acts as, and why it is refused if it is. */
    record Authentication(Identity identity, Optional<CredentialProblem> problem) {
    }

    Authentication authenticate(Optional<String> accessKeyId, String sessionToken);
}
