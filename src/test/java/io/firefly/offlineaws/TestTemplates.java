package io.firefly.offlineaws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Templates for tests against the offline AWS: files from src/test/resources/io/firefly/offlineaws, and built ones. */
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

    /**
     * Resource lines for topics Step0..Step(length-1), each created after the one before and the first
     * after {@code after} (none when null): the offline AWS creates them one at a time, so the stack stays
     * in progress long enough for a test to act meanwhile.
     */
    public static String topicChain(String after, int length) {
        StringBuilder chain = new StringBuilder();
        String previous = after;
        for (int i = 0; i < length; i++) {
            chain.append("  Step%d:\n    Type: AWS::SNS::Topic\n".formatted(i));
            if (previous != null) {
                chain.append("    DependsOn: %s\n".formatted(previous));
            }
            previous = "Step" + i;
        }
        return chain.toString();
    }
}
