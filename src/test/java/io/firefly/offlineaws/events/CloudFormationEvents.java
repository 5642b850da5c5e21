package io.firefly.offlineaws.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firefly.offlineaws.cloudformation.StackStatusListener;

import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * CloudFormation's side of EventBridge: every stack status change of an account becomes a "CloudFormation
 * Stack Status Change" event on that account's default bus, and on no other, shaped as AWS sends it (AWS
 * CloudFormation User Guide, "Stack Status Change event detail"; Amazon EventBridge Events Reference, "AWS
 * service event metadata"). EventBridge's {@code time} is to the second.
 */
public final class CloudFormationEvents implements StackStatusListener {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventBus bus;

    public CloudFormationEvents(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void changed(StackStatusChange change) {
        bus.publish(envelope(change));
    }

    /** The account of the stack, the fifth field of its ARN: the account whose bus this is. */
    private static String accountOf(String stackId) {
        return stackId.split(":", 6)[4];
    }

    ObjectNode envelope(StackStatusChange change) {
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", UUID.randomUUID().toString())
                .put("detail-type", "CloudFormation Stack Status Change")
                .put("source", "aws.cloudformation")
                .put("account", accountOf(change.stackId()))
                .put("time", change.at().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", bus.region());
        event.putArray("resources").add(change.stackId());
        ObjectNode detail = event.putObject("detail").put("stack-id", change.stackId());
        detail.putObject("status-details").put("status", change.status())
                .put("status-reason", change.reason() == null ? "" : change.reason());
        return event;
    }
}
