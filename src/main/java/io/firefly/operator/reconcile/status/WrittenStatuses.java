package io.firefly.operator.reconcile.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status the operator last wrote to each FireflyStack, so that no reconcile decides from an older one.
 *
 * <p>A reconcile gets its FireflyStack from the informer's cache, which shows the operator's own status write
 * only once the watch has delivered it; under load the next reconcile (an in-progress poll half a second later)
 * can start before that. Deciding from the older status would repeat or undo what the newer one records: a
 * change set executed, then the stack it created taken for one that needs an update. Writing that status back
 * would erase the newer one for good, since the status is replaced whole ({@link StatusPatch}).
 *
 * <p>A copy is older than the write when its resourceVersion is lower than the one the API server gave the
 * write: the resource versions of one resource type compare as integers (Kubernetes 1.35 made this a guarantee,
 * https://github.com/kubernetes/enhancements/tree/master/keps/sig-api-machinery/5504-comparable-resource-version;
 * every API server before it stores etcd's revision, an integer that grows with each write). A version that is
 * not such an integer is never taken for older: the copy is then used as it is. A status someone else wrote
 * after the operator's last write has a higher version, and is kept.
 *
 * <p>A write is kept only until a reconcile's copy shows it, so that a thousand stable stacks do not each keep
 * their whole status twice, and the entry of a FireflyStack that goes away is dropped ({@link #forget}).
 */
public final class WrittenStatuses {
    private record Written(String resourceVersion, String status) {
    }

    private final Map<String, Written> byUid = new ConcurrentHashMap<>();

    /**
     * Gives the FireflyStack the status the operator last wrote to it, if its copy predates that write.
     *
     * @return whether the copy was older
     */
    public boolean catchUp(FireflyStack resource) {
        Written written = byUid.get(resource.getMetadata().getUid());
        if (written == null) {
            return false;
        }
        if (!older(resource.getMetadata().getResourceVersion(), written.resourceVersion())) {
            // the cache shows this write or a later one, and never goes back: nothing left to keep for this stack
            byUid.remove(resource.getMetadata().getUid(), written);
            return false;
        }
        try {
            resource.setStatus(Serialization.jsonMapper().readValue(written.status(), FireflyStackStatus.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the status written earlier does not read back", e);
        }
        return true;
    }

    /** @param written the FireflyStack as the API server returned it from the status write */
    public void wrote(FireflyStack written) {
        try {
            byUid.put(written.getMetadata().getUid(), new Written(written.getMetadata().getResourceVersion(),
                    Serialization.jsonMapper().writeValueAsString(written.getStatus())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status that was just written does not serialize", e);
        }
    }

    /** The FireflyStack is gone. */
    public void forget(FireflyStack resource) {
        byUid.remove(resource.getMetadata().getUid());
    }

    /** Whether resource version {@code a} is lower than {@code b}; false unless both are positive integers. */
    static boolean older(String a, String b) {
        if (!positiveInteger(a) || !positiveInteger(b)) {
            return false;
        }
        return a.length() != b.length() ? a.length() < b.length() : a.compareTo(b) < 0;
    }

    private static boolean positiveInteger(String version) {
        return version != null && !version.isEmpty() && version.charAt(0) != '0'
                && version.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
