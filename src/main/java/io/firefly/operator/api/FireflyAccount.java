package io.firefly.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An AWS account the operator deploys into for some namespaces, and what those namespaces may deploy there.
 * Cluster-scoped: platform admins write it, teams only name it (spec.accountRef of a FireflyStack, or the
 * {@value #NAMESPACE_ANNOTATION} annotation of their namespace).
 */
@Group(FireflyStack.GROUP)
@Version(FireflyStack.VERSION)
// Named rather than derived: Fabric8 otherwise derives the plural with regular expressions each time an object
// of this type is built (every watch event, every item of a LIST).
@Plural("fireflyaccounts")
@ShortNames("ffa")
@AdditionalPrinterColumn(name = "Role", jsonPath = ".spec.assumeRoleArn", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Regions", jsonPath = ".spec.regions", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class FireflyAccount extends CustomResource<FireflyAccountSpec, FireflyAccountStatus> {
    /** The namespace annotation that names the FireflyAccount of FireflyStacks without spec.accountRef. */
    public static final String NAMESPACE_ANNOTATION = "firefly.io/account";

    @Override
    protected FireflyAccountStatus initStatus() {
        return new FireflyAccountStatus();
    }
}
