package io.firefly.operator.aws;

import io.firefly.operator.port.AwsIdentity;
import io.firefly.operator.port.AwsPort;
import io.firefly.operator.port.AwsPorts;
import io.firefly.operator.port.RoleSessions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;

/** The {@link AwsPort} of each identity, on the AWS SDK, built once per identity and kept; and the roles' sessions. */
@ApplicationScoped
public class SdkAwsPorts implements AwsPorts, RoleSessions {
    private final AwsClients clients;
    private final StackWatch watch;
    private final Map<AwsIdentity, AwsPort> ports = new ConcurrentHashMap<>();

    public SdkAwsPorts(AwsClients clients, StackWatch watch) {
        this.clients = clients;
        this.watch = watch;
    }

    @Override
    public AwsPort as(AwsIdentity identity) {
        return ports.computeIfAbsent(identity, i -> new SdkAwsPort(clients, watch, i));
    }

    @Override
    public void assume(AwsIdentity.AssumedRole role) {
        try {
            clients.resolveCredentials(role);
        } catch (SdkException e) {
            throw AwsFailures.translate(e, "AssumeRole");
        }
    }
}
