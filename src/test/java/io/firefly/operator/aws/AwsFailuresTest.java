package io.firefly.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.firefly.operator.port.AwsFailure;
import io.firefly.operator.port.DeleteBlocker;
import io.firefly.operator.port.Rejection;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The one place that reads AWS's error codes and texts: what each becomes for the reconciler. */
class AwsFailuresTest {

    @Test
    void throttlingOfEitherServiceIsThrottled() {
        assertThat(AwsFailures.translate(error(400, "Throttling", "Rate exceeded"), "CreateChangeSet"))
                .isInstanceOfSatisfying(AwsFailure.Throttled.class, t -> assertThat(t.operation()).isEqualTo("CreateChangeSet"));
        assertThat(AwsFailures.translate(error(400, "ThrottlingException", "slow down"), "DescribeTable"))
                .isInstanceOfSatisfying(AwsFailure.Throttled.class, t -> assertThat(t.operation()).isEqualTo("DescribeTable"));
    }

    @Test
    void aMissingStackChangeSetOrTableIsNotFound() {
        assertThat(AwsFailures.translate(error(400, "ValidationError", "Stack with id users does not exist"), "DescribeStacks"))
                .isInstanceOf(AwsFailure.NotFound.class);
        assertThat(AwsFailures.translate(error(404, "ChangeSetNotFound", "ChangeSet [x] does not exist"), "DescribeStacks"))
                .isInstanceOf(AwsFailure.NotFound.class);
        assertThat(AwsFailures.translate(error(400, "ResourceNotFoundException", "Requested resource not found"), "DescribeStacks"))
                .isInstanceOf(AwsFailure.NotFound.class);
    }

    @Test
    void refusalsKeepAwsCodeAndSayWhatToFix() {
        AwsFailure capabilities = AwsFailures.translate(error(400, "InsufficientCapabilitiesException",
                "Requires capabilities : [CAPABILITY_IAM]"), "DescribeStacks");
        assertThat(capabilities).isInstanceOfSatisfying(AwsFailure.Refused.class, r -> {
            assertThat(r.code()).isEqualTo("InsufficientCapabilitiesException");
            assertThat(r.rejection()).isEqualTo(Rejection.MISSING_CAPABILITIES);
        });
        assertThat(AwsFailures.translate(error(400, "ValidationError",
                "Template format error: Unrecognized resource types: [AWS::NotReal::Thing]"), "DescribeStacks"))
                .isInstanceOfSatisfying(AwsFailure.Refused.class, r -> assertThat(r.rejection()).isEqualTo(Rejection.TEMPLATE_INVALID));
        assertThat(AwsFailures.rejection(null, "The submitted information didn't contain changes.")).isEqualTo(Rejection.NO_CHANGES);
        assertThat(AwsFailures.rejection(null, "No updates are to be performed.")).isEqualTo(Rejection.NO_CHANGES);
    }

    @Test
    void serverErrorsAndLostConnectionsAreUnavailable() {
        assertThat(AwsFailures.translate(error(503, "ServiceUnavailable", "try later"), "DescribeStacks")).isInstanceOf(AwsFailure.Unavailable.class);
        assertThat(AwsFailures.translate(SdkClientException.create("Connection refused"), "DescribeStacks")).isInstanceOf(AwsFailure.Unavailable.class);
    }

    @Test
    void deletionBlockersAreReadFromTheResourceReason() {
        assertThat(AwsFailures.deleteBlocker("Resource cannot be deleted as it is currently protected against deletion"))
                .isEqualTo(DeleteBlocker.DELETION_PROTECTION);
        assertThat(AwsFailures.deleteBlocker("Table cannot be deleted while point-in-time recovery is enabled"))
                .isEqualTo(DeleteBlocker.POINT_IN_TIME_RECOVERY);
        assertThat(AwsFailures.deleteBlocker("the table is not empty")).isEqualTo(DeleteBlocker.NOT_EMPTY);
        assertThat(AwsFailures.deleteBlocker("Internal failure")).isEqualTo(DeleteBlocker.OTHER);
    }

    @Test
    void aFailureReasonIsTheSameAtEveryRetry() {
        String first = "Resource handler returned message: \"Table is protected (Service: DynamoDb, Status Code: 400, Request ID: 3fee1394-3955)\"";
        String second = "Resource handler returned message: \"Table is protected (Service: DynamoDb, Status Code: 400, Request ID: 9abc0000-1111)\"";

        assertThat(AwsFailures.withoutRequestId(first)).isEqualTo(AwsFailures.withoutRequestId(second))
                .isEqualTo("Resource handler returned message: \"Table is protected (Service: DynamoDb, Status Code: 400)\"");
    }

    private static AwsServiceException error(int status, String code, String message) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }
}
