package io.firefly.offlineaws.cloudformation;

import java.util.List;

/**
 * One entry of a change set's Changes.
 *
 * @param action      Add, Modify, Remove or Import
 * @param physicalId  the existing resource (Modify, Remove) or the one to import; null for Add
 * @param replacement True or False for Modify, null otherwise
 * @param scope       what changed: Properties, DeletionPolicy, UpdateReplacePolicy
 * @param changedProperties the top-level properties that changed, each with whether it forces replacement
 * @param policyAction Delete or Retain for Remove, null otherwise
 */
public record ResourceChange(String action, String logicalId, String physicalId, String resourceType,
                             String replacement, List<String> scope, List<PropertyChange> changedProperties,
                             String policyAction) {

    /** @param requiresRecreation Never or Always */
    public record PropertyChange(String name, String requiresRecreation) {
    }

    public boolean replaces() {
        return "True".equals(replacement);
    }
}
