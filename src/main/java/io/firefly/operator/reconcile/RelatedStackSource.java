package io.firefly.operator.reconcile;

import io.firefly.operator.api.FireflyStack;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.function.Consumer;

/**
 * The FireflyStacks as the informer that wakes dependents sees them ({@link RelatedStacks}); and, as each one
 * goes, what the operator keeps for it in memory is dropped. The deletion step that lets the finalizer go drops
 * it too, but a FireflyStack whose finalizer a person removed by hand never has that step, and a long-running
 * operator would keep its entries for good. (A reconcile of it still running when the event comes may leave an
 * entry or two behind, a few hundred bytes.)
 */
final class RelatedStackSource extends InformerEventSource<FireflyStack, FireflyStack> {
    private final Consumer<FireflyStack> gone;

    RelatedStackSource(InformerEventSourceConfiguration<FireflyStack> configuration,
                       EventSourceContext<FireflyStack> context, Consumer<FireflyStack> gone) {
        super(configuration, context);
        this.gone = gone;
    }

    @Override
    public void onDelete(FireflyStack stack, boolean finalStateUnknown) {
        gone.accept(stack);
        super.onDelete(stack, finalStateUnknown);
    }
}
