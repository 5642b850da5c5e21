package io.firefly.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.firefly.operator.runtime.LeaderElectionProducer;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Lease the replicas compete for is the one the chart's leader-election Role grants. */
class LeaderElectionProducerTest {
    private final LeaderElectionProducer producer = new LeaderElectionProducer();

    @Test
    void leaseIsFireflyOperatorLockInThePodsNamespace() {
        LeaderElectionConfiguration config = producer.leaderElection(Optional.of("firefly-system"));

        assertThat(config.getLeaseName()).isEqualTo("firefly-operator-lock");
        assertThat(config.getLeaseNamespace()).contains("firefly-system");
        // A leader that loses the Lease exits, so Kubernetes restarts it as a follower.
        assertThat(config.isExitOnStopLeading()).isTrue();
    }

    @Test
    void withoutPodNamespaceTheKubernetesClientsNamespaceIsUsed() {
        assertThat(producer.leaderElection(Optional.empty()).getLeaseNamespace()).isEmpty();
        assertThat(producer.leaderElection(Optional.of(" ")).getLeaseNamespace()).isEmpty();
    }
}
