package io.firefly.offlineaws.template.serverless;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Placeholder until the expansion lands. */
public final class ServerlessTransform {
    private ServerlessTransform() {
    }

    public static ObjectNode expand(ObjectNode template) {
        throw new UnsupportedOperationException("AWS::Serverless-2016-10-31 expansion is not implemented yet");
    }
}
