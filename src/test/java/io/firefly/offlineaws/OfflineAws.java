package io.firefly.offlineaws;

import io.firefly.offlineaws.cloudformation.CloudFormationService;
import io.firefly.offlineaws.cloudformation.OperationContext;
import io.firefly.offlineaws.cloudformation.StackEngine;
import io.firefly.offlineaws.dynamodb.DynamoDbService;
import io.firefly.offlineaws.dynamodb.TableStore;
import io.firefly.offlineaws.http.HttpFront;
import io.firefly.offlineaws.resources.RecordedResourceProvider;
import io.firefly.offlineaws.resources.ResourceProviders;
import io.firefly.offlineaws.resources.TableProvider;

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
    private final TemplateBucket templates = new TemplateBucket();
    private final CallLog calls = new CallLog();
    private final TableDeletions tableDeletions = new TableDeletions();
    private final TableStore tables;
    private final StackEngine engine;
    private final HttpFront front;

    private OfflineAws(OfflineAwsOptions options) {
        this.options = options;
        Clock clock = Clock.systemUTC();
        this.tables = new TableStore(options.region(), options.accountId(), clock);
        ResourceProviders providers = new ResourceProviders(new TableProvider(tables, faults, tableDeletions),
                new RecordedResourceProvider(options.region(), options.accountId()));
        this.engine = new StackEngine(options,
                new OperationContext(providers, faults, templates, clock, options.region(), options.accountId()));
        try {
            this.front = new HttpFront(options.port(), options.region(), new CloudFormationService(engine),
                    new DynamoDbService(tables, clock), faults, calls, clock);
        } catch (IOException e) {
            engine.close();
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

    /** Where TemplateURLs point: put a template there to deploy it by URL. */
    public TemplateBucket templates() {
        return templates;
    }

    public CallLog calls() {
        return calls;
    }

    /** Every table a stack deleted, with the items it held. */
    public TableDeletions tableDeletions() {
        return tableDeletions;
    }

    @Override
    public void close() {
        front.close();
        engine.close();
        tables.close();
    }
}
