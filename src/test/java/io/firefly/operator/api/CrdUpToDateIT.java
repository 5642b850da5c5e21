package io.firefly.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.firefly.operator.api.validation.CrdSchemaValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CRD users install (deploy/crds) is exactly the one the build generates from the API types. The Quarkus
 * build writes target/kubernetes/ during package, after the unit tests, so this runs with failsafe in
 * {@code ./mvnw verify}.
 */
class CrdUpToDateIT {
    private static final Path GENERATED = Path.of("target", "kubernetes", "fireflystacks.firefly.io-v1.yml");

    @Test
    void theCommittedCrdIsTheGeneratedOne() throws IOException {
        assertThat(GENERATED).as("the build's CRD; run ./mvnw verify (or package) first").exists();
        if (Files.mismatch(GENERATED, CrdSchemaValidator.COMMITTED_CRD) != -1) {
            List<String> generated = Files.readAllLines(GENERATED);
            List<String> committed = Files.readAllLines(CrdSchemaValidator.COMMITTED_CRD);
            fail("%s is not the CRD the API types generate (first difference at line %d). Copy the generated one:%n"
                            + "  cp %s %s%nand commit it.",
                    CrdSchemaValidator.COMMITTED_CRD, firstDifference(generated, committed), GENERATED,
                    CrdSchemaValidator.COMMITTED_CRD.getParent() + "/");
        }
    }

    private static int firstDifference(List<String> generated, List<String> committed) {
        int line = 0;
        while (line < generated.size() && line < committed.size() && generated.get(line).equals(committed.get(line))) {
            line++;
        }
        return line + 1;
    }
}
