package io.firefly.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firefly.offlineaws.CloudFormationWaits;
import io.firefly.offlineaws.OfflineAws;
import io.firefly.offlineaws.TestTemplates;
import io.firefly.operator.config.FireflyConfig;
import io.firefly.operator.port.AwsFailure;
import io.firefly.operator.port.AwsIdentity;
import io.firefly.operator.port.AwsPort;
import io.firefly.operator.port.StackStatus;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * After a call that changes a stack, the next observation reads the stack again, unless AWS throttled the call:
 * it was refused before it changed anything, and reading the stack again for each refused attempt would spend the
 * read quota that throttling says is short.
 */
class SdkAwsPortTest {
    private static final String REGION = "us-east-1";
    private static final String STACK = "users";

    private OfflineAws aws;
    private CloudFormationClient cfn;
    private AwsClients clients;
    private AwsPort port;

    @BeforeEach
    void aStableStack() {
        aws = OfflineAws.start();
        cfn = io.firefly.offlineaws.AwsClients.cloudFormation(aws);
        cfn.createStack(b -> b.stackName(STACK).templateBody("Resources:\n" + TestTemplates.topicChain(null, 1)));
        new CloudFormationWaits(cfn).settled(STACK);
        OperatorSettings settings = OperatorSettings.against(aws, REGION, Map.of("firefly.poll.in-progress", "5s", "firefly.poll.stable", "60s"));
        FireflyConfig config = settings.config();
        clients = settings.clients();
        port = new SdkAwsPort(clients, new StackWatch(clients, config, new EventFeed(config)), AwsIdentity.OPERATOR);
        assertThat(port.stack(REGION, STACK)).get().extracting(s -> s.status()).isEqualTo(StackStatus.CREATE_COMPLETE);
    }

    @AfterEach
    void stop() {
        clients.close();
        cfn.close();
        aws.close();
    }

    @Test
    void aThrottledDeleteStackLeavesTheStackAsLastRead() {
        aws.faults().throttle(1.0, Set.of("DeleteStack"));
        long reads = stackReads();

        assertThatThrownBy(() -> port.deleteStack(REGION, STACK)).isInstanceOf(AwsFailure.Throttled.class);
        assertThat(port.stack(REGION, STACK)).get().extracting(s -> s.status()).isEqualTo(StackStatus.CREATE_COMPLETE);

        assertThat(stackReads()).as("no read after a call AWS refused before doing anything").isEqualTo(reads);
    }

    @Test
    void aDeleteStackThatWentThroughIsReadAgain() {
        long reads = stackReads();

        port.deleteStack(REGION, STACK);
        port.stack(REGION, STACK);

        assertThat(stackReads()).as("the stack the operator just changed is read again").isEqualTo(reads + 1);
    }

    private long stackReads() {
        return aws.calls().all().stream().filter(c -> c.action().equals("DescribeStacks"))
                .filter(c -> "offline".equals(c.accessKeyId())).count();
    }
}
