package io.firefly.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's first command, as CI runs it: a change that breaks the demo fails the build. */
class FireflyDemoIT {

    @Test
    void theWholeStoryHappensAsTold() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        FireflyDemo.Summary summary = new FireflyDemo(new PrintStream(printed, true, StandardCharsets.UTF_8),
                Path.of("target", "demo-it")).run();
        String output = printed.toString(StandardCharsets.UTF_8);
        System.out.println(output + summary);

        assertThat(summary.keysKept()).isEqualTo(summary.keysBefore());
        assertThat(summary.awsCalls()).containsKeys("CreateChangeSet", "ExecuteChangeSet", "DeleteStack")
                .as("the operator never writes to a table itself").doesNotContainKeys("CreateTable", "PutItem", "DeleteTable");
        assertThat(summary.awsCalls().get("ExecuteChangeSet")).as("8 stacks, plus the UPDATE after the import").isEqualTo(9);
        assertThat(output).contains("adopted through IMPORT").contains("every Lambda stack started after its table stack had Outputs").contains("DeleteFailed")
                .contains("disable deletion protection on table firefly-registration-keys");
    }
}
