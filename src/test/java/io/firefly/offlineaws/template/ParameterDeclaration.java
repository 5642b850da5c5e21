package io.firefly.offlineaws.template;

import java.util.List;
import java.util.Optional;

/**
 * One entry of a template's {@code Parameters} section. The other constraints (AllowedPattern, MinLength,
 * MaxLength, MinValue, MaxValue, ConstraintDescription) are checked by {@link TemplateEvaluator}.
 *
 * @param defaultValue the Default as text (a YAML number or list default is rendered as CloudFormation would)
 */
public record ParameterDeclaration(String name, String type, Optional<String> defaultValue,
                                   List<String> allowedValues, boolean noEcho, String description) {

    public ParameterDeclaration {
        allowedValues = List.copyOf(allowedValues);
    }

    /** List types ({@code CommaDelimitedList}, {@code List<...>}) resolve to arrays when referenced. */
    public boolean isList() {
        return type.equals("CommaDelimitedList") || type.startsWith("List<");
    }
}
