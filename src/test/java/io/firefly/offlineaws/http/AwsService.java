package io.firefly.offlineaws.http;

import com.sun.net.httpserver.Headers;
import io.firefly.offlineaws.control.Identity;

/**
 * One AWS API behind the shared endpoint. The front reads the request with it, then either lets it
 * handle the call on behalf of the identity that signed it, or asks it for its own reply to a request
 * signed for another region, with refused credentials, or throttled. Every answer is given to a caller:
 * its account is the one whose stacks, tables, ... the call concerns.
 */
public interface AwsService<C extends AwsService.Call> {

    /** A request read far enough to know its action. */
    interface Call {
        String action();
    }

    /** The name in the call log: "cloudformation", "dynamodb", "sqs", "events" or "sts". */
    String name();

    C read(Headers headers, byte[] body);

    Outcome handle(C call, Identity caller);

    Outcome throttled(C call, Identity caller);

    /** What the service's regional endpoint answers to a request signed for {@code signedRegion}. */
    Outcome unservedRegion(C call, Identity caller, String signedRegion);

    /** What the service answers to a request whose temporary credentials are expired or incomplete. */
    Outcome unauthenticated(C call, Identity caller, CredentialProblem problem);
}
