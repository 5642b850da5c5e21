package io.firefly.operator.api;

/** Whether the operator may import resources that already exist in AWS into a new stack. */
public enum AdoptionPolicy {
    /** Import existing resources named by the template, create the rest. */
    AdoptOrCreate,
    /** Never import: stop and say so when a resource already exists. */
    CreateOnly
}
