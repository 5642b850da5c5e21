package io.firefly.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.port.StackStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs name what the code names: every condition reason a user can see and every situation the state
 * machine switches over is explained, and the architecture page has a section for every package, no more.
 */
class DocsMatchCodeTest {
    private static final Path DOCS = Path.of("docs");
    private static final Path MAIN = Path.of("src", "main", "java", "io", "firefly", "operator");
    /** drift.md may come later than the others; the ones that exist are read. */
    private static final List<String> STATE_DOCS = List.of("reconcile.md", "deletion.md", "drift.md");
    /** A package section: a heading whose text is the package path in backticks, {@code ### `reconcile/deploy`}. */
    private static final Pattern PACKAGE_HEADING = Pattern.compile("(?m)^#{2,4} `([a-z/]+)`\\s*$");

    @Test
    void everyConditionReasonAndStackSituationIsExplained() throws IOException {
        String docs = stateDocs();

        List<String> unexplained = Stream.concat(
                        Arrays.stream(ConditionReason.values()).map(Enum::name),
                        Arrays.stream(StackStatus.Situation.values()).map(Enum::name))
                .filter(name -> !mentions(docs, name))
                .toList();

        assertThat(unexplained).as("names that none of docs/%s mentions", String.join(", docs/", STATE_DOCS)).isEmpty();
    }

    @Test
    void theArchitectureHasASectionForEveryPackageAndNoOther() throws IOException {
        List<String> packages = mainPackages();
        List<String> sections = new ArrayList<>();
        Matcher heading = PACKAGE_HEADING.matcher(Files.readString(DOCS.resolve("architecture.md")));
        while (heading.find()) {
            sections.add(heading.group(1));
        }

        assertThat(packages).as("packages under %s", MAIN).contains("api", "port", "reconcile/deploy");
        assertThat(sections).as("package sections of docs/architecture.md").containsExactlyInAnyOrderElementsOf(packages);
    }

    private static String stateDocs() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String name : STATE_DOCS) {
            Path doc = DOCS.resolve(name);
            if (Files.exists(doc)) {
                text.append(Files.readString(doc)).append('\n');
            }
        }
        assertThat(text).as("docs/reconcile.md and docs/deletion.md").isNotEmpty();
        return text.toString();
    }

    /** The name as a word of its own: {@code ROLLBACK_FAILED} is not found inside {@code UPDATE_ROLLBACK_FAILED}. */
    private static boolean mentions(String text, String name) {
        return Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])").matcher(text).find();
    }

    /** Every directory under the main sources that holds a class, as a path relative to io/firefly/operator. */
    private static List<String> mainPackages() throws IOException {
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            return dirs.filter(Files::isDirectory)
                    .filter(DocsMatchCodeTest::holdsJava)
                    .map(dir -> MAIN.relativize(dir).toString().replace('\\', '/'))
                    .filter(relative -> !relative.isEmpty())
                    .sorted()
                    .toList();
        }
    }

    private static boolean holdsJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
