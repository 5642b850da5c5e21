package io.firefly.offlineaws;

import io.firefly.offlineaws.resources.TableDeletions;
import io.firefly.offlineaws.control.CallLog;
import io.firefly.offlineaws.control.Faults;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import io.firefly.offlineaws.control.TemplateBucket;
import io.firefly.offlineaws.cloudformation.CloudFormationService;
import io.firefly.offlineaws.cloudformation.OperationContext;
import io.firefly.offlineaws.cloudformation.StackEngine;
import io.firefly.offlineaws.dynamodb.DynamoDbService;
import io.firefly.offlineaws.dynamodb.TableStore;
import io.firefly.offlineaws.events.CloudFormationEvents;
import io.firefly.offlineaws.events.EventBridgeService;
import io.firefly.offlineaws.events.EventBus;
import io.firefly.offlineaws.http.HttpFront;
import io.firefly.offlineaws.http.RateLimiter;
import io.firefly.offlineaws.resources.RecordedResourceProvider;
import io.firefly.offlineaws.resources.ResourceProviders;
import io.firefly.offlineaws.resources.TableProvider;
import io.firefly.offlineaws.sqs.Queues;
import io.firefly.offlineaws.sqs.SqsService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * An offline AWS: the CloudFormation Query API, the DynamoDB API, SQS and EventBridge rules on one endpoint
 * on 127.0.0.1, for tests and the demo. Every stack status change goes to EventBridge, whose rules can
 * route it to a queue as CloudFormation's events reach one in AWS. AWS clients reach it with nothing but an endpoint override.
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
    private final Queues queues;
    private final EventBus eventBus;
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
        this.queues = new Queues(options.region(), options.accountId(), clock);
        this.eventBus = new EventBus(options.region(), options.accountId(), queues);
        engine.onStatusChange(new CloudFormationEvents(eventBus));
        try {
            this.front = new HttpFront(options.port(), options.region(), new CloudFormationService(engine),
                    Map.of("DynamoDB_20120810.", new DynamoDbService(tables, clock),
                            SqsService.TARGET_PREFIX, new SqsService(queues),
                            EventBridgeService.TARGET_PREFIX, new EventBridgeService(eventBus)),
                    faults, calls, clock, new RateLimiter(options.rateLimits()));
        } catch (IOException e) {
            eventBus.close();
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

    /** The stacks behind the API, read directly: measurements that must not pay the endpoint's rate limits or show in the call log. */
    public StackEngine stacks() {
        return engine;
    }

    /** The SQS queues, for a test to create one or look into it without a client. */
    public Queues queues() {
        return queues;
    }

    /** The default event bus: its rules, and the faults of its deliveries. */
    public EventBus eventBus() {
        return eventBus;
    }

    /** Every table a stack deleted, with the items it held. */
    public TableDeletions tableDeletions() {
        return tableDeletions;
    }

    @Override
    public void close() {
        front.close();
        eventBus.close();
        engine.close();
        tables.close();
    }
}
