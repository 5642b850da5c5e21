package io.firefly.offlineaws.template;

import java.util.ArrayList;
import java.util.List;

/**
 * The string of an {@code Fn::Sub}, split into literal text and {@code ${Variable}} references.
 * {@code ${!Literal}} stands for the text {@code ${Literal}} and references nothing.
 */
record SubString(List<Part> parts) {

    sealed interface Part permits Literal, Variable {
    }

    record Literal(String text) implements Part {
    }

    /** {@code ${Name}}, {@code ${AWS::Region}} or {@code ${Resource.Attribute}}. */
    record Variable(String name) implements Part {

        boolean isAttribute() {
            return !name.startsWith("AWS::") && name.contains(".");
        }

        /** The logical id of {@code Resource.Attribute}, or the whole name. */
        String target() {
            return isAttribute() ? name.substring(0, name.indexOf('.')) : name;
        }

        String attribute() {
            return name.substring(name.indexOf('.') + 1);
        }
    }

    static SubString parse(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("${", i);
            int close = open < 0 ? -1 : text.indexOf('}', open);
            if (open < 0 || close < 0) {
                literal.append(text, i, text.length());
                break;
            }
            literal.append(text, i, open);
            String inside = text.substring(open + 2, close);
            if (inside.startsWith("!")) {
                literal.append("${").append(inside.substring(1)).append('}');
            } else {
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                String name = inside.strip();
                if (name.isEmpty()) {
                    throw new TemplateException("Template error: variable names in Fn::Sub syntax must contain only "
                            + "alphanumeric characters, underscores, periods, and colons");
                }
                parts.add(new Variable(name));
            }
            i = close + 1;
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new SubString(List.copyOf(parts));
    }

    List<Variable> variables() {
        return parts.stream().filter(Variable.class::isInstance).map(Variable.class::cast).toList();
    }
}
