package io.firefly.offlineaws;

import io.firefly.offlineaws.control.AwsCall;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The three documented deploy paths (fresh, normal, import) driven by boto3: src/test/python/offline_aws_paths.py. */
class Boto3PathsTest {

    private static final Path SCRIPT = Path.of("src/test/python/offline_aws_paths.py").toAbsolutePath();

    @Test
    void boto3SeesCloudFormationOnTheFreshNormalAndImportPaths(@TempDir Path workDir) {
        try (OfflineAws aws = OfflineAws.start(OfflineAwsOptions.defaults()
                .withResourceStepDelay(Duration.ofMillis(20)).withChangeSetDelay(Duration.ofMillis(20)));
             CloudFormationClient cfn = AwsClients.cloudFormation(aws)) {

            AwsCli.Result result = new AwsCli(aws, workDir).exec(List.of("python3", SCRIPT.toString(), aws.endpoint().toString()));

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.stdout()).contains("offline AWS behaved as CloudFormation");
            assertThat(cfn.describeStacks(r -> r.stackName("boto-import")).stacks().get(0).stackStatus())
                    .isEqualTo(StackStatus.UPDATE_COMPLETE);
            assertThat(aws.calls().of("CreateChangeSet")).extracting(AwsCall::changeSetType).contains("CREATE", "UPDATE", "IMPORT");
        }
    }
}
