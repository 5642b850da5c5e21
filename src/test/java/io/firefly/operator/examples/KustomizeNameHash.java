package io.firefly.operator.examples;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The suffix kustomize (v5, as in kubectl) appends to a generated ConfigMap's name: the first ten
 * hex digits of a SHA-256 over a JSON encoding of the object, with 0, 1, 3, a and e swapped for
 * consonants. Reproduced here so the examples render to the same names without kubectl.
 */
final class KustomizeNameHash {
    private KustomizeNameHash() {}

    static String ofConfigMap(Map<String, String> data) {
        // kustomize looks the name up with the single key "metadata/name", finds nothing and hashes
        // an empty name; only kind and data decide the suffix. Keys are sorted, as Go's json sorts them.
        StringBuilder json = new StringBuilder("{\"data\":{");
        String separator = "";
        for (Map.Entry<String, String> entry : new TreeMap<>(data).entrySet()) {
            json.append(separator).append(goJsonString(entry.getKey())).append(':').append(goJsonString(entry.getValue()));
            separator = ",";
        }
        json.append("},\"kind\":\"ConfigMap\",\"name\":\"\"}");
        return consonants(sha256Hex(json.toString()).substring(0, 10));
    }

    /** A string as Go's encoding/json writes it: HTML-safe, with U+2028 and U+2029 escaped. */
    static String goJsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String consonants(String hex) {
        StringBuilder out = new StringBuilder(hex.length());
        for (char c : hex.toCharArray()) {
            out.append(switch (c) {
                case '0' -> 'g';
                case '1' -> 'h';
                case '3' -> 'k';
                case 'a' -> 'm';
                case 'e' -> 't';
                default -> c;
            });
        }
        return out.toString();
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
