package io.firefly.offlineaws.cloudformation;

/** A parameter as a request gives it: a value, or UsePreviousValue. */
public record ParameterInput(String key, String value, boolean usePreviousValue) {
}
