package io.firefly.operator.template;

/**
 * The text is not a template CloudFormation can read. The message is CloudFormation's own wording
 * ({@code Template format error: YAML not well-formed. (line 3, column 5)}), so that it reads the same
 * whether the operator or CloudFormation finds the fault.
 *
 * <p>It is an {@link IllegalArgumentException}: the template is an argument the user gave.
 */
public class TemplateFormatException extends IllegalArgumentException {

    public TemplateFormatException(String message) {
        super(message);
    }
}
