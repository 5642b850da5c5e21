package io.firefly.operator.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads YAML, single or multi-document, as Jackson trees. */
final class YamlDocuments {
    private static final YAMLMapper YAML = new YAMLMapper();

    private YamlDocuments() {}

    static List<JsonNode> parse(String yaml, String origin) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> values = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (values.hasNext()) {
                JsonNode document = values.next();
                // "---" at the start or end of a stream yields empty documents: they are not objects.
                if (document != null && document.isObject()) {
                    documents.add(document);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("not valid YAML: " + origin, e);
        }
    }

    static List<JsonNode> read(Path file) {
        return parse(text(file), file.toString());
    }

    /** The one document of a file that must hold exactly one. */
    static JsonNode readSingle(Path file) {
        List<JsonNode> documents = read(file);
        if (documents.size() != 1) {
            throw new IllegalStateException(file + " must hold exactly one YAML document, found " + documents.size());
        }
        return documents.get(0);
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
