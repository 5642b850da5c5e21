package io.firefly.operator.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Down, for liveness and readiness, once an informer has stopped for good ({@link StoppedInformers}): an
 * operator that no longer watches its resources must not keep answering healthy. quarkus-operator-sdk's own
 * readiness check also goes down while an informer is not watching, but it does not take part in liveness,
 * so Kubernetes would never restart the operator.
 */
@Liveness
@Readiness
@ApplicationScoped
public class InformerHealthCheck implements HealthCheck {
    static final String NAME = "firefly informers";

    private final StoppedInformers informers;

    public InformerHealthCheck(StoppedInformers informers) {
        this.informers = informers;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, String> stopped = informers.stopped();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(stopped.isEmpty());
        stopped.forEach((resource, reason) -> response.withData(resource, "stopped: " + reason));
        return response.build();
    }
}
