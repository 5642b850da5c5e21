package io.firefly.operator.reconcile.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackStatus;
import io.firefly.operator.api.Phase;
import org.junit.jupiter.api.Test;

class WrittenStatusesTest {
    private final WrittenStatuses written = new WrittenStatuses();

    @Test
    void aCopyOlderThanTheLastWriteGetsTheWrittenStatus() {
        written.wrote(stack("120", Phase.Ready, "stack is CREATE_COMPLETE"));
        FireflyStack older = stack("99", Phase.Creating, "executing change set");

        assertThat(written.catchUp(older)).isTrue();
        assertThat(older.getStatus().getPhase()).isEqualTo(Phase.Ready);
        assertThat(older.getStatus().getMessage()).isEqualTo("stack is CREATE_COMPLETE");
    }

    @Test
    void theWriteItselfOrANewerCopyIsUsedAsItIs() {
        written.wrote(stack("120", Phase.Ready, "ours"));
        FireflyStack same = stack("120", Phase.Ready, "ours");
        FireflyStack newer = stack("1000", Phase.Failed, "written by someone after the operator");

        assertThat(written.catchUp(same)).isFalse();
        assertThat(written.catchUp(newer)).isFalse();
        assertThat(newer.getStatus().getMessage()).isEqualTo("written by someone after the operator");
    }

    @Test
    void aWriteIsKeptOnlyUntilACopyShowsIt() {
        written.wrote(stack("120", Phase.Ready, "ours"));
        assertThat(written.catchUp(stack("99", Phase.Creating, "older"))).as("before the cache shows the write").isTrue();

        assertThat(written.catchUp(stack("120", Phase.Ready, "ours"))).isFalse();

        FireflyStack older = stack("99", Phase.Creating, "older");
        assertThat(written.catchUp(older)).as("the write is no longer kept").isFalse();
        assertThat(older.getStatus().getMessage()).isEqualTo("older");
    }

    @Test
    void theStatusReadBackIsACopyThatTheReconcileMayChange() {
        written.wrote(stack("120", Phase.Ready, "ours"));
        FireflyStack first = stack("7", null, null);
        written.catchUp(first);
        first.getStatus().setMessage("changed by a reconcile that was not written");

        FireflyStack second = stack("7", null, null);
        written.catchUp(second);
        assertThat(second.getStatus().getMessage()).isEqualTo("ours");
    }

    @Test
    void versionsThatAreNotIntegersAreNeverTakenForOlder() {
        assertThat(WrittenStatuses.older("99", "120")).isTrue();
        assertThat(WrittenStatuses.older("120", "99")).isFalse();
        assertThat(WrittenStatuses.older("119", "120")).isTrue();
        assertThat(WrittenStatuses.older("120", "120")).isFalse();
        assertThat(WrittenStatuses.older("a9", "120")).isFalse();
        assertThat(WrittenStatuses.older("099", "120")).isFalse();
        assertThat(WrittenStatuses.older(null, "120")).isFalse();
        assertThat(WrittenStatuses.older("", "120")).isFalse();
    }

    @Test
    void aFireflyStackForgottenIsNotCaughtUp() {
        FireflyStack ours = stack("120", Phase.Ready, "ours");
        written.wrote(ours);
        written.forget(ours);

        assertThat(written.catchUp(stack("7", Phase.Creating, "older"))).isFalse();
    }

    private static FireflyStack stack(String resourceVersion, Phase phase, String message) {
        FireflyStack stack = new FireflyStack();
        stack.setMetadata(new ObjectMetaBuilder().withName("table").withNamespace("shop").withUid("uid-1")
                .withResourceVersion(resourceVersion).build());
        FireflyStackStatus status = new FireflyStackStatus();
        status.setPhase(phase);
        status.setMessage(message);
        stack.setStatus(status);
        return stack;
    }
}
