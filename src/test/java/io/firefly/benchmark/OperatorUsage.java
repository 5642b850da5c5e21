package io.firefly.benchmark;

import java.time.Duration;
import java.util.List;

/**
 * What one operator process spent in a run, or several together.
 *
 * @param watches        the namespaces it watched, for the report
 * @param cpuDeploy      CPU time (user + system) from apply to all Ready
 * @param cpuSteady      CPU time in the steady window, where every stack is Ready and nothing changes
 * @param cpuDelete      CPU time from delete to all gone
 * @param heapAtStart    heap in use once it was ready, before the stacks, bytes
 * @param residentReady  VmRSS at all Ready, bytes; -1 where /proc is missing
 * @param heapSteady     heap in use at the end of the steady window, bytes
 * @param residentSteady VmRSS at the end of the steady window, bytes
 * @param residentPeak   VmHWM at the end of the run: what its container's memory limit has to hold, bytes
 */
record OperatorUsage(String watches, Duration cpuDeploy, Duration cpuSteady, Duration cpuDelete, long heapAtStart, long residentReady, long heapSteady,
                     long residentSteady, long residentPeak) {

    /** All operators together; the peak is the sum of each one's peak, what the limits of all their pods must hold. */
    static OperatorUsage total(List<OperatorUsage> operators) {
        return new OperatorUsage("all " + operators.size(),
                operators.stream().map(OperatorUsage::cpuDeploy).reduce(Duration.ZERO, Duration::plus),
                operators.stream().map(OperatorUsage::cpuSteady).reduce(Duration.ZERO, Duration::plus),
                operators.stream().map(OperatorUsage::cpuDelete).reduce(Duration.ZERO, Duration::plus),
                sum(operators.stream().mapToLong(OperatorUsage::heapAtStart).toArray()),
                sum(operators.stream().mapToLong(OperatorUsage::residentReady).toArray()),
                sum(operators.stream().mapToLong(OperatorUsage::heapSteady).toArray()),
                sum(operators.stream().mapToLong(OperatorUsage::residentSteady).toArray()),
                sum(operators.stream().mapToLong(OperatorUsage::residentPeak).toArray()));
    }

    /** -1 (not measured) if any is. */
    private static long sum(long[] values) {
        long total = 0;
        for (long value : values) {
            if (value < 0) {
                return -1;
            }
            total += value;
        }
        return total;
    }
}
