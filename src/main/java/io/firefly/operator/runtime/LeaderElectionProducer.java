package io.firefly.operator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Lets several operator replicas run side by side: quarkus-operator-sdk turns leader election on
 * (in the profiles of {@code quarkus.operator-sdk.activate-leader-election-for-profiles}, prod by
 * default) when this bean exists, and only the replica holding the Lease reconciles.
 */
@Singleton
public class LeaderElectionProducer {
    public static final String LEASE_NAME = "firefly-operator-lock";

    /**
     * @param podNamespace the operator's namespace, which the Helm chart passes through the
     *                     downward API. Without it (the jar run by hand) JOSDK falls back to the
     *                     Kubernetes client's namespace: the service account's, or the kubeconfig
     *                     context's.
     * @param lostLease    ends the process when the Lease goes to another replica; JOSDK's own exit
     *                     is off because it would also fire, and hang, during a shutdown
     * @param hostname     the pod's name, which the kubelet sets: the holder the Lease names. Set here,
     *                     not left to JOSDK, so that {@link LeaseRelease} knows whose Lease to release
     * @param client       the operator's Kubernetes client, which releases the Lease at shutdown
     */
    @Produces
    @Singleton
    public LeaderElectionConfiguration leaderElection(@ConfigProperty(name = "POD_NAMESPACE") Optional<String> podNamespace,
                                                      LostLeaseExit lostLease,
                                                      @ConfigProperty(name = "HOSTNAME") Optional<String> hostname,
                                                      KubernetesClient client) {
        String namespace = podNamespace.filter(ns -> !ns.isBlank()).orElse(null);
        String identity = hostname.filter(name -> !name.isBlank()).orElseGet(() -> UUID.randomUUID().toString());
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE_NAME)
                .withLeaseNamespace(namespace)
                .withIdentity(identity)
                .withLeaderCallbacks(lostLease.callbacks(new LeaseRelease(client, LEASE_NAME, namespace, identity)::release))
                .withExitOnStopLeading(false)
                .build();
    }
}
