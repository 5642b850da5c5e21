package io.firefly.offlineaws.http;

import com.sun.net.httpserver.Headers;

/**
 * One AWS API behind the shared endpoint. The front reads the request with it, then either lets it
 * handle the call or asks it for its own reply to a request signed for another region, or to a
 * throttled one.
 */
public interface AwsService<C extends AwsService.Call> {

    /** A request read far enough to know its action. */
    interface Call {
        String action();
    }

    /** The name in the call log: "cloudformation" or "dynamodb". */
    String name();

    C read(Headers headers, byte[] body);

    Outcome handle(C call);

    Outcome throttled(C call);

    /** What the service's regional endpoint answers to a request signed for {@code signedRegion}. */
    Outcome unservedRegion(C call, String signedRegion);
}
