package io.firefly.operator.template;

/**
 * How an unquoted YAML scalar is typed.
 *
 * <p>CloudFormation reads YAML 1.1 (AWS CloudFormation User Guide, "Template format"): {@code yes},
 * {@code on} and {@code true} are booleans, {@code 0300} is the octal number 192, {@code 012345678901} is a
 * number written back as {@code 1.2345678901E10}, and dates stay text because the timestamp type is not
 * supported. Those readings have been observed on real stacks. Other forms ({@code 1e3}, {@code 0x1A},
 * {@code 1_000}, {@code 1:30}, {@code +5}, {@code .inf}, {@code y}/{@code n}) follow the same YAML 1.1 rules
 * but no observation of CloudFormation confirms them: for those, {@link #ALTERNATIVE} gives the other
 * plausible reading, so that a caller that must be sure can read the template both ways and compare.
 */
public enum ScalarReading {
    /** YAML 1.1 as CloudFormation reads it; for the uncertain forms, the reading of common YAML 1.1 parsers. */
    CLOUDFORMATION,
    /** As {@link #CLOUDFORMATION}, except that every uncertain form gets its other plausible reading. */
    ALTERNATIVE
}
