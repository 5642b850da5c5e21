package io.firefly.offlineaws.resources;

/** The provider for each resource type: real tables for DynamoDB, recorded resources for everything else. */
public final class ResourceProviders {

    private final TableProvider tables;
    private final RecordedResourceProvider recorded;

    public ResourceProviders(TableProvider tables, RecordedResourceProvider recorded) {
        this.tables = tables;
        this.recorded = recorded;
    }

    public ResourceProvider forType(String type) {
        return TableProvider.TYPE.equals(type) ? tables : recorded;
    }
}
