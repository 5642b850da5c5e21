package io.firefly.offlineaws.events;

/** An EventBridge error reply: its {@code __type} and message. */
final class EventBridgeError extends RuntimeException {
    private final String type;

    EventBridgeError(String type, String message) {
        super(message);
        this.type = type;
    }

    String type() {
        return type;
    }
}
