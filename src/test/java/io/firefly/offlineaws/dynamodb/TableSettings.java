package io.firefly.offlineaws.dynamodb;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a table has beyond what DynamoDB Local keeps: point-in-time recovery and tags.
 *
 * @param pitrEnabledAt when point-in-time recovery was last switched on; null while it is off
 */
public record TableSettings(boolean pitrEnabled, int recoveryPeriodInDays, Instant pitrEnabledAt, Map<String, String> tags) {

    public static final int DEFAULT_RECOVERY_PERIOD_DAYS = 35;

    public static TableSettings none() {
        return new TableSettings(false, DEFAULT_RECOVERY_PERIOD_DAYS, null, Map.of());
    }

    public TableSettings withPitr(boolean enabled, int days, Instant now) {
        Instant since = !enabled ? null : pitrEnabled ? pitrEnabledAt : now;
        return new TableSettings(enabled, days, since, tags);
    }

    public TableSettings withTags(Map<String, String> added) {
        Map<String, String> merged = new LinkedHashMap<>(tags);
        merged.putAll(added);
        return new TableSettings(pitrEnabled, recoveryPeriodInDays, pitrEnabledAt, Map.copyOf(merged));
    }

    public TableSettings withoutTags(Iterable<String> keys) {
        Map<String, String> left = new LinkedHashMap<>(tags);
        keys.forEach(left::remove);
        return new TableSettings(pitrEnabled, recoveryPeriodInDays, pitrEnabledAt, Map.copyOf(left));
    }
}
