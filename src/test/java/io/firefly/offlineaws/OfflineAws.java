package io.firefly.offlineaws;

import io.firefly.offlineaws.cloudformation.CloudFormationService;
import io.firefly.offlineaws.cloudformation.StackEngine;
import io.firefly.offlineaws.dynamodb.DynamoDbService;
import io.firefly.offlineaws.dynamodb.TableStore;
import io.firefly.offlineaws.http.HttpFront;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;

/**
 * An offline AWS: the CloudFormation Query API and the DynamoDB API on one endpoint on 127.0.0.1,
 * for tests and the demo. AWS clients reach it with nothing but an endpoint override.
 *
 * <pre>{@code
 * try (OfflineAws aws = OfflineAws.start()) {
 *     CloudFormationClient cfn = CloudFormationClient.builder().endpointOverride(aws.endpoint())...
 * }
 * }</pre>
 */
public final class OfflineAws implements AutoCloseable {

    private final OfflineAwsOptions options;
    private final Faults faults = new Faults();
    private final CallLog calls = new CallLog();
    private final TableStore tables;
    private final HttpFront front;

    private OfflineAws(OfflineAwsOptions options) {
        this.options = options;
        Clock clock = Clock.systemUTC();
        this.tables = new TableStore(options.region(), options.accountId(), clock);
        try {
            StackEngine engine = new StackEngine();
            this.front = new HttpFront(options.port(), new CloudFormationService(engine),
                    new DynamoDbService(tables, clock), faults, calls, clock);
        } catch (IOException e) {
            tables.close();
            throw new UncheckedIOException("offline AWS could not listen on 127.0.0.1:" + options.port(), e);
        }
    }

    /** On a free port, with fresh in-memory state and the default options. */
    public static OfflineAws start() {
        return start(OfflineAwsOptions.defaults());
    }

    public static OfflineAws start(OfflineAwsOptions options) {
        return new OfflineAws(options);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + front.port());
    }

    public String region() {
        return options.region();
    }

    public String accountId() {
        return options.accountId();
    }

    public OfflineAwsOptions options() {
        return options;
    }

    public Faults faults() {
        return faults;
    }

    public CallLog calls() {
        return calls;
    }

    @Override
    public void close() {
        front.close();
        tables.close();
    }
}
