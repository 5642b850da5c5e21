package io.firefly.offlineaws.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request rates the offline AWS enforces, one token bucket per rule. A rule names an action
 * ({@code DescribeStacks}) or a family of actions by prefix ({@code Describe*}), of CloudFormation unless
 * prefixed {@code dynamodb:}. A call is charged to the most specific rule that matches it (an exact name
 * before the longest prefix); a call no rule matches is never limited.
 *
 * @param rules in the order given; empty means no limits
 */
public record RateLimits(List<Rule> rules) {

    public static final String DYNAMODB = "dynamodb";
    public static final String CLOUDFORMATION = "cloudformation";

    /**
     * CloudFormation-like defaults. AWS publishes no request rates for the CloudFormation API: its quotas page
     * lists stack, resource and output counts only, and AWS's guidance on "Rate exceeded" is to back off and
     * ask for a quota increase. These figures are deliberately conservative guesses: reads at 5 a second
     * (near what users report for DescribeStacks) and stack mutations at 2 a second.
     */
    public static final String CLOUDFORMATION_LIKE = "Describe*=5/s,List*=5/s,Get*=5/s,"
            + "CreateChangeSet=2/s,ExecuteChangeSet=2/s,DeleteChangeSet=2/s,"
            + "CreateStack=2/s,UpdateStack=2/s,DeleteStack=2/s";

    private static final Pattern RULE = Pattern.compile("(?:(cloudformation|dynamodb):)?([A-Za-z]+\\*?)=(\\d+(?:\\.\\d+)?)/s");

    /**
     * One bucket: refilled at {@code perSecond}, holding at most one second's worth (at least one token).
     *
     * @param service {@link #CLOUDFORMATION} or {@link #DYNAMODB}
     * @param action  an action name, or a prefix ending in {@code *}
     */
    public record Rule(String service, String action, double perSecond) {

        public Rule {
            if (!(perSecond > 0)) {
                throw new IllegalArgumentException("a rate must be above 0 per second, got " + perSecond + " for " + action);
            }
        }

        boolean matches(String callService, String callAction) {
            if (!service.equals(callService)) {
                return false;
            }
            return action.endsWith("*") ? callAction.startsWith(action.substring(0, action.length() - 1)) : action.equals(callAction);
        }

        /** Exact names outrank every prefix; a longer prefix outranks a shorter one. */
        int specificity() {
            return action.endsWith("*") ? action.length() : Integer.MAX_VALUE;
        }

        public String key() {
            return service + ":" + action;
        }
    }

    public RateLimits {
        rules = List.copyOf(rules);
    }

    public static RateLimits none() {
        return new RateLimits(List.of());
    }

    /** {@code Action=N/s,Prefix*=N/s,dynamodb:Action=N/s}, or {@code aws} for {@link #CLOUDFORMATION_LIKE}. */
    public static RateLimits parse(String spec) {
        String text = spec.trim().equals("aws") ? CLOUDFORMATION_LIKE : spec;
        List<Rule> rules = new ArrayList<>();
        for (String part : text.split(",")) {
            Matcher m = RULE.matcher(part.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("a rate limit reads Action=N/s, Prefix*=N/s or dynamodb:Action=N/s, got " + part);
            }
            rules.add(new Rule(m.group(1) == null ? CLOUDFORMATION : m.group(1), m.group(2), Double.parseDouble(m.group(3))));
        }
        return new RateLimits(rules);
    }

    /** The rule whose bucket pays for this call, if any. */
    public Optional<Rule> ruleFor(String service, String action) {
        Rule best = null;
        for (Rule rule : rules) {
            if (rule.matches(service, action) && (best == null || rule.specificity() > best.specificity())) {
                best = rule;
            }
        }
        return Optional.ofNullable(best);
    }
}
