package io.firefly.operator.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The environment the operator's image sets (the Dockerfile's ENV lines), which its start script reads. */
public final class ImageEnvironment {
    public static final Path DOCKERFILE = Path.of("src", "main", "docker", "Dockerfile.jvm");

    private static final Pattern ENV = Pattern.compile("^ENV\\s+(\\w+)=\"?(.*?)\"?\\s*$", Pattern.MULTILINE);

    private ImageEnvironment() {
    }

    /** By variable name; a variable set twice has its last value, as in the image. */
    public static Map<String, String> ofDockerfile() {
        try {
            return ENV.matcher(Files.readString(DOCKERFILE)).results()
                    .collect(Collectors.toMap(m -> m.group(1), m -> m.group(2), (first, last) -> last));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
