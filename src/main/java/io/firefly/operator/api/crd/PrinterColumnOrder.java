package io.firefly.operator.api.crd;

import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.Comparator;
import java.util.List;

/**
 * Build-time CRD post-processor. The CRD generator sorts printer columns by JSON path, which would
 * put AGE first; {@code kubectl get fireflystacks} should read NAME, STACK, PHASE, CFN-STATUS,
 * READY, AGE, and {@code kubectl get fireflyaccounts} NAME, ROLE, REGIONS, READY, AGE. Only the Quarkus build loads this class (quarkus.operator-sdk.crd.crd-post-processor-class).
 */
public class PrinterColumnOrder implements CRDPostProcessor {
    static final List<String> ORDER = List.of("Stack", "Phase", "CFN-Status", "Role", "Regions", "Ready", "Age");

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        if (crd instanceof CustomResourceDefinition definition) {
            definition.getSpec().getVersions().forEach(version -> {
                List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
                if (columns != null) {
                    columns.sort(Comparator.comparingInt(column -> rank(column.getName())));
                }
            });
        }
        return crd;
    }

    private static int rank(String name) {
        int index = ORDER.indexOf(name);
        return index < 0 ? ORDER.size() : index;
    }
}
