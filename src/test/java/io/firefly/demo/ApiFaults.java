package io.firefly.demo;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * What a busy API server does to a controller now and then, switchable while the embedded API runs:
 * writes to FireflyStacks refused with 409 Conflict (another writer changed the object first), and
 * watches that end, which a client must notice and open again. Only requests made with the kubeconfig
 * (the operator's) are affected; the embedded API's own client is not.
 */
public final class ApiFaults {
    private static final Pattern FIREFLY_OBJECT = Pattern.compile("^/apis/firefly\\.io/v1alpha1/namespaces/[^/]+/fireflystacks/[^/?]+.*");
    private static final Set<String> WRITES = Set.of("PUT", "PATCH");

    private volatile double conflictRate;
    private final Set<WebSocket> watches = ConcurrentHashMap.newKeySet();

    /** This share (0 to 1) of updates and patches of a FireflyStack (status included) is answered 409 Conflict. */
    public void conflicts(double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("conflict rate must be between 0 and 1, got " + rate);
        }
        conflictRate = rate;
    }

    /** Ends every open watch, as an API server restart or a load balancer timeout does; returns how many. */
    public int dropWatches() {
        int dropped = 0;
        for (WebSocket watch : Set.copyOf(watches)) {
            watches.remove(watch);
            if (watch.close(1000, "watch closed by the API server")) {
                dropped++;
            }
        }
        return dropped;
    }

    public void clear() {
        conflictRate = 0;
    }

    /** The 409 the API server answers a write based on an outdated object, when one is due for this request. */
    Optional<MockResponse> conflict(RecordedRequest request) {
        double rate = conflictRate;
        if (rate <= 0 || !WRITES.contains(request.getMethod()) || !FIREFLY_OBJECT.matcher(request.getPath()).matches()
                || ThreadLocalRandom.current().nextDouble() >= rate) {
            return Optional.empty();
        }
        String name = request.getPath().replaceAll("^.*/fireflystacks/([^/?]+).*$", "$1");
        String status = """
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be \
                fulfilled on fireflystacks.firefly.io \\"%s\\": the object has been modified; please apply your changes \
                to the latest version and try again","reason":"Conflict","details":{"name":"%s","group":"firefly.io",\
                "kind":"fireflystacks"},"code":409}""".formatted(name, name);
        return Optional.of(new MockResponse().setResponseCode(409).setHeader("Content-Type", "application/json").setBody(status));
    }

    /** Keeps hold of a watch the API opens for this response, so that it can be dropped later. */
    MockResponse tracked(MockResponse response) {
        WebSocketListener watch = response.getWebSocketListener();
        if (watch == null) {
            return response;
        }
        return response.withWebSocketUpgrade(new TrackedWatch(watch));
    }

    /** The mock server's own watch listener, with its socket noted while it is open. */
    private final class TrackedWatch extends WebSocketListener {
        private final WebSocketListener delegate;

        TrackedWatch(WebSocketListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onBeforeAccept(WebSocket webSocket, Response response) {
            delegate.onBeforeAccept(webSocket, response);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            watches.add(webSocket);
            delegate.onOpen(webSocket, response);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            delegate.onMessage(webSocket, text);
        }

        @Override
        public void onMessage(WebSocket webSocket, io.fabric8.mockwebserver.http.ByteString bytes) {
            delegate.onMessage(webSocket, bytes);
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            delegate.onMessage(webSocket, bytes);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            watches.remove(webSocket);
            delegate.onClosing(webSocket, code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            watches.remove(webSocket);
            delegate.onClosed(webSocket, code, reason);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
            watches.remove(webSocket);
            delegate.onFailure(webSocket, failure, response);
        }
    }
}
