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
 * The CRDs users install (deploy/crds) are exactly the ones the build generates from the API types. The Quarkus
 * build writes target/kubernetes/ during package, after the unit tests, so this runs with failsafe in
 * {@code ./mvnw verify}.
 */
class CrdUpToDateIT {
    private static final Path GENERATED = Path.of("target", "kubernetes");

    @Test
    void theCommittedCrdIsTheGeneratedOne() throws IOException {
        assertCommittedIsGenerated(CrdSchemaValidator.COMMITTED_CRD);
    }

    @Test
    void theCommittedAccountCrdIsTheGeneratedOne() throws IOException {
        assertCommittedIsGenerated(Path.of("deploy", "crds", "fireflyaccounts.firefly.io-v1.yml"));
    }

    private static void assertCommittedIsGenerated(Path committedCrd) throws IOException {
        Path generatedCrd = GENERATED.resolve(committedCrd.getFileName());
        assertThat(generatedCrd).as("the build's CRD; run ./mvnw verify (or package) first").exists();
        if (Files.mismatch(generatedCrd, committedCrd) != -1) {
            List<String> generated = Files.readAllLines(generatedCrd);
            List<String> committed = Files.readAllLines(committedCrd);
            fail("%s is not the CRD the API types generate (first difference at line %d). Copy the generated one:%n"
                            + "  cp %s %s%nand commit it.",
                    committedCrd, firstDifference(generated, committed), generatedCrd, committedCrd.getParent() + "/");
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
