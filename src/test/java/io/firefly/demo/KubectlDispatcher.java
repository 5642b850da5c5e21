package io.firefly.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Lets plain {@code kubectl} use the embedded API: the Fabric8 mock server stores and watches objects but
 * serves no API discovery and no server-side tables. This adds the discovery documents of the resources
 * the demo uses, and renders FireflyStack lists as a meta.k8s.io Table with the CRD's printer columns, so
 * {@code kubectl get fireflystacks} prints what it prints against a real cluster. It also notes every call
 * made with the kubeconfig's token (the operator's, and a person's kubectl), as RBAC would see them, and
 * lets {@link ApiFaults} disturb those calls.
 */
final class KubectlDispatcher extends KubernetesMixedDispatcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FIREFLY_LIST = Pattern.compile("^/apis/firefly\\.io/v1alpha1/(namespaces/[^/]+/)?fireflystacks(/[^/?]+)?(\\?.*)?$");
    private static final String CORE = """
            {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"v1","resources":[
             {"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace","verbs":["create","delete","get","list","patch","update","watch"],"shortNames":["ns"]},
             {"name":"configmaps","singularName":"configmap","namespaced":true,"kind":"ConfigMap","verbs":["create","delete","get","list","patch","update","watch"],"shortNames":["cm"]},
             {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["create","delete","get","list","patch","update","watch"]},
             {"name":"events","singularName":"event","namespaced":true,"kind":"Event","verbs":["create","delete","get","list","patch","update","watch"],"shortNames":["ev"]}]}""";
    private static final String FIREFLY = """
            {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"firefly.io/v1alpha1","resources":[
             {"name":"fireflystacks","singularName":"fireflystack","namespaced":true,"kind":"FireflyStack","verbs":["create","delete","deletecollection","get","list","patch","update","watch"],"shortNames":["ffs"]},
             {"name":"fireflystacks/status","singularName":"","namespaced":true,"kind":"FireflyStack","verbs":["get","patch","update"]}]}""";
    private static final Map<String, String> DISCOVERY = Map.of(
            "/api", """
                    {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1"}]}""",
            "/apis", """
                    {"kind":"APIGroupList","apiVersion":"v1","groups":[
                     {"name":"firefly.io","versions":[{"groupVersion":"firefly.io/v1alpha1","version":"v1alpha1"}],"preferredVersion":{"groupVersion":"firefly.io/v1alpha1","version":"v1alpha1"}}]}""",
            "/api/v1", CORE,
            "/apis/firefly.io/v1alpha1", FIREFLY);

    private final List<Column> columns;
    private final String kubeconfigAuthorization;
    private final Set<KubernetesApiCall> kubeconfigCalls = ConcurrentHashMap.newKeySet();
    private final ApiFaults faults = new ApiFaults();

    KubectlDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations, JsonNode crd, String kubeconfigToken) {
        super(expectations);
        this.columns = Column.of(crd);
        this.kubeconfigAuthorization = "Bearer " + kubeconfigToken;
    }

    /** The distinct calls made so far with the kubeconfig's token. */
    Set<KubernetesApiCall> kubeconfigCalls() {
        return Set.copyOf(kubeconfigCalls);
    }

    /** Conflicts and dropped watches for the calls made with the kubeconfig. */
    ApiFaults faults() {
        return faults;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        if (kubeconfigAuthorization.equals(request.getHeader("Authorization"))) {
            KubernetesApiCall.of(request.getMethod(), path).ifPresent(kubeconfigCalls::add);
            Optional<MockResponse> conflict = faults.conflict(request);
            if (conflict.isPresent()) {
                return conflict.get();
            }
            return faults.tracked(answer(request, path));
        }
        return answer(request, path);
    }

    private MockResponse answer(RecordedRequest request, String path) {
        String pathOnly = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if ("GET".equals(request.getMethod()) && DISCOVERY.containsKey(pathOnly)) {
            return json(DISCOVERY.get(pathOnly));
        }
        MockResponse response = super.dispatch(request);
        String accept = String.valueOf(request.getHeader("Accept"));
        if ("GET".equals(request.getMethod()) && accept.contains("as=Table") && !path.contains("watch=")
                && FIREFLY_LIST.matcher(path).matches() && response.code() == 200) {
            return json(table(response.getBody().readUtf8()));
        }
        return response;
    }

    private String table(String body) {
        try {
            JsonNode object = JSON.readTree(body);
            ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
            table.putObject("metadata").put("resourceVersion", object.path("metadata").path("resourceVersion").asText());
            ArrayNode definitions = table.putArray("columnDefinitions");
            definitions.addObject().put("name", "Name").put("type", "string").put("format", "name").put("priority", 0);
            columns.forEach(c -> definitions.addObject().put("name", c.name()).put("type", c.type()).put("priority", 0));
            ArrayNode rows = table.putArray("rows");
            Iterable<JsonNode> items = object.has("items") ? object.get("items") : List.of(object);
            for (JsonNode item : items) {
                ObjectNode row = rows.addObject();
                ArrayNode cells = row.putArray("cells");
                cells.add(item.path("metadata").path("name").asText());
                columns.forEach(c -> cells.add(c.valueIn(item)));
                ObjectNode partial = row.putObject("object");
                partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
                partial.set("metadata", item.path("metadata"));
            }
            return JSON.writeValueAsString(table);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static MockResponse json(String body) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body);
    }

    /** A printer column of the CRD: a simple JSON path, with the one filter form the CRD uses. */
    record Column(String name, String type, String jsonPath) {
        private static final Pattern FILTER = Pattern.compile("^(\\w+)\\[\\?\\(@\\.(\\w+)==\"([^\"]*)\"\\)\\]$");

        static List<Column> of(JsonNode crd) {
            JsonNode printed = crd.path("spec").path("versions").get(0).path("additionalPrinterColumns");
            return java.util.stream.StreamSupport.stream(printed.spliterator(), false)
                    .map(c -> new Column(c.path("name").asText(), c.path("type").asText(), c.path("jsonPath").asText()))
                    .toList();
        }

        String valueIn(JsonNode object) {
            JsonNode node = object;
            for (String step : jsonPath.substring(1).split("\\.(?![^\\[]*\\])")) {
                var filter = FILTER.matcher(step);
                if (filter.matches()) {
                    node = java.util.stream.StreamSupport.stream(node.path(filter.group(1)).spliterator(), false)
                            .filter(e -> filter.group(3).equals(e.path(filter.group(2)).asText()))
                            .findFirst().orElse(JSON.missingNode());
                } else {
                    node = node.path(step);
                }
            }
            return node.isMissingNode() || node.isNull() ? "" : node.asText();
        }
    }
}
