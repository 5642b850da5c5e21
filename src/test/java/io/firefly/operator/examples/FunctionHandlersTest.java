package io.firefly.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The functions' InlineCode does what the workflows say (30-minute keys, expired keys hidden,
 * one-time registration, invitation-only sign-up), checked by examples/firefly/tests/handlers_test.py
 * against an in-memory DynamoDB (moto).
 */
class FunctionHandlersTest {

    @Test
    void handlersBehaveAsTheWorkflowsDescribe() {
        Path example = FireflyExamples.directory();
        assumeTrue(ExternalCommand.of("python3", "-c", "import boto3, moto, yaml")
                .run(example, Duration.ofMinutes(1)).succeeded(), "python3 with boto3, moto and PyYAML is not installed");

        ExternalCommand.Result result = ExternalCommand.of("python3", "tests/handlers_test.py")
                .run(example, Duration.ofMinutes(2));

        assertThat(result.succeeded()).as(result.describe()).isTrue();
        assertThat(result.stderr()).contains("Ran 6 tests").contains("OK");
    }
}
