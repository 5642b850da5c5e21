package io.firefly.operator.reconcile.deploy;

import io.firefly.operator.reconcile.inputs.DesiredStack;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic change set names, {@code <kind>-g<generation>-<hash>}: an operator restarted at any step
 * finds the change set it was working on instead of starting another. A change set that deploys the same
 * inputs again, because someone changed the stack at time T, is {@code update-g<generation>-<hash>-d<T>}: it must
 * not be mistaken for the earlier one of the same inputs, which CloudFormation may still list as executed.
 *
 * @param correcting the epoch second of the out-of-band update this change set undoes; null otherwise
 */
public record ChangeSetName(Kind kind, long generation, String hash, Long correcting) {
    private static final Pattern FORMAT = Pattern.compile("^(create|update|import)-g(\\d+)-([0-9a-f]+)(?:-d(\\d+))?$");

    public enum Kind { CREATE, UPDATE, IMPORT }

    public static ChangeSetName of(Kind kind, long generation, DesiredStack desired) {
        return new ChangeSetName(kind, generation, desired.hash(), null);
    }

    /** The UPDATE that deploys the spec again over a change someone else made to the stack at {@code changedAt}. */
    public static ChangeSetName correcting(long generation, DesiredStack desired, Instant changedAt) {
        return new ChangeSetName(Kind.UPDATE, generation, desired.hash(), changedAt.getEpochSecond());
    }

    public static Optional<ChangeSetName> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ChangeSetName(Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT)),
                Long.parseLong(m.group(2)), m.group(3), m.group(4) == null ? null : Long.parseLong(m.group(4))));
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + "-g" + generation + "-" + hash
                + (correcting == null ? "" : "-d" + correcting);
    }
}
