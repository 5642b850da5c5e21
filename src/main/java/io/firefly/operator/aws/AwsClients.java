package io.firefly.operator.aws;

import io.firefly.operator.config.FireflyConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One CloudFormation, one DynamoDB and one SQS client per region, built lazily. Credentials come from the SDK's
 * default chain (environment, IRSA web identity, EKS Pod Identity).
 *
 * <p>Every client counts its calls through {@link AwsCallMetrics}. SDK retries are off: a retry inside the SDK sleeps on the reconciler thread. Throttling reaches the
 * reconciler, which reschedules with backoff instead.
 */
@ApplicationScoped
public class AwsClients {
    private final FireflyConfig config;
    private final AwsCallMetrics metrics;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();
    private final Map<String, CloudFormationClient> cloudFormation = new ConcurrentHashMap<>();
    private final Map<String, DynamoDbClient> dynamoDb = new ConcurrentHashMap<>();
    private final Map<String, SqsClient> sqs = new ConcurrentHashMap<>();

    public AwsClients(FireflyConfig config, AwsCallMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    public String defaultRegion() {
        return config.aws().region();
    }

    public CloudFormationClient cloudFormation(String region) {
        return cloudFormation.computeIfAbsent(region, r -> {
            var builder = CloudFormationClient.builder().httpClient(http).region(Region.of(r))
                    .overrideConfiguration(noRetries());
            config.aws().endpointOverride().ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    public DynamoDbClient dynamoDb(String region) {
        return dynamoDb.computeIfAbsent(region, r -> {
            var builder = DynamoDbClient.builder().httpClient(http).region(Region.of(r))
                    .overrideConfiguration(noRetries());
            config.aws().endpointOverride().ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    /** For the queue of stack events, read by its own thread: a long poll waits on that thread, never on a reconcile. */
    public SqsClient sqs(String region) {
        return sqs.computeIfAbsent(region, r -> {
            var builder = SqsClient.builder().httpClient(http).region(Region.of(r))
                    .overrideConfiguration(noRetries());
            config.aws().endpointOverride().ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    private ClientOverrideConfiguration noRetries() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .retryStrategy(b -> b.maxAttempts(1))
                .addExecutionInterceptor(metrics)
                .build();
    }

    @PreDestroy
    void close() {
        cloudFormation.values().forEach(CloudFormationClient::close);
        dynamoDb.values().forEach(DynamoDbClient::close);
        sqs.values().forEach(SqsClient::close);
        http.close();
    }
}
