package io.firefly.operator.reconcile.deploy;

import io.firefly.operator.reconcile.inputs.DesiredStack;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic change set names, {@code <kind>-g<generation>-<hash>}: an operator restarted at any step
 * finds the change set it was working on instead of starting another.
 */
public record ChangeSetName(Kind kind, long generation, String hash) {
    private static final Pattern FORMAT = Pattern.compile("^(create|update|import)-g(\\d+)-([0-9a-f]+)$");

    public enum Kind { CREATE, UPDATE, IMPORT }

    public static ChangeSetName of(Kind kind, long generation, DesiredStack desired) {
        return new ChangeSetName(kind, generation, desired.hash());
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
                Long.parseLong(m.group(2)), m.group(3)));
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + "-g" + generation + "-" + hash;
    }
}
