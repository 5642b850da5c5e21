package io.firefly.operator.reconcile;

import io.firefly.operator.api.FireflyStack;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

@ControllerConfiguration(name = "fireflystack")
public class FireflyStackReconciler implements Reconciler<FireflyStack> {
    @Override
    public UpdateControl<FireflyStack> reconcile(FireflyStack resource, Context<FireflyStack> context) {
        return UpdateControl.noUpdate();
    }
}
