package io.firefly.operator.reconcile.tenancy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A pattern of a FireflyAccount's policy: {@code *} stands for any run of characters, everything else for
 * itself, case included (CloudFormation's resource types and IAM's role ARNs are case-sensitive).
 */
record TypePattern(String text, Pattern regex) {

    static TypePattern of(String text) {
        StringBuilder regex = new StringBuilder();
        for (String literal : text.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        return new TypePattern(text, Pattern.compile(regex.toString()));
    }

    static List<TypePattern> all(List<String> texts) {
        return texts == null ? List.of() : texts.stream().map(TypePattern::of).toList();
    }

    boolean matches(String value) {
        return regex.matcher(value).matches();
    }

    static boolean anyMatches(List<TypePattern> patterns, String value) {
        return patterns.stream().anyMatch(p -> p.matches(value));
    }

    static String texts(List<TypePattern> patterns) {
        return String.join(", ", patterns.stream().map(TypePattern::text).toList());
    }
}
