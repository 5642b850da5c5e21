package io.firefly.offlineaws;

import io.firefly.offlineaws.control.Faults;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Base of the tests that hold the offline AWS to AWS's behaviour through the AWS SDK for Java: one
 * server per test class, at the pace {@link #options()} sets, with clients built as the operator builds
 * them. Faults are cleared before each test so that none leaks from one test into the next.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OfflineAwsClientTest {

    protected OfflineAws aws;
    protected CloudFormationClient cfn;
    protected DynamoDbClient ddb;
    protected CloudFormationWaits waits;

    /** The pace and limits of this class's server; the defaults unless a class needs its own. */
    protected OfflineAwsOptions options() {
        return OfflineAwsOptions.defaults();
    }

    @BeforeAll
    final void startOfflineAws() {
        aws = OfflineAws.start(options());
        cfn = AwsClients.cloudFormation(aws);
        ddb = AwsClients.dynamoDb(aws);
        waits = new CloudFormationWaits(cfn);
    }

    @AfterAll
    final void stopOfflineAws() {
        cfn.close();
        ddb.close();
        aws.close();
    }

    @BeforeEach
    final void clearFaults() {
        aws.faults().clear();
    }
}
