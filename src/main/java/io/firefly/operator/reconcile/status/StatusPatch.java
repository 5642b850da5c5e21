package io.firefly.operator.reconcile.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.firefly.operator.api.FireflyAccount;
import io.firefly.operator.api.FireflyStack;

/**
 * Replaces a FireflyStack's whole status with one JSON Patch {@code add /status} operation, without
 * resourceVersion: the operator is the status' only writer. A JSON merge patch would do on a real API server,
 * but the Fabric8 mock server appends to lists on merge, and JOSDK's diff-based JSON Patch fails against an
 * object without status; one {@code add} of the whole status behaves the same everywhere.
 */
public final class StatusPatch {
    private StatusPatch() {
    }

    /** @return the FireflyStack as the API server has it after the write */
    public static FireflyStack replaceStatus(KubernetesClient client, FireflyStack resource) {
        return client.resources(FireflyStack.class).inNamespace(resource.getMetadata().getNamespace())
                .withName(resource.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON), patch(resource.getStatus()));
    }

    public static void replaceStatus(KubernetesClient client, FireflyAccount resource) {
        client.resources(FireflyAccount.class).withName(resource.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON), patch(resource.getStatus()));
    }

    private static String patch(Object status) {
        ArrayNode patch = Serialization.jsonMapper().createArrayNode();
        patch.addObject().put("op", "add").put("path", "/status")
                .set("value", Serialization.jsonMapper().valueToTree(status));
        return patch.toString();
    }
}
