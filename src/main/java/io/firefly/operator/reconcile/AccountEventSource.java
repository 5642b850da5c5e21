package io.firefly.operator.reconcile;

import io.firefly.operator.api.FireflyAccount;
import io.firefly.operator.api.FireflyAccountSpec;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.aws.EventQueues;
import io.firefly.operator.port.AwsIdentity;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;

/**
 * The FireflyAccounts, watched for the FireflyStacks that deploy into them; and, as each account comes,
 * changes and goes, its events queue ({@code spec.events.queueUrl}) followed or dropped. The watch tells at
 * once, where a reconcile of the account would not run when it is deleted (FireflyAccounts carry no finalizer).
 */
final class AccountEventSource extends InformerEventSource<FireflyAccount, FireflyStack> {
    private final EventQueues queues;

    AccountEventSource(InformerEventSourceConfiguration<FireflyAccount> configuration,
                       EventSourceContext<FireflyStack> context, EventQueues queues) {
        super(configuration, context);
        this.queues = queues;
    }

    @Override
    public void onAdd(FireflyAccount account) {
        follow(account);
        super.onAdd(account);
    }

    @Override
    public void onUpdate(FireflyAccount before, FireflyAccount account) {
        follow(account);
        super.onUpdate(before, account);
    }

    @Override
    public synchronized void onDelete(FireflyAccount account, boolean finalStateUnknown) {
        queues.unfollow(account.getMetadata().getName());
        super.onDelete(account, finalStateUnknown);
    }

    private void follow(FireflyAccount account) {
        FireflyAccountSpec spec = account.getSpec();
        if (spec == null || spec.getAssumeRoleArn() == null) {
            return; // unreadable: the FireflyStacks that use it say so
        }
        AwsIdentity.AssumedRole role = new AwsIdentity.AssumedRole(null, spec.getAssumeRoleArn(), spec.getExternalId(), null);
        queues.follow(account.getMetadata().getName(), role,
                Optional.ofNullable(spec.getEvents()).map(events -> events.queueUrl()));
    }
}
