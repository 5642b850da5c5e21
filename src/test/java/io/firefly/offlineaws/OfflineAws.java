package io.firefly.offlineaws;

import io.firefly.offlineaws.cloudformation.CloudFormationService;
import io.firefly.offlineaws.cloudformation.StackEngine;
import io.firefly.offlineaws.control.CallLog;
import io.firefly.offlineaws.control.Faults;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import io.firefly.offlineaws.control.TemplateBucket;
import io.firefly.offlineaws.dynamodb.DynamoDbLocal;
import io.firefly.offlineaws.dynamodb.DynamoDbService;
import io.firefly.offlineaws.events.EventBridgeService;
import io.firefly.offlineaws.events.EventBus;
import io.firefly.offlineaws.events.EventDelivery;
import io.firefly.offlineaws.http.HttpFront;
import io.firefly.offlineaws.http.RateLimiter;
import io.firefly.offlineaws.resources.TableDeletions;
import io.firefly.offlineaws.sqs.Queues;
import io.firefly.offlineaws.sqs.SqsService;
import io.firefly.offlineaws.sts.Identities;
import io.firefly.offlineaws.sts.Roles;
import io.firefly.offlineaws.sts.StsService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * An offline AWS: the CloudFormation Query API, the DynamoDB API, SQS, EventBridge rules and STS on one endpoint
 * on 127.0.0.1, for tests and the demo. Every stack status change goes to EventBridge, whose rules can
 * route it to a queue as CloudFormation's events reach one in AWS. AWS clients reach it with nothing but an endpoint override.
 * Each request acts as the identity that signed it: any key is the base identity, in the default account, and
 * the keys STS AssumeRole issued act as the role, in the role's account. Accounts keep their stacks, tables, queues
 * and event buses apart.
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
    private final Roles roles = new Roles();
    private final Identities identities;
    private final DynamoDbLocal dynamoDbLocal;
    private final Accounts accounts;
    private final EventDelivery eventDelivery = new EventDelivery();
    private final HttpFront front;

    private OfflineAws(OfflineAwsOptions options) {
        this.options = options;
        Clock clock = Clock.systemUTC();
        this.identities = new Identities(options.accountId(), clock);
        this.dynamoDbLocal = DynamoDbLocal.start();
        this.accounts = new Accounts(options, dynamoDbLocal, faults, templates, tableDeletions, eventDelivery, clock);
        accounts.of(options.accountId());
        try {
            this.front = new HttpFront(options.port(), options.region(),
                    new CloudFormationService(accountId -> accounts.of(accountId).stacks()),
                    Map.of(StsService.SIGNING_NAME, new StsService(identities, roles, clock, options.sessionSeconds())),
                    Map.of("DynamoDB_20120810.", new DynamoDbService(accountId -> accounts.of(accountId).tables(), clock),
                            SqsService.TARGET_PREFIX, new SqsService(accountId -> accounts.of(accountId).queues()),
                            EventBridgeService.TARGET_PREFIX, new EventBridgeService(accountId -> accounts.of(accountId).eventBus())),
                    identities, faults, calls, clock, new RateLimiter(options.rateLimits()));
        } catch (IOException e) {
            eventDelivery.close();
            accounts.close();
            dynamoDbLocal.close();
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

    /** The default account: the base identity's, where every key STS did not issue acts. */
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

    /** The roles STS lets callers assume: any, unless declared otherwise here (an ExternalId required, denied). */
    public Roles roles() {
        return roles;
    }

    /** The base identity and the sessions STS issued, with their tags; {@code expireAll()} ends them at once. */
    public Identities identities() {
        return identities;
    }

    /** The default account's stacks, read directly: measurements that must not pay the endpoint's rate limits or show in the call log. */
    public StackEngine stacks() {
        return stacks(options.accountId());
    }

    /** One account's stacks, read directly. */
    public StackEngine stacks(String accountId) {
        return accounts.of(accountId).stacks();
    }

    /** The default account's SQS queues, for a test to create one or look into it without a client. */
    public Queues queues() {
        return queues(options.accountId());
    }

    /** One account's SQS queues. */
    public Queues queues(String accountId) {
        return accounts.of(accountId).queues();
    }

    /**
     * The default account's default event bus: its rules, and the faults of the deliveries, which are every
     * account's. The default account's stacks publish here.
     */
    public EventBus eventBus() {
        return eventBus(options.accountId());
    }

    /** One account's default event bus, where that account's stacks, and only they, publish their status changes. */
    public EventBus eventBus(String accountId) {
        return accounts.of(accountId).eventBus();
    }

    /** Every table a stack deleted, in any account, with the items it held. */
    public TableDeletions tableDeletions() {
        return tableDeletions;
    }

    @Override
    public void close() {
        front.close();
        eventDelivery.close();
        accounts.close();
        dynamoDbLocal.close();
    }
}
