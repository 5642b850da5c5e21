package io.firefly.operator.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization without kubectl, to the same objects {@code kubectl kustomize} makes, for
 * the features examples/firefly uses: namespace, labels (pairs), resources (files),
 * configMapGenerator (files, with the name-suffix hash) and nameReference configurations. Any
 * other feature is refused by name, so the two renderers cannot silently disagree.
 */
final class LocalKustomization {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> KUSTOMIZATION_FIELDS =
            Set.of("apiVersion", "kind", "namespace", "labels", "resources", "configMapGenerator", "configurations");
    /** Kinds whose objects have no namespace; kustomize leaves them alone. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "CustomResourceDefinition", "ClusterRole",
            "ClusterRoleBinding");

    private final Path directory;
    private final JsonNode kustomization;
    /** Generated ConfigMaps: name as written in the manifests → name with the hash suffix. */
    private final Map<String, String> generatedNames = new HashMap<>();

    private LocalKustomization(Path directory) {
        this.directory = directory;
        this.kustomization = YamlDocuments.readSingle(directory.resolve("kustomization.yaml"));
    }

    static List<JsonNode> render(Path directory) {
        return new LocalKustomization(directory).render();
    }

    private List<JsonNode> render() {
        refuseUnknown(kustomization, KUSTOMIZATION_FIELDS, "kustomization.yaml");
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path file = directory.resolve(resource.asText());
            if (!Files.isRegularFile(file)) {
                throw unsupported("resource " + resource.asText() + " is not a file (directories and remote bases are not supported)");
            }
            YamlDocuments.read(file).forEach(document -> objects.add((ObjectNode) document));
        }
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            objects.add(configMap(generator));
        }
        String namespace = kustomization.path("namespace").asText(null);
        for (ObjectNode object : objects) {
            ObjectNode metadata = object.withObjectProperty("metadata");
            if (namespace != null && !CLUSTER_SCOPED.contains(object.path("kind").asText())) {
                metadata.put("namespace", namespace);
            }
            for (JsonNode labels : kustomization.path("labels")) {
                refuseUnknown(labels, Set.of("pairs"), "an entry of labels");
                metadata.withObjectProperty("labels").setAll((ObjectNode) labels.path("pairs"));
            }
        }
        for (JsonNode configuration : kustomization.path("configurations")) {
            applyNameReferences(YamlDocuments.readSingle(directory.resolve(configuration.asText())), objects);
        }
        return List.copyOf(objects);
    }

    private ObjectNode configMap(JsonNode generator) {
        refuseUnknown(generator, Set.of("name", "files"), "an entry of configMapGenerator");
        Map<String, String> data = new LinkedHashMap<>();
        for (JsonNode source : generator.path("files")) {
            // "key=path" names the key; a bare path uses the file name, as kustomize does.
            String[] keyAndPath = source.asText().split("=", 2);
            Path file = directory.resolve(keyAndPath[keyAndPath.length - 1]);
            String key = keyAndPath.length == 2 ? keyAndPath[0] : file.getFileName().toString();
            data.put(key, YamlDocuments.text(file));
        }
        String name = generator.path("name").asText();
        String hashedName = name + "-" + KustomizeNameHash.ofConfigMap(data);
        generatedNames.put(name, hashedName);

        ObjectNode configMap = JSON.objectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        configMap.withObjectProperty("metadata").put("name", hashedName);
        ObjectNode dataNode = configMap.withObjectProperty("data");
        data.forEach(dataNode::put);
        return configMap;
    }

    /** Rewrites every field a nameReference names from a generated ConfigMap's name to its hashed name. */
    private void applyNameReferences(JsonNode configuration, List<ObjectNode> objects) {
        refuseUnknown(configuration, Set.of("nameReference"), "a configurations file");
        for (JsonNode reference : configuration.path("nameReference")) {
            if (!"ConfigMap".equals(reference.path("kind").asText())) {
                continue; // only ConfigMaps are generated here, so no other kind is renamed
            }
            for (JsonNode fieldSpec : reference.path("fieldSpecs")) {
                String[] path = fieldSpec.path("path").asText().split("/");
                for (ObjectNode object : objects) {
                    if (matches(fieldSpec, object)) {
                        rename(object, path, 0);
                    }
                }
            }
        }
    }

    private static boolean matches(JsonNode fieldSpec, JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return fieldSpec.path("kind").asText().equals(object.path("kind").asText())
                && (!fieldSpec.has("group") || fieldSpec.path("group").asText().equals(group));
    }

    /** Follows the path through objects and, like kustomize, through every element of a list. */
    private void rename(JsonNode node, String[] path, int depth) {
        if (node.isArray()) {
            node.forEach(element -> rename(element, path, depth));
            return;
        }
        if (!node.isObject() || !node.has(path[depth])) {
            return;
        }
        if (depth < path.length - 1) {
            rename(node.get(path[depth]), path, depth + 1);
            return;
        }
        String hashed = generatedNames.get(node.get(path[depth]).asText());
        if (hashed != null) {
            ((ObjectNode) node).set(path[depth], TextNode.valueOf(hashed));
        }
    }

    private static void refuseUnknown(JsonNode node, Set<String> supported, String where) {
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!supported.contains(field)) {
                throw unsupported(where + " uses '" + field + "'");
            }
        }
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(what + ", which rendering without kubectl does not support:"
                + " install kubectl, or teach " + LocalKustomization.class.getSimpleName() + " that feature"
                + " (its output must stay equal to kubectl kustomize's)");
    }
}
