package io.firefly.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One AWS CloudFormation stack, declared the GitOps way. The operator converges the real stack to
 * {@link FireflyStackSpec} and reports where it stands in {@link FireflyStackStatus}.
 */
@Group(FireflyStack.GROUP)
@Version(FireflyStack.VERSION)
// Named rather than derived: Fabric8 otherwise derives the plural with regular expressions each time an object
// of this type is built (every watch event, every item of a LIST).
@Plural("fireflystacks")
@ShortNames("ffs")
@AdditionalPrinterColumn(name = "Stack", jsonPath = ".spec.stackName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "CFN-Status", jsonPath = ".status.stackStatus", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(value = "has(self.spec)", fieldPath = ".spec", reason = "FieldValueRequired",
        message = "a FireflyStack needs a spec: set at least spec.stackName and spec.template")
@ValidationRule(value = "!has(self.spec) || !has(self.spec.dependsOn) || !(self.metadata.name in self.spec.dependsOn)",
        fieldPath = ".spec.dependsOn",
        message = "spec.dependsOn must not name this FireflyStack itself (metadata.name): remove its own name from the list")
public class FireflyStack extends CustomResource<FireflyStackSpec, FireflyStackStatus> implements Namespaced {
    public static final String GROUP = "firefly.io";
    public static final String VERSION = "v1alpha1";

    @Override
    protected FireflyStackStatus initStatus() {
        return new FireflyStackStatus();
    }
}
