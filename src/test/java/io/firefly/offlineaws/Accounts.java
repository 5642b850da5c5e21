package io.firefly.offlineaws;

import io.firefly.offlineaws.cloudformation.OperationContext;
import io.firefly.offlineaws.cloudformation.StackEngine;
import io.firefly.offlineaws.cloudformation.StackStatusListener;
import io.firefly.offlineaws.control.Faults;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import io.firefly.offlineaws.control.TemplateBucket;
import io.firefly.offlineaws.dynamodb.DynamoDbLocal;
import io.firefly.offlineaws.dynamodb.TableStore;
import io.firefly.offlineaws.resources.RecordedResourceProvider;
import io.firefly.offlineaws.resources.ResourceProviders;
import io.firefly.offlineaws.resources.TableDeletions;
import io.firefly.offlineaws.resources.TableProvider;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AWS accounts behind the endpoint, each with its own stacks, change sets, exports, recorded resources and
 * tables, as separate AWS accounts are: an account comes to be the first time a caller acts in it (the base
 * identity's account, or the account of a role assumed through STS). What tests observe across accounts is
 * shared: the faults, the call log, the table deletions, the S3 templates and the event bus.
 */
final class Accounts implements AutoCloseable {

    /** One account's state. */
    record Account(TableStore tables, StackEngine stacks) {
    }

    private final OfflineAwsOptions options;
    private final DynamoDbLocal dynamoDbLocal;
    private final Faults faults;
    private final TemplateBucket templates;
    private final TableDeletions tableDeletions;
    private final StackStatusListener statusListener;
    private final Clock clock;
    private final Map<String, Account> byId = new ConcurrentHashMap<>();

    Accounts(OfflineAwsOptions options, DynamoDbLocal dynamoDbLocal, Faults faults, TemplateBucket templates,
             TableDeletions tableDeletions, StackStatusListener statusListener, Clock clock) {
        this.options = options;
        this.dynamoDbLocal = dynamoDbLocal;
        this.faults = faults;
        this.templates = templates;
        this.tableDeletions = tableDeletions;
        this.statusListener = statusListener;
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
        stacks.onStatusChange(statusListener);
        return new Account(tables, stacks);
    }

    @Override
    public void close() {
        byId.values().forEach(account -> {
            account.stacks().close();
            account.tables().close();
        });
    }
}
