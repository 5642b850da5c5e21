package io.firefly.offlineaws;

import io.firefly.offlineaws.control.OfflineAwsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Drift detection, LastUpdatedTime and OBSOLETE change sets as boto3 parses them: src/test/python/offline_aws_drift.py. */
class Boto3DriftTest {

    private static final Path SCRIPT = Path.of("src/test/python/offline_aws_drift.py").toAbsolutePath();

    @Test
    void boto3ParsesDriftResultsAndSeesTheOutOfBandUpdate(@TempDir Path workDir) {
        try (OfflineAws aws = OfflineAws.start(OfflineAwsOptions.defaults()
                .withResourceStepDelay(Duration.ofMillis(20)).withChangeSetDelay(Duration.ofMillis(300)))) {

            AwsCli.Result result = new AwsCli(aws, workDir).exec(List.of("python3", SCRIPT.toString(), aws.endpoint().toString()));

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.stdout()).contains("offline AWS drift detection and out-of-band updates behaved as CloudFormation");
            assertThat(aws.calls().of("DescribeStackDriftDetectionStatus")).hasSizeGreaterThan(2);
        }
    }
}
