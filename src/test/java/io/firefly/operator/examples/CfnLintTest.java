package io.firefly.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cfn-lint, AWS's own template linter (it also expands SAM), accepts every example template. */
class CfnLintTest {

    @BeforeAll
    static void needsCfnLint() {
        assumeTrue(ExternalCommand.onPath("cfn-lint").isPresent(), "cfn-lint is not on the PATH");
    }

    @Test
    void everyTemplatePassesWithoutErrorsOrWarnings() throws IOException {
        List<Path> templates;
        try (Stream<Path> files = Files.list(FireflyExamples.directory().resolve("templates"))) {
            templates = files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(templates).hasSize(8);

        ExternalCommand.Result result = cfnLint(templates);

        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }

    @Test
    void theEventsTemplatePassesToo() {
        ExternalCommand.Result result = cfnLint(List.of(FireflyExamples.directory().resolveSibling("events")
                .resolve("templates/stack-events.yaml")));

        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }

    @Test
    void aBrokenServerlessTemplateFailsTheCheck(@TempDir Path directory) throws IOException {
        // A runtime Lambda does not have, inside a SAM function: cfn-lint must expand SAM to see it.
        Path broken = directory.resolve("broken.yaml");
        Files.writeString(broken, Files.readString(ExpectedStacks.template(ExpectedStacks.FUNCTIONS.get(0).name()))
                .replace("python3.12", "python2.0"));

        ExternalCommand.Result result = cfnLint(List.of(broken));

        assertThat(result.succeeded()).as(result.describe()).isFalse();
        assertThat(result.stdout()).contains("'python2.0' is not one of");
    }

    private static ExternalCommand.Result cfnLint(List<Path> templates) {
        List<String> argv = new ArrayList<>(List.of("cfn-lint", "--"));
        templates.forEach(template -> argv.add(template.toString()));
        return new ExternalCommand(argv).run(FireflyExamples.directory(), Duration.ofMinutes(2));
    }
}
