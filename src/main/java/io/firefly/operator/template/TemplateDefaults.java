package io.firefly.operator.template;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each FireflyStack's template parameter defaults ({@link CloudFormationTemplate#parameterDefaults()}), read once
 * per template: every poll of a Ready stack compares the stack's parameters with the spec's, defaults included,
 * and reading the template's YAML for them (twice: both readings of its uncertain scalars) was a fifth of the
 * operator's CPU while a thousand stacks stood still. Kept per FireflyStack, with the SHA-256 of the text they
 * were read from, so that what is kept follows the number of FireflyStacks (templates that name their table
 * all differ, and a cache shared by text would have to hold one entry per stack anyway) and goes with the
 * FireflyStack ({@link #forget}).
 */
public final class TemplateDefaults {
    private record Read(String digest, Map<String, String> defaults) {
    }

    private final Map<String, Read> byStack = new ConcurrentHashMap<>();

    /**
     * The defaults of the template with this text, for the FireflyStack with this uid; read again when the text
     * differs from the one read last for it. Throws {@link TemplateFormatException} for a text that does not read.
     */
    public Map<String, String> of(String uid, String text) {
        String digest = sha256(text);
        Read known = byStack.get(uid);
        if (known != null && known.digest().equals(digest)) {
            return known.defaults();
        }
        Map<String, String> defaults = Collections.unmodifiableMap(
                new TreeMap<>(CloudFormationYaml.parse(text).parameterDefaults()));
        byStack.put(uid, new Read(digest, defaults));
        return defaults;
    }

    /** The FireflyStack is gone. */
    public void forget(String uid) {
        byStack.remove(uid);
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
