package io.firefly.offlineaws;

import io.firefly.offlineaws.control.OfflineAwsOptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Like CloudFormation, resources with no dependency between them are created together, and a dependent
 * starts once what it references is complete; each stack runs on its own timeline.
 */
class ParallelResourcesTest extends OfflineAwsClientTest {

    private static final Duration STEP = Duration.ofMillis(300);

    private static final String TEMPLATE = """
            Resources:
              First:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: parallel-first
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
              Second:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: parallel-second
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
              Reader:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: index.handler
                  Role: arn:aws:iam::123456789012:role/reader
                  Code: {ZipFile: "def handler(event, context): return None"}
                  Environment: {Variables: {TABLE: !Ref First}}
            """;

    @Override
    protected OfflineAwsOptions options() {
        return OfflineAwsOptions.defaults().withResourceStepDelay(STEP).withChangeSetDelay(Duration.ofMillis(50));
    }

    @Test
    void independentResourcesStartTogetherAndADependentWaitsForWhatItReferences() {
        cfn.createStack(r -> r.stackName("parallel").templateBody(TEMPLATE));
        assertThat(waits.settled("parallel").stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);

        List<String> order = resourceEvents("parallel");
        assertThat(order.indexOf("Second CREATE_IN_PROGRESS")).as(order.toString())
                .isLessThan(order.indexOf("First CREATE_COMPLETE"));
        assertThat(order.indexOf("Reader CREATE_IN_PROGRESS")).as(order.toString())
                .isGreaterThan(order.indexOf("First CREATE_COMPLETE"));
        assertThat(order).last().isEqualTo("parallel CREATE_COMPLETE");
    }

    /** Oldest first, as "LogicalId STATUS". */
    private List<String> resourceEvents(String stack) {
        List<String> events = new ArrayList<>(cfn.describeStackEventsPaginator(r -> r.stackName(stack)).stackEvents().stream()
                .map(e -> e.logicalResourceId() + " " + e.resourceStatusAsString()).toList());
        Collections.reverse(events);
        return events;
    }
}
