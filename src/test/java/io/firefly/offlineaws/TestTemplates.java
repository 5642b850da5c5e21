package io.firefly.offlineaws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The templates of the offline AWS tests, from src/test/resources/io/firefly/offlineaws. */
public final class TestTemplates {

    private TestTemplates() {
    }

    public static String read(String name) {
        try (InputStream in = TestTemplates.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no template " + name + " next to " + TestTemplates.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
