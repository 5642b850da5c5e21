package io.firefly.offlineaws.control;

import java.util.ArrayList;
import java.util.List;

/** Every request the offline AWS received, in arrival order; tests read it to count and inspect calls. */
public final class CallLog {

    private final List<AwsCall> calls = new ArrayList<>();

    public synchronized List<AwsCall> all() {
        return List.copyOf(calls);
    }

    public synchronized List<AwsCall> of(String action) {
        return calls.stream().filter(c -> c.action().equals(action)).toList();
    }

    public synchronized long count(String action) {
        return calls.stream().filter(c -> c.action().equals(action)).count();
    }

    public synchronized void clear() {
        calls.clear();
    }

    public synchronized void record(AwsCall call) {
        calls.add(call);
    }
}
