package io.firefly.offlineaws;

import io.firefly.offlineaws.cloudformation.OperationContext;
import io.firefly.offlineaws.cloudformation.StackEngine;
import io.firefly.offlineaws.control.Faults;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import io.firefly.offlineaws.control.TemplateBucket;
import io.firefly.offlineaws.dynamodb.DynamoDbLocal;
import io.firefly.offlineaws.dynamodb.TableStore;
import io.firefly.offlineaws.events.CloudFormationEvents;
import io.firefly.offlineaws.events.EventBus;
import io.firefly.offlineaws.events.EventDelivery;
import io.firefly.offlineaws.resources.RecordedResourceProvider;
import io.firefly.offlineaws.resources.ResourceProviders;
import io.firefly.offlineaws.resources.TableDeletions;
import io.firefly.offlineaws.resources.TableProvider;
import io.firefly.offlineaws.sqs.Queues;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AWS accounts behind the endpoint, each with its own stacks, change sets, exports, recorded resources,
 * tables, SQS queues and default event bus, as separate AWS accounts are: an account comes to be the first
 * time a caller acts in it (the base identity's account, or the account of a role assumed through STS), and
 * its stacks' status changes go to its own bus only. What tests observe across accounts is shared: the
 * faults (the event delivery faults included), the call log, the table deletions and the S3 templates.
 */
final class Accounts implements AutoCloseable {

    /** One account's state. */
    record Account(TableStore tables, StackEngine stacks, Queues queues, EventBus eventBus) {
    }

    private final OfflineAwsOptions options;
    private final DynamoDbLocal dynamoDbLocal;
    private final Faults faults;
    private final TemplateBucket templates;
    private final TableDeletions tableDeletions;
    private final EventDelivery eventDelivery;
    private final Clock clock;
    private final Map<String, Account> byId = new ConcurrentHashMap<>();

    Accounts(OfflineAwsOptions options, DynamoDbLocal dynamoDbLocal, Faults faults, TemplateBucket templates,
             TableDeletions tableDeletions, EventDelivery eventDelivery, Clock clock) {
        this.options = options;
        this.dynamoDbLocal = dynamoDbLocal;
        this.faults = faults;
        this.templates = templates;
        this.tableDeletions = tableDeletions;
        this.eventDelivery = eventDelivery;
        this.clock = clock;
    }

    Account of(String accountId) {
        return byId.computeIfAbsent(accountId, this::open);
    }

    private Account open(String accountId) {
        TableStore tables = new TableStore(dynamoDbLocal, options.region(), accountId, clock);
        ResourceProviders providers = new ResourceProviders(new TableProvider(tables, faults, tableDeletions),
                new RecordedResourceProvider(options.region(), accountId));
        StackEngine stacks = new StackEngine(options,
                new OperationContext(providers, faults, templates, clock, options.region(), accountId));
        Queues queues = new Queues(options.region(), accountId, clock);
        EventBus eventBus = new EventBus(options.region(), accountId, queues, eventDelivery);
        stacks.onStatusChange(new CloudFormationEvents(eventBus));
        return new Account(tables, stacks, queues, eventBus);
    }

    @Override
    public void close() {
        byId.values().forEach(account -> {
            account.stacks().close();
            account.tables().close();
        });
    }
}
