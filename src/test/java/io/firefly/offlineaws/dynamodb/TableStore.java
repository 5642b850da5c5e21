package io.firefly.offlineaws.dynamodb;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables of one account: real ones in DynamoDB Local, plus the settings DynamoDB Local does not keep
 * ({@link TableSettings}). Both the DynamoDB API and the CloudFormation table resource use it, so
 * a table created by a stack is the same table clients read and write. DynamoDB Local keeps a separate
 * database per access key, so each account reaches it with a key of its own ({@link #localAccessKey}):
 * two accounts may hold tables of the same name, and neither lists the other's.
 */
public final class TableStore implements AutoCloseable {

    private static final Pattern TABLE_ARN = Pattern.compile("arn:aws[a-z-]*:dynamodb:[^:]*:[^:]*:table/([^/]+).*");
    /** The region and account DynamoDB Local writes into every ARN it returns. */
    static final String LOCAL_ARN_PREFIX = "arn:aws:dynamodb:ddblocal:000000000000:";

    private final DynamoDbLocal local;
    private final String localAccessKey;
    private final DynamoDbClient client;
    private final String region;
    private final String accountId;
    private final Clock clock;
    private final Map<String, TableSettings> settings = new ConcurrentHashMap<>();

    public TableStore(DynamoDbLocal local, String region, String accountId, Clock clock) {
        this.local = local;
        // DynamoDB Local 2.x takes access keys of letters and digits only
        this.localAccessKey = "account" + accountId;
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        this.client = DynamoDbClient.builder()
                .endpointOverride(local.endpoint())
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(localAccessKey, "offline")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    /** DynamoDB Local itself, for requests forwarded as they came. */
    public URI localEndpoint() {
        return local.endpoint();
    }

    /** The access key that selects this account's database in DynamoDB Local, for requests forwarded there. */
    public String localAccessKey() {
        return localAccessKey;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /** A client of this account's tables in DynamoDB Local, for the CloudFormation table resource. */
    public DynamoDbClient client() {
        return client;
    }

    public String arn(String tableName) {
        return arnPrefix() + "table/" + tableName;
    }

    /** The start of every DynamoDB ARN in this region and account, which replaces DynamoDB Local's own. */
    public String arnPrefix() {
        return "arn:aws:dynamodb:" + region + ":" + accountId + ":";
    }

    /** The table a DynamoDB API call names, by table name or by table ARN. */
    public static String tableNameOf(String arnOrName) {
        Matcher m = TABLE_ARN.matcher(arnOrName);
        return m.matches() ? m.group(1) : arnOrName;
    }

    public boolean exists(String tableName) {
        try {
            client.describeTable(r -> r.tableName(tableName));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    public TableSettings settings(String tableName) {
        return settings.getOrDefault(tableName, TableSettings.none());
    }

    public void setPitr(String tableName, boolean enabled, int recoveryPeriodInDays) {
        settings.compute(tableName, (name, s) -> (s == null ? TableSettings.none() : s)
                .withPitr(enabled, recoveryPeriodInDays, clock.instant()));
    }

    public void tag(String tableName, Map<String, String> tags) {
        settings.compute(tableName, (name, s) -> (s == null ? TableSettings.none() : s).withTags(tags));
    }

    public void untag(String tableName, Iterable<String> keys) {
        settings.compute(tableName, (name, s) -> (s == null ? TableSettings.none() : s).withoutTags(keys));
    }

    /** A deleted table takes its settings with it; a new table of the same name starts without any. */
    public void forget(String tableName) {
        settings.remove(tableName);
    }

    @Override
    public void close() {
        client.close();
    }
}
