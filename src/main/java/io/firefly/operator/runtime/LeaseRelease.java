package io.firefly.operator.runtime;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Hands the Lease over when this replica stops. Java Operator SDK cancels its leader election on shutdown
 * without releasing the Lease, so a follower would wait out the lease duration (15 s) before it reconciles:
 * at every pod stop of a rollout, 15 s in which no FireflyStack moves. The SDK reports the end of leadership
 * after it has stopped the controllers and their threads and before it closes the Kubernetes client; then
 * this clears the holder and shortens the lease to a second, as client-go's {@code ReleaseOnCancel} does,
 * and the follower takes over at its next retry, about 2 s later.
 *
 * <p>The update carries the Lease's resourceVersion: should a renewal in flight land first, the update is
 * refused and the Lease expires as it did before. A Lease held by another replica is never touched.
 */
final class LeaseRelease {
    private static final Logger LOG = Logger.getLogger(LeaseRelease.class);
    /** A shutdown must stay prompt even when the API server does not answer. */
    private static final Duration LONGEST = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final String leaseName;
    /** Null: the Kubernetes client's namespace, as Java Operator SDK chooses it. */
    private final String leaseNamespace;
    private final String identity;

    LeaseRelease(KubernetesClient client, String leaseName, String leaseNamespace, String identity) {
        this.client = client;
        this.leaseName = leaseName;
        this.leaseNamespace = leaseNamespace;
        this.identity = identity;
    }

    void release() {
        try {
            CompletableFuture.runAsync(this::releaseNow).get(LONGEST.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.infof("the Lease %s was not released within %s: it expires by itself", leaseName, LONGEST);
        } catch (ExecutionException e) {
            LOG.infof("the Lease %s was not released (%s): it expires by itself", leaseName, e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void releaseNow() {
        String namespace = leaseNamespace != null ? leaseNamespace : client.getNamespace();
        Lease lease = client.leases().inNamespace(namespace).withName(leaseName).get();
        if (lease == null || lease.getSpec() == null || !identity.equals(lease.getSpec().getHolderIdentity())) {
            return;
        }
        lease.getSpec().setHolderIdentity(null);
        lease.getSpec().setLeaseDurationSeconds(1);
        lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
        try {
            client.leases().inNamespace(namespace).resource(lease).update(); // 409 if the Lease changed since read
            LOG.infof("released the Lease %s/%s held by %s: a follower takes over at its next retry", namespace, leaseName, identity);
        } catch (KubernetesClientException conflict) {
            LOG.infof("the Lease %s changed while it was being released (%s): it expires by itself", leaseName, conflict.getMessage());
        }
    }
}
