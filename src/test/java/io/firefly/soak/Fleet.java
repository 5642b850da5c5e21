package io.firefly.soak;

import io.firefly.operator.api.DeletionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The seeded graph of the soak: two fifths table stacks, the rest Lambda stacks each reading one
 * table's outputs (so a table has zero to several dependents). A quarter of the tables exist before
 * their FireflyStack, holding items, so the operator imports them; a fifth have deletionPolicy Retain.
 */
final class Fleet {
    private final List<Member> members;
    private final Map<String, Member> byName;
    private final Map<String, Member> byStackName;
    private final Map<String, Member> byTableName;

    private Fleet(List<Member> members) {
        this.members = List.copyOf(members);
        this.byName = members.stream().collect(Collectors.toMap(Member::name, Function.identity()));
        this.byStackName = members.stream().collect(Collectors.toMap(Member::stackName, Function.identity()));
        this.byTableName = members.stream().filter(Member::isTable)
                .collect(Collectors.toMap(Member::tableName, Function.identity()));
    }

    static Fleet generate(int stacks, Random random) {
        if (stacks < 2) {
            throw new IllegalArgumentException("--stacks must be at least 2: a table and a Lambda stack");
        }
        int tableCount = Math.max(1, stacks * 2 / 5);
        List<Member> members = new ArrayList<>();
        List<Member> tables = new ArrayList<>();
        for (int i = 0; i < tableCount; i++) {
            Member table = Member.table(i, random.nextDouble() < 0.25,
                    random.nextDouble() < 0.2 ? DeletionPolicy.Retain : DeletionPolicy.Delete);
            tables.add(table);
            members.add(table);
        }
        for (int i = 0; i < stacks - tableCount; i++) {
            members.add(Member.function(i, tables.get(random.nextInt(tables.size()))));
        }
        return new Fleet(members);
    }

    List<Member> members() {
        return members;
    }

    List<Member> tables() {
        return members.stream().filter(Member::isTable).toList();
    }

    Member named(String name) {
        return byName.get(name);
    }

    Optional<Member> byStackName(String stackName) {
        return Optional.ofNullable(byStackName.get(stackName));
    }

    Optional<Member> byTableName(String tableName) {
        return Optional.ofNullable(byTableName.get(tableName));
    }

    /** The Lambda stacks that read this table stack's outputs. */
    List<Member> dependentsOf(Member table) {
        return members.stream().filter(m -> !m.isTable() && m.dependsOn().equals(table.name())).toList();
    }
}
