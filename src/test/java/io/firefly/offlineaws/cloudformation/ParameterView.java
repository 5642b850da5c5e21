package io.firefly.offlineaws.cloudformation;

/** A parameter value as replies show it: NoEcho values masked. */
public record ParameterView(String key, String value) {

    static final String MASK = "****";
}
