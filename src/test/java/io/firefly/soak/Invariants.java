package io.firefly.soak;

import io.firefly.offlineaws.control.AwsCall;
import io.firefly.offlineaws.resources.TableDeletions.TableDeletion;
import io.firefly.operator.api.DeletionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks made on AWS's own record (the offline AWS's call log and its log of deleted tables) against
 * what the soak did. Each returns the violations it found, as lines a person can follow up.
 */
final class Invariants {
    /** The operator's access key (OperatorProcess): its calls are told apart from the soak's own by it. */
    static final String OPERATOR_KEY = "offline";
    /** How late the soak's own watch may see an object leave the API after the operator saw it. */
    static final Duration WATCH_SLACK = Duration.ofSeconds(1);

    private final Fleet fleet;
    private final Journal journal;
    private final Observer observer;

    Invariants(Fleet fleet, Journal journal, Observer observer) {
        this.fleet = fleet;
        this.journal = journal;
        this.observer = observer;
    }

    /**
     * One CreateChangeSet of type CREATE or IMPORT per stack life. A life ends with a DeleteStack (the
     * operator's or the soak's); AWS answers a re-sent identical request with the same change set, so
     * change sets are counted by name.
     */
    List<String> oneCreatePerLife(List<AwsCall> calls) {
        List<String> violations = new ArrayList<>();
        Map<String, Set<String>> creatorsThisLife = new HashMap<>();
        for (AwsCall call : calls) {
            if (call.failed() || call.stackName() == null) {
                continue;
            }
            if (call.action().equals("DeleteStack")) {
                creatorsThisLife.remove(call.stackName());
            } else if (call.action().equals("CreateChangeSet")
                    && ("CREATE".equals(call.changeSetType()) || "IMPORT".equals(call.changeSetType()))) {
                Set<String> creators = creatorsThisLife.computeIfAbsent(call.stackName(), s -> new LinkedHashSet<>());
                if (creators.add(call.changeSetName()) && creators.size() > 1) {
                    violations.add("%s stack %s: a second %s change set %s in one life (before it: %s)".formatted(
                            call.at(), call.stackName(), call.changeSetType(), call.changeSetName(), creators));
                }
            }
        }
        return violations;
    }

    /** Stack lives begun: the distinct CREATE and IMPORT change sets, for the report. */
    static long lives(List<AwsCall> calls) {
        return calls.stream().filter(c -> !c.failed() && c.action().equals("CreateChangeSet")
                        && ("CREATE".equals(c.changeSetType()) || "IMPORT".equals(c.changeSetType())))
                .map(c -> c.stackName() + "/" + c.changeSetName()).distinct().count();
    }

    /**
     * A table that held items was deleted only by the deletion the soak asked of its FireflyStack, whose
     * manifest said deletionPolicy Delete; and the operator never calls DynamoDB DeleteTable.
     */
    List<String> noDataLost(List<TableDeletion> deletions, List<AwsCall> calls) {
        List<String> violations = new ArrayList<>();
        for (TableDeletion deletion : deletions) {
            if (deletion.items() == 0) {
                continue;
            }
            Optional<Member> owner = fleet.byTableName(deletion.tableName());
            Optional<Journal.Act> asked = owner.flatMap(m -> journal.lastActBefore(m.name(), deletion.at()));
            boolean permitted = asked.filter(a -> a.kind() == Journal.ActKind.DELETE_ASKED && a.policy() == DeletionPolicy.Delete)
                    .isPresent();
            if (!permitted) {
                violations.add("%s table %s deleted (%s) with %d items; the soak's last act on its FireflyStack: %s".formatted(
                        deletion.at(), deletion.tableName(), deletion.cause(), deletion.items(),
                        asked.map(Object::toString).orElse("none")));
            }
        }
        calls.stream().filter(c -> OPERATOR_KEY.equals(c.accessKeyId()) && c.action().equals("DeleteTable"))
                .forEach(c -> violations.add(c.at() + " the operator called DynamoDB DeleteTable"));
        return violations;
    }

    /** Tables deleted with items by a deletion the manifest allowed, for the report. */
    static long tablesDeletedWithItems(List<TableDeletion> deletions) {
        return deletions.stream().filter(d -> d.items() > 0).count();
    }

    /**
     * No DeleteStack of a table stack while a Lambda stack reading it exists in the API (being deleted
     * counts as existing). A dependent exists from the moment its creation was accepted until the soak's
     * watch saw it leave, less {@link #WATCH_SLACK}.
     */
    List<String> dependentsFirst(List<AwsCall> calls) {
        List<String> violations = new ArrayList<>();
        for (AwsCall call : calls) {
            if (!OPERATOR_KEY.equals(call.accessKeyId()) || !call.action().equals("DeleteStack") || call.failed()) {
                continue;
            }
            fleet.byStackName(call.stackName()).filter(Member::isTable).ifPresent(table -> {
                for (Member dependent : fleet.dependentsOf(table)) {
                    if (existed(dependent, call.at())) {
                        violations.add("%s DeleteStack of %s while %s (reads its outputs) existed".formatted(
                                call.at(), call.stackName(), dependent.name()));
                    }
                }
            });
        }
        return violations;
    }

    private boolean existed(Member member, Instant at) {
        List<Instant> gone = observer.goneTimes(member.name());
        for (Journal.Act act : journal.acts(member.name())) {
            if (act.kind() != Journal.ActKind.CREATED || act.at().isAfter(at)) {
                continue;
            }
            Optional<Instant> leftAt = gone.stream().filter(g -> g.isAfter(act.at())).findFirst();
            if (leftAt.isEmpty() || at.isBefore(leftAt.get().minus(WATCH_SLACK))) {
                return true;
            }
        }
        return false;
    }

    private static long operatorCalls(List<AwsCall> calls, Instant from, Instant to) {
        return calls.stream().filter(c -> OPERATOR_KEY.equals(c.accessKeyId()) && !c.at().isBefore(from) && c.at().isBefore(to))
                .count();
    }

    /** The operator's calls in each whole minute of the run, in order (the one partial minute of a shorter run). */
    static List<Long> callsPerMinute(List<AwsCall> calls, Instant from, Instant to) {
        List<Long> minutes = new ArrayList<>();
        for (Instant start = from; start.plus(Duration.ofMinutes(1)).compareTo(to) <= 0; start = start.plus(Duration.ofMinutes(1))) {
            Instant begin = start;
            Instant end = start.plus(Duration.ofMinutes(1));
            minutes.add(operatorCalls(calls, begin, end));
        }
        if (minutes.isEmpty()) {
            minutes.add(operatorCalls(calls, from, to));
        }
        return minutes;
    }
}
