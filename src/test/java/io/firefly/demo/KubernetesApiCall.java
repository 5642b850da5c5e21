package io.firefly.demo;

import java.util.Arrays;
import java.util.Optional;

/**
 * One Kubernetes API request as RBAC sees it: API group, resource (with its subresource, as in
 * {@code fireflystacks/status}) and verb. Lets a test hold what the operator really called against what
 * the Helm chart grants.
 */
public record KubernetesApiCall(String group, String resource, String verb) {

    /** The call a request makes, or empty for requests outside any resource (discovery, /version). */
    static Optional<KubernetesApiCall> of(String method, String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        boolean watch = query >= 0 && pathAndQuery.substring(query).matches(".*[?&]watch=(true|1).*");
        String[] segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        String group;
        int rest;
        if (segments.length >= 3 && segments[0].equals("api")) {
            group = "";
            rest = 2;
        } else if (segments.length >= 4 && segments[0].equals("apis")) {
            group = segments[1];
            rest = 3;
        } else {
            return Optional.empty();
        }
        // namespaces/<ns>/<resource>/... is a namespaced resource; namespaces/<name> is the Namespace itself.
        if (segments[rest].equals("namespaces") && segments.length >= rest + 3) {
            rest += 2;
        }
        String resource = segments[rest];
        boolean named = segments.length > rest + 1;
        if (segments.length > rest + 2) {
            resource += "/" + segments[rest + 2];
        }
        String verb = switch (method) {
            case "GET" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase();
        };
        return Optional.of(new KubernetesApiCall(group, resource, verb));
    }
}
