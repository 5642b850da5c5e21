package io.firefly.offlineaws.resources;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every table a stack deleted, with the items it held at that moment: the record that tells whether
 * data was lost, and through which stack operation.
 */
public final class TableDeletions {

    /** One table of an account deleted by a stack operation; {@code items} is the number it held just before. */
    public record TableDeletion(Instant at, String tableName, long items, DeleteCause cause, String accountId) {
    }

    private final List<TableDeletion> deletions = new ArrayList<>();

    public synchronized void record(TableDeletion deletion) {
        deletions.add(deletion);
    }

    public synchronized List<TableDeletion> all() {
        return List.copyOf(deletions);
    }
}
