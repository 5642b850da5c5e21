package io.firefly.offlineaws.resources;

/** A resource operation failed; the message is the ResourceStatusReason CloudFormation shows. */
public final class ResourceFailure extends RuntimeException {

    public ResourceFailure(String reason) {
        super(reason);
    }

    /** A failure reported by a service, worded as CloudFormation's resource handlers word it. */
    public static ResourceFailure handler(String serviceMessage) {
        return new ResourceFailure("Resource handler returned message: \"" + serviceMessage + "\"");
    }

    public static ResourceFailure notFound(String type, String identifier) {
        return new ResourceFailure("Resource of type '" + type + "' with identifier '" + identifier + "' was not found.");
    }

    public static ResourceFailure alreadyExists(String type, String identifier) {
        return new ResourceFailure("Resource of type '" + type + "' with identifier '" + identifier + "' already exists.");
    }
}
