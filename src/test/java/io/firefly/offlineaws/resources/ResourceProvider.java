package io.firefly.offlineaws.resources;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Optional;

/**
 * Creates, updates, deletes and imports the resources of one or more types, as CloudFormation's resource
 * handlers do. Every method may take as long as the real work takes; failures are thrown as
 * {@link ResourceFailure} with the reason CloudFormation would show.
 */
public interface ResourceProvider {

    Provisioned create(ResourceRequest request);

    /** Changes the resource in place, from the properties it has to {@code request.properties()}. */
    Provisioned update(ResourceRequest request, Provisioned current, JsonNode previousProperties);

    void delete(String type, String physicalId, DeleteCause cause);

    /** Whether going from one set of properties to the other needs a new physical resource. */
    boolean requiresReplacement(String type, JsonNode before, JsonNode after);

    /** The properties whose change needs a new physical resource: what DescribeChangeSet calls RequiresRecreation Always. */
    boolean replacesOnChange(String type, String property);

    /** The name the template gives the resource, if any: such a resource cannot be replaced under the same name. */
    Optional<String> customName(String type, JsonNode properties);

    /** Adopts an existing resource; a {@link ResourceFailure} when it does not exist. */
    Provisioned importExisting(String type, Map<String, String> identifier);

    /** The identifier property an import names the resource by, e.g. TableName. */
    String identifierProperty(String type);
}
