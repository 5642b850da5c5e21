package io.firefly.soak;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.firefly.demo.ApiFaults;
import io.firefly.offlineaws.control.Faults;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The soak's disruptions, drawn from one seeded random sequence: edits of a parameter or of the tags,
 * deletes (a table stack with its dependents, as {@code kubectl delete -k} does) and re-creates, changes
 * made in AWS behind the operator's back, items written into tables, AWS faults, API faults, and the
 * replicas killed or stopped. The choices follow the seed; their timing follows the processes.
 */
final class Disruptor {
    private static final List<String> MEMORY = List.of("128", "256", "512", "1024");

    private final Random random;
    private final Fleet fleet;
    private final KubernetesClient client;
    private final Observer observer;
    private final Journal journal;
    private final CloudFormationClient cloudFormation;
    private final DynamoDbClient dynamoDb;
    private final Faults awsFaults;
    private final ApiFaults apiFaults;
    private final Replicas replicas;
    /** Objects given a failure to meet on their next deploy: after it they wait for a new spec, as documented. */
    private final Set<String> failureInjected = ConcurrentHashMap.newKeySet();
    private int revision;
    private int items;

    Disruptor(Random random, Fleet fleet, KubernetesClient client, Observer observer, Journal journal,
              CloudFormationClient cloudFormation, DynamoDbClient dynamoDb, Faults awsFaults, ApiFaults apiFaults,
              Replicas replicas) {
        this.random = random;
        this.fleet = fleet;
        this.client = client;
        this.observer = observer;
        this.journal = journal;
        this.cloudFormation = cloudFormation;
        this.dynamoDb = dynamoDb;
        this.awsFaults = awsFaults;
        this.apiFaults = apiFaults;
        this.replicas = replicas;
    }

    /** Disrupts for this long; a SIGKILL, a SIGTERM and dropped watches happen at least once each. */
    void run(Duration chaos) {
        Instant start = Instant.now();
        Instant end = start.plus(chaos);
        List<Runnable> sure = new ArrayList<>(List.of(this::sigkill, this::dropWatches, this::sigterm));
        int done = 0;
        while (Instant.now().isBefore(end)) {
            pause(Duration.ofMillis(500 + random.nextInt(2500)));
            IntStream.range(0, replicas.restartExited()).forEach(i -> journal.disruption("replica ended by itself, restarted"));
            double elapsed = Duration.between(start, Instant.now()).toMillis() / (double) chaos.toMillis();
            if (done < sure.size() && elapsed >= (done + 1) / (double) (sure.size() + 1)) {
                sure.get(done++).run();
            } else {
                next();
            }
        }
    }

    private void next() {
        int roll = random.nextInt(100);
        if (roll < 22) {
            editLiteral();
        } else if (roll < 34) {
            editTags();
        } else if (roll < 43) {
            delete();
        } else if (roll < 57) {
            recreate();
        } else if (roll < 64) {
            updateOutOfBand();
        } else if (roll < 68) {
            deleteStackOutOfBand();
        } else if (roll < 74) {
            putItems();
        } else if (roll < 82) {
            changeAwsFaults();
        } else if (roll < 85) {
            injectResourceFailure();
        } else if (roll < 91) {
            changeApiFaults();
        } else if (roll < 93) {
            dropWatches();
        } else if (roll < 97) {
            sigkill();
        } else {
            sigterm();
        }
    }

    /** Objects that had a resource failure injected: a Failed one of these needs a new spec, as a person would give it. */
    Set<String> failureInjected() {
        return Set.copyOf(failureInjected);
    }

    /** Gives an object a new spec (a tag), as a person does after fixing a cause; used once the disruptions end. */
    void touch(String object) {
        Member member = fleet.named(object);
        member.tag("soak", "v" + (++revision));
        apply(member);
        failureInjected.remove(member.name());
    }

    private void editLiteral() {
        pick(this::live).ifPresent(member -> {
            member.literal(member.isTable() ? "team-" + (++revision) : other(MEMORY, member.literal()));
            apply(member);
            journal.disruption("edit a parameter");
        });
    }

    private void editTags() {
        pick(this::live).ifPresent(member -> {
            member.tag("soak", "v" + (++revision));
            if (random.nextBoolean()) {
                member.tag("owner", "team-" + random.nextInt(5));
            }
            apply(member);
            journal.disruption("edit tags");
        });
    }

    /** A Lambda stack alone, or a table stack with every dependent that exists, all at once. */
    private void delete() {
        pick(this::live).ifPresent(member -> {
            List<Member> targets = new ArrayList<>();
            if (member.isTable()) {
                fleet.dependentsOf(member).stream().filter(d -> observer.exists(d.name())).forEach(targets::add);
            }
            targets.add(member);
            for (Member target : targets) {
                client.resources(FireflyStack.class).inNamespace(Member.NAMESPACE).withName(target.name()).delete();
                journal.deleteAsked(target.name(), target.deletionPolicy());
            }
            journal.disruption(member.isTable() ? "delete a table stack and its dependents" : "delete a Lambda stack");
        });
    }

    /** An object that is gone comes back; a Lambda stack only while its table stack is there to read. */
    private void recreate() {
        pick(member -> !observer.exists(member.name()) && (member.isTable() || live(fleet.named(member.dependsOn()))))
                .ifPresent(member -> {
                    create(member);
                    journal.disruption("re-create");
                });
    }

    void create(Member member) {
        try {
            client.resource(member.manifest()).create();
            journal.created(member.name());
        } catch (KubernetesClientException stillThere) {
            // the previous object had not left the API yet: nothing was created
        }
    }

