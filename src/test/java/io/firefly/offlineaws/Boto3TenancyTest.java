package io.firefly.offlineaws;

import io.firefly.offlineaws.control.AwsCall;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** STS and separate accounts driven by boto3: src/test/python/offline_aws_tenancy.py. */
class Boto3TenancyTest {

    private static final Path SCRIPT = Path.of("src/test/python/offline_aws_tenancy.py").toAbsolutePath();

    @Test
    void boto3AssumesRolesAndEachAccountKeepsItsOwnStacksAndTables(@TempDir Path workDir) {
        try (OfflineAws aws = OfflineAws.start(OfflineAwsOptions.defaults()
                .withResourceStepDelay(Duration.ofMillis(20)).withChangeSetDelay(Duration.ofMillis(20)))) {
            aws.roles().requireExternalId("arn:aws:iam::222222222222:role/team-b", "firefly-b-91d2")
                    .deny("arn:aws:iam::333333333333:role/not-trusted");

            AwsCli.Result result = new AwsCli(aws, workDir).exec(List.of("python3", SCRIPT.toString(), aws.endpoint().toString()));

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.stdout()).contains("offline AWS behaved as STS with separate accounts");
            assertThat(aws.calls().of("CreateStack")).extracting(AwsCall::accountId, AwsCall::identityArn).containsExactly(
                    tuple("111111111111", "arn:aws:sts::111111111111:assumed-role/team-a/firefly-team-a"),
                    tuple("222222222222", "arn:aws:sts::222222222222:assumed-role/team-b/firefly-team-b"));
            assertThat(aws.identities().sessions()).filteredOn(s -> s.role().roleName().equals("team-a")).singleElement()
                    .satisfies(s -> assertThat(s.tags()).containsExactly(Map.entry("firefly.io/namespace", "team-a")));
        }
    }
}
