package io.firefly.offlineaws;

import io.firefly.offlineaws.control.AwsCall;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Queues and event buses per account, and an anything-but rule, driven by boto3: src/test/python/offline_aws_account_events.py. */
class Boto3AccountEventsTest {

    private static final Path SCRIPT = Path.of("src/test/python/offline_aws_account_events.py").toAbsolutePath();

    @Test
    void boto3KeepsQueuesAndRulesPerAccountAndDeliversOnlySettledStatuses(@TempDir Path workDir) {
        try (OfflineAws aws = OfflineAws.start(OfflineAwsOptions.defaults()
                .withResourceStepDelay(Duration.ofMillis(20)).withChangeSetDelay(Duration.ofMillis(20)))) {

            AwsCli.Result result = new AwsCli(aws, workDir).exec(List.of("python3", SCRIPT.toString(), aws.endpoint().toString()));

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.stdout()).contains("offline AWS kept queues and event buses per account");
            assertThat(aws.queues("111111111111").byName("boto-settled-stacks")).isPresent();
            assertThat(aws.queues("222222222222").byName("boto-settled-stacks")).isPresent();
            assertThat(aws.queues().byName("boto-settled-stacks")).isEmpty();
            assertThat(aws.calls().of("ReceiveMessage")).filteredOn(AwsCall::failed).singleElement().satisfies(call -> {
                assertThat(call.errorCode()).isEqualTo("AccessDenied");
                assertThat(call.accountId()).isEqualTo("111111111111");
            });
            assertThat(aws.calls().of("PutRule")).extracting(AwsCall::accountId).containsExactly("222222222222");
        }
    }
}
