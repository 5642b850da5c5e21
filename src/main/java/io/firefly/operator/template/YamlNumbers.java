package io.firefly.operator.template;

import java.math.BigInteger;
import java.util.Optional;

/**
 * The values of YAML 1.1 booleans and numbers, as a Java-based YAML 1.1 reader builds them: integers in
 * binary ({@code 0b}), octal (leading {@code 0}), hexadecimal ({@code 0x}), base 60 ({@code 1:30}) or
 * decimal, with {@code _} as a separator; floats as binary doubles, which is why CloudFormation writes
 * {@code 012345678901} back as {@code 1.2345678901E10}.
 */
final class YamlNumbers {

    private YamlNumbers() {
    }

    static boolean isTrue(String bool) {
        String word = bool.toLowerCase();
        return word.equals("true") || word.equals("yes") || word.equals("on");
    }

    /** Empty when the text is not a YAML 1.1 integer. */
    static Optional<BigInteger> integer(String text) {
        String digits = text.replace("_", "");
        int sign = 1;
        if (digits.startsWith("-") || digits.startsWith("+")) {
            sign = digits.startsWith("-") ? -1 : 1;
            digits = digits.substring(1);
        }
        try {
            BigInteger value;
            if (digits.contains(":")) {
                value = BigInteger.ZERO;
                for (String part : digits.split(":")) {
                    value = value.multiply(BigInteger.valueOf(60)).add(new BigInteger(part));
                }
            } else if (digits.startsWith("0b")) {
                value = new BigInteger(digits.substring(2), 2);
            } else if (digits.startsWith("0x")) {
                value = new BigInteger(digits.substring(2), 16);
            } else if (digits.length() > 1 && digits.startsWith("0")) {
                value = new BigInteger(digits.substring(1), 8);
            } else {
                value = new BigInteger(digits);
            }
            return Optional.of(sign < 0 ? value.negate() : value);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Empty for {@code .inf} and {@code .nan}, which have no JSON number, and for text that is no float. */
    static Optional<Double> floating(String text) {
        String digits = text.replace("_", "");
        if (digits.toLowerCase().contains("inf") || digits.toLowerCase().contains("nan")) {
            return Optional.empty();
        }
        try {
            if (digits.contains(":")) {
                boolean negative = digits.startsWith("-");
                String unsigned = digits.startsWith("-") || digits.startsWith("+") ? digits.substring(1) : digits;
                double value = 0;
                for (String part : unsigned.split(":")) {
                    value = value * 60 + Double.parseDouble(part);
                }
                return Optional.of(negative ? -value : value);
            }
            return Optional.of(Double.parseDouble(digits));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