    /** UpdateStack with the previous template and another value of the literal parameter, as a person with the console. */
    private void updateOutOfBand() {
        pick(member -> live(member) && stackIsComplete(member)).ifPresent(member -> {
            List<Parameter> parameters = new ArrayList<>();
            parameters.add(Parameter.builder().parameterKey(member.literalName())
                    .parameterValue(member.isTable() ? "out-of-band-" + (++revision) : "2048").build());
            if (!member.isTable()) {
                parameters.add(Parameter.builder().parameterKey("TableName").usePreviousValue(true).build());
                parameters.add(Parameter.builder().parameterKey("TableArn").usePreviousValue(true).build());
            }
            try {
                cloudFormation.updateStack(b -> b.stackName(member.stackName()).usePreviousTemplate(true).parameters(parameters));
                journal.disruption("out-of-band UpdateStack");
            } catch (SdkException refused) {
                journal.disruption("out-of-band UpdateStack refused by AWS");
            }
        });
    }

    /** DeleteStack of a Lambda stack behind the operator's back (tables hold data: the soak never does this to them). */
    private void deleteStackOutOfBand() {
        pick(member -> !member.isTable() && live(member) && stackIsComplete(member)).ifPresent(member -> {
            try {
                cloudFormation.deleteStack(b -> b.stackName(member.stackName()));
                journal.disruption("out-of-band DeleteStack");
            } catch (SdkException refused) {
                journal.disruption("out-of-band DeleteStack refused by AWS");
            }
        });
    }

    /** Items written into a table whose stack is Ready: from now on deleting it loses data. */
    void putItems() {
        pick(member -> member.isTable() && live(member) && phase(member).equals(Optional.of(Phase.Ready))).ifPresent(member -> {
            try {
                IntStream.range(0, 1 + random.nextInt(3)).forEach(i -> dynamoDb.putItem(b -> b.tableName(member.tableName())
                        .item(Map.of("id", AttributeValue.fromS("item-" + (++items))))));
                journal.disruption("put items");
            } catch (SdkException refused) {
                journal.disruption("put items refused by AWS");
            }
        });
    }

    private void changeAwsFaults() {
        awsFaults.throttle(List.of(0.0, 0.1, 0.3).get(random.nextInt(3)));
        awsFaults.latency(Duration.ofMillis(List.of(0, 100, 300).get(random.nextInt(3))));
        awsFaults.network().serverErrors(List.of(0.0, 0.02, 0.05).get(random.nextInt(3)));
        awsFaults.network().dropConnections(List.of(0.0, 0.01, 0.03).get(random.nextInt(3)));
        journal.disruption("change AWS faults");
    }

    /** The next deploy of a live object fails on its resource, and the soak changes its spec so that one comes. */
    private void injectResourceFailure() {
        pick(this::live).ifPresent(member -> {
            awsFaults.failResource(member.stackName(), member.isTable() ? "Table" : "Function", "soak: injected failure");
            failureInjected.add(member.name());
            member.tag("soak", "v" + (++revision));
            apply(member);
            journal.disruption("resource failure");
        });
    }

    private void changeApiFaults() {
        apiFaults.conflicts(List.of(0.0, 0.05, 0.2).get(random.nextInt(3)));
        journal.disruption("change API conflict rate");
    }

    private void dropWatches() {
        int closed = apiFaults.dropWatches();
        journal.disruption("drop the operator's watches");
        IntStream.range(0, closed).forEach(i -> journal.disruption("operator watch closed by the API"));
    }

    private void sigkill() {
        if (replicas.kill(random, Duration.ofSeconds(1 + random.nextInt(8)))) {
            journal.disruption("SIGKILL a replica");
        }
    }

    private void sigterm() {
        if (replicas.terminate(random, Duration.ofSeconds(1 + random.nextInt(8)))) {
            journal.disruption("SIGTERM a replica");
        }
    }

    private void apply(Member member) {
        FireflyStack desired = member.manifest();
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(FireflyStack.class).inNamespace(Member.NAMESPACE).withName(member.name()).edit(stack -> {
                    stack.setSpec(desired.getSpec());
                    return stack;
                });
                return;
            } catch (KubernetesClientException e) {
                if (attempt == 3 || e.getCode() == 404) {
                    return;
                }
            }
        }
    }

    /** There, and not being deleted. */
    private boolean live(Member member) {
        return observer.current().stream().anyMatch(s -> s.getMetadata().getName().equals(member.name())
                && s.getMetadata().getDeletionTimestamp() == null);
    }

    private Optional<Phase> phase(Member member) {
        return observer.current().stream().filter(s -> s.getMetadata().getName().equals(member.name()) && s.getStatus() != null)
                .map(s -> s.getStatus().getPhase()).filter(java.util.Objects::nonNull).findFirst();
    }

    private boolean stackIsComplete(Member member) {
        return observer.current().stream().filter(s -> s.getMetadata().getName().equals(member.name()))
                .anyMatch(s -> s.getStatus() != null && Observer.complete(s.getStatus().getStackStatus()));
    }

    private Optional<Member> pick(Predicate<Member> eligible) {
        List<Member> candidates = fleet.members().stream().filter(eligible).toList();
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(random.nextInt(candidates.size())));
    }

    private String other(List<String> values, String current) {
        List<String> others = values.stream().filter(v -> !v.equals(current)).toList();
        return others.get(random.nextInt(others.size()));
    }

    /** The gap between two disruptions: a schedule, not a wait for a condition. */
    private static void pause(Duration gap) {
        try {
            Thread.sleep(gap.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
