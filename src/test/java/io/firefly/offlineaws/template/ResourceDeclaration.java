package io.firefly.offlineaws.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of a template's {@code Resources} section as written, before any intrinsic is resolved.
 *
 * @param properties the unresolved Properties; an empty object when the resource has none
 * @param dependsOn  the explicit DependsOn names only; references are found by {@link TemplateEvaluator}
 */
public record ResourceDeclaration(String logicalId, String type, JsonNode properties,
                                  Optional<String> deletionPolicy, Optional<String> updateReplacePolicy,
                                  Optional<String> condition, Set<String> dependsOn) {

    public ResourceDeclaration {
        dependsOn = Set.copyOf(dependsOn);
    }
}
