package io.firefly.offlineaws.resources;

import java.util.Map;

/** A resource that exists: its physical id (what Ref yields) and its Fn::GetAtt attributes. */
public record Provisioned(String physicalId, Map<String, String> attributes) {

    public Provisioned {
        attributes = Map.copyOf(attributes);
    }
}
