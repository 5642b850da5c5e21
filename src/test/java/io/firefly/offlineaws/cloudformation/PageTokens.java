package io.firefly.offlineaws.cloudformation;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * NextToken values: opaque to clients, a kind and a position inside. Positions are stable keys (a stack's
 * creation sequence, an index in an event history that only grows), so pages neither repeat nor skip
 * entries when stacks come and go between two calls.
 */
final class PageTokens {

    private PageTokens() {
    }

    static String of(String kind, long position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((kind + ":" + position).getBytes(StandardCharsets.UTF_8));
    }

    static long read(String token, String kind) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(kind + ":")) {
                return Long.parseLong(text.substring(kind.length() + 1));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw CloudFormationError.validation("Invalid NextToken: pass the NextToken of the previous page unchanged");
    }
}
