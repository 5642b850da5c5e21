package io.firefly.operator.template;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Templates' parameter defaults ({@link CloudFormationTemplate#parameterDefaults()}), remembered by the SHA-256 of
 * the template's text. Every poll of a Ready stack compares the stack's parameters with the spec's, defaults
 * included, and reading the template's YAML for them (twice: both readings of its uncertain scalars) was a fifth
 * of the operator's CPU while a thousand stacks stood still. A template's defaults depend on its text alone.
 * Bounded: the template asked for least recently is forgotten first, and read again if it comes back.
 */
public final class TemplateDefaults {
    private static final int REMEMBERED = 1024;

    private final Map<String, Map<String, String>> byDigest = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
                    return size() > REMEMBERED;
                }
            });

    /** The defaults of the template with this text; throws {@link TemplateFormatException} for one that does not read. */
    public Map<String, String> of(String text) {
        String digest = sha256(text);
        Map<String, String> known = byDigest.get(digest);
        if (known != null) {
            return known;
        }
        Map<String, String> defaults = Collections.unmodifiableMap(
                new TreeMap<>(CloudFormationYaml.parse(text).parameterDefaults()));
        byDigest.put(digest, defaults);
        return defaults;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
