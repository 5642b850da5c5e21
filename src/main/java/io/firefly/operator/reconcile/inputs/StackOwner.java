package io.firefly.operator.reconcile.inputs;

import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.port.ObservedStack;
import java.util.Optional;

/**
 * Which FireflyStack a CloudFormation stack belongs to, by the tag the operator puts on every stack it
 * deploys. Two FireflyStacks naming one stack would undo each other's updates, and deleting either would
 * delete the other's stack: the second one is refused. A stack without the tag (made by `sam deploy` or by
 * hand) is adopted by the first FireflyStack that names it.
 */
public final class StackOwner {
    public static final String TAG = "firefly.io/fireflystack";

    private StackOwner() {
    }

    /** The tag's value for this FireflyStack: namespace/name. */
    public static String of(FireflyStack stack) {
        return stack.getMetadata().getNamespace() + "/" + stack.getMetadata().getName();
    }

    /** The other FireflyStack the stack's tag names, when it names one other than {@code stack}. */
    public static Optional<String> other(ObservedStack observed, FireflyStack stack) {
        return Optional.ofNullable(observed.tags().get(TAG)).filter(owner -> !owner.equals(of(stack)));
    }
}
