package io.firefly.offlineaws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/** AWS SDK v2 clients pointed at an offline AWS, as the operator builds them: only the endpoint differs. */
public final class AwsClients {

    private AwsClients() {
    }

    public static CloudFormationClient cloudFormation(OfflineAws aws) {
        return cloudFormation(aws, aws.region());
    }

    /** A client configured for {@code region}: the offline AWS answers it only if it serves that region. */
    public static CloudFormationClient cloudFormation(OfflineAws aws, String region) {
        return pointedAt(CloudFormationClient.builder(), aws, region);
    }

    public static DynamoDbClient dynamoDb(OfflineAws aws) {
        return dynamoDb(aws, aws.region());
    }

    public static DynamoDbClient dynamoDb(OfflineAws aws, String region) {
        return pointedAt(DynamoDbClient.builder(), aws, region);
    }

    public static SqsClient sqs(OfflineAws aws) {
        return pointedAt(SqsClient.builder(), aws, aws.region());
    }

    /** STS with the test key, the base identity. */
    public static StsClient sts(OfflineAws aws) {
        return pointedAt(StsClient.builder(), aws, aws.region());
    }

    /** A client of the given type acting with these credentials, e.g. those of an assumed role. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C actingAs(B builder, OfflineAws aws,
                                                                                                 AwsCredentialsProvider credentials) {
        return pointedAt(builder, aws, aws.region(), credentials);
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C pointedAt(B builder, OfflineAws aws,
                                                                                                   String region) {
        return pointedAt(builder, aws, region, StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C pointedAt(B builder, OfflineAws aws,
                                                                                                   String region,
                                                                                                   AwsCredentialsProvider credentials) {
        return builder.endpointOverride(aws.endpoint())
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(noRetries())
                .build();
    }

    /** Tests see each error as the server sent it instead of a retried success. */
    private static ClientOverrideConfiguration noRetries() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .retryStrategy(b -> b.maxAttempts(1))
                .build();
    }
}
