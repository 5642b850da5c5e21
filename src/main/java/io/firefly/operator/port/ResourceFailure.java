package io.firefly.operator.port;

import io.firefly.operator.api.FailedResource;

/** A resource CloudFormation could not create, update or delete, and what blocks its deletion, if anything. */
public record ResourceFailure(FailedResource resource, DeleteBlocker blocker) {
}
