package io.firefly.offlineaws.resources;

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
}
