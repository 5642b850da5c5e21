package io.firefly.operator.aws;

import io.firefly.operator.config.FireflyConfig;
import io.firefly.operator.port.AwsIdentity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One CloudFormation, DynamoDB and SQS client per identity and region, built lazily. The operator's own credentials come from the SDK's default chain (environment, IRSA web identity,
 * EKS Pod Identity); a FireflyAccount's from its role's STS session ({@link AccountSessions}).
 *
 * <p>Every client counts its calls through {@link AwsCallMetrics}. SDK retries are off: a retry inside the SDK sleeps on the reconciler thread. Throttling reaches the
 * reconciler, which reschedules with backoff instead.
 */
@ApplicationScoped
public class AwsClients {
    private final FireflyConfig config;
    private final AwsCallMetrics metrics;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();
    private final AccountSessions sessions;
    private final Map<Key, CloudFormationClient> cloudFormation = new ConcurrentHashMap<>();
    private final Map<Key, DynamoDbClient> dynamoDb = new ConcurrentHashMap<>();
    private final Map<Key, SqsClient> sqs = new ConcurrentHashMap<>();

    private record Key(AwsIdentity identity, String region) {
    }

    public AwsClients(FireflyConfig config, AwsCallMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.sessions = new AccountSessions(config, http, noRetries());
    }

    public String defaultRegion() {
        return config.aws().region();
    }

    /** With the operator's own identity. */
    public CloudFormationClient cloudFormation(String region) {
        return cloudFormation(AwsIdentity.OPERATOR, region);
    }

    public CloudFormationClient cloudFormation(AwsIdentity identity, String region) {
        return cloudFormation.computeIfAbsent(new Key(identity, region),
                key -> configured(CloudFormationClient.builder(), key).build());
    }

    public DynamoDbClient dynamoDb(AwsIdentity identity, String region) {
        return dynamoDb.computeIfAbsent(new Key(identity, region), key -> configured(DynamoDbClient.builder(), key).build());
    }

    /** For a queue of stack events, read by its own thread: a long poll waits on that thread, never on a reconcile. */
    public SqsClient sqs(AwsIdentity identity, String region) {
        return sqs.computeIfAbsent(new Key(identity, region), key -> configured(SqsClient.builder(), key).build());
    }

    /**
     * The role's credentials now: assumes it when no session is cached yet (one STS call), else the cached
     * session. Throws the SDK's exception when STS refuses.
     */
    public void resolveCredentials(AwsIdentity.AssumedRole role) {
        sessions.credentials(role).resolveCredentials();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configured(B builder, Key key) {
        builder.httpClient(http);
        builder.region(Region.of(key.region())).overrideConfiguration(noRetries());
        if (key.identity() instanceof AwsIdentity.AssumedRole role) {
            builder.credentialsProvider(sessions.credentials(role));
        }
        config.aws().endpointOverride().ifPresent(builder::endpointOverride);
        return builder;
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
        sessions.close();
        http.close();
    }
}
