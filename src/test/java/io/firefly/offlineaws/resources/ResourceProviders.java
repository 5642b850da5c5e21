package io.firefly.offlineaws.resources;

import java.util.Optional;

/** The provider for each resource type: real tables for DynamoDB, recorded resources for the other known types. */
public final class ResourceProviders {

    private final TableProvider tables;
    private final RecordedResourceProvider recorded;

    public ResourceProviders(TableProvider tables, RecordedResourceProvider recorded) {
        this.tables = tables;
        this.recorded = recorded;
    }

    /** Whether a provider here handles the type: CloudFormation's "Unrecognized resource types" names the others. */
    public static boolean knows(String type) {
        return TableProvider.TYPE.equals(type) || RecordedResourceProvider.records(type);
    }

    public ResourceProvider forType(String type) {
        return TableProvider.TYPE.equals(type) ? tables : recorded;
    }

    /** How drift detection reads a resource of this type as it is now; empty for types it does not check. */
    public Optional<LiveProperties> liveProperties(String type) {
        return TableProvider.TYPE.equals(type) ? Optional.of(tables.liveProperties()) : Optional.empty();
    }
}
