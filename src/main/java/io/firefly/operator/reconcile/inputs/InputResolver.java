package io.firefly.operator.reconcile.inputs;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import io.firefly.operator.api.KeyRef;
import io.firefly.operator.api.ParameterSource;
import io.firefly.operator.api.StackParameter;
import io.firefly.operator.api.TemplateSource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** Turns a FireflyStack's spec into a {@link DesiredStack}, or says which input is missing. */
public final class InputResolver {

    private final KubernetesClient client;
    private final BiFunction<String, String, Optional<ConfigMap>> configMaps;

    /** @param configMaps reads a ConfigMap by namespace and name, from the informer cache */
    public InputResolver(KubernetesClient client, BiFunction<String, String, Optional<ConfigMap>> configMaps) {
        this.client = client;
        this.configMaps = configMaps;
    }

    public sealed interface Resolution permits Resolved, Missing {
    }

    public record Resolved(DesiredStack desired) implements Resolution {
    }

    /**
     * An input that is not there: a ConfigMap, a key, another stack's output.
     *
     * @param reason InputMissing when it may still come; OutputNotFound or InvalidInput when it will not come by
     *               itself (a Ready stack without that output, a malformed field): a person must change the spec
     */
    public record Missing(String message, ConditionReason reason) implements Resolution {
        public boolean permanent() {
            return reason != ConditionReason.InputMissing;
        }
    }

    public Resolution resolve(FireflyStack stack, StackGraph graph, String defaultRegion) {
        FireflyStackSpec spec = stack.getSpec();
        String namespace = stack.getMetadata().getNamespace();
        TemplateSource template = spec.getTemplate();
        String body = template.getBody();
        if (template.getConfigMapKeyRef() != null) {
            KeyRef ref = template.getConfigMapKeyRef();
            Optional<String> text = configMapValue(namespace, ref);
            if (text.isEmpty()) {
                return new Missing("spec.template.configMapKeyRef: ConfigMap " + ref.name() + " has no key " + ref.key()
                        + " in namespace " + namespace + " (yet); create it or fix the reference", ConditionReason.InputMissing);
            }
            body = text.get();
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<StackParameter> parameters = spec.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            StackParameter parameter = parameters.get(i);
            if (parameter.valueFrom() == null) {
                values.put(parameter.name(), parameter.value());
                continue;
            }
            String field = "spec.parameters[" + i + "].valueFrom";
            ParameterSource source = parameter.valueFrom();
            if (source.stackOutput() == null && source.configMapKeyRef() == null && source.secretKeyRef() == null) {
                return new Missing(field + ": names no source this operator version knows (stackOutput, configMapKeyRef,"
                        + " secretKeyRef); use one of them, or upgrade the operator", ConditionReason.InvalidInput);
            }
            Optional<String> value = read(namespace, parameter.valueFrom(), graph);
            if (value.isEmpty()) {
                Optional<Missing> absentOutput = absentOutput(field, parameter.valueFrom(), graph);
                if (absentOutput.isPresent()) {
                    return absentOutput.get();
                }
                return new Missing(field + ": " + describe(namespace, parameter.valueFrom()) + " is not available (yet)", ConditionReason.InputMissing);
            }
            values.put(parameter.name(), value.get());
        }
        if (spec.getRegion() != null && spec.getRegion().isBlank()) {
            return new Missing("spec.region: \"" + spec.getRegion() + "\" is not a region; write one such as us-east-1,"
                    + " or leave the field out for the operator's default region " + defaultRegion, ConditionReason.InvalidInput);
        }
        Map<String, String> tags = new LinkedHashMap<>(spec.getTags());
        tags.put(StackOwner.TAG, StackOwner.of(stack));
        String region = spec.getRegion() == null ? defaultRegion : spec.getRegion();
        return new Resolved(new DesiredStack(spec.getStackName(), region, template.getUrl() == null ? body : null,
                template.getUrl(), values, spec.getCapabilities().stream().map(Enum::name).toList(), tags,
                spec.getRoleArn()));
    }

    private Optional<String> read(String namespace, ParameterSource source, StackGraph graph) {
        if (source.stackOutput() != null) {
            return graph.get(source.stackOutput().stack())
                    .map(s -> s.getStatus() == null ? null : s.getStatus().getOutputs().get(source.stackOutput().output()));
        }
        if (source.configMapKeyRef() != null) {
            return configMapValue(namespace, source.configMapKeyRef());
        }
        KeyRef ref = source.secretKeyRef();
        Secret secret = client.secrets().inNamespace(namespace).withName(ref.name()).get();
        if (secret == null || secret.getData() == null || !secret.getData().containsKey(ref.key())) {
            return Optional.ofNullable(secret == null || secret.getStringData() == null ? null
                    : secret.getStringData().get(ref.key()));
        }
        return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(ref.key())), StandardCharsets.UTF_8));
    }

    /** The producer is Ready at its generation, so its outputs are complete: a missing one will not come. */
    private static Optional<Missing> absentOutput(String field, ParameterSource source, StackGraph graph) {
        if (source.stackOutput() == null) {
            return Optional.empty();
        }
        return graph.get(source.stackOutput().stack())
                .filter(StackGraph::isReady)
                .map(producer -> new Missing(field + ": FireflyStack " + source.stackOutput().stack() + " is Ready but its stack"
                        + " has no output " + source.stackOutput().output() + "; its outputs are "
                        + (producer.getStatus().getOutputs().isEmpty() ? "none"
                        : String.join(", ", new java.util.TreeSet<>(producer.getStatus().getOutputs().keySet())))
                        + ". Fix the output name, or add the output to that stack's template.", ConditionReason.OutputNotFound));
    }

    private Optional<String> configMapValue(String namespace, KeyRef ref) {
        return configMaps.apply(namespace, ref.name()).map(cm -> cm.getData() == null ? null : cm.getData().get(ref.key()));
    }

    private static String describe(String namespace, ParameterSource source) {
        if (source.stackOutput() != null) {
            return "output " + source.stackOutput().output() + " of FireflyStack " + source.stackOutput().stack();
        }
        if (source.configMapKeyRef() != null) {
            return "key " + source.configMapKeyRef().key() + " of ConfigMap " + namespace + "/" + source.configMapKeyRef().name();
        }
        return "key " + source.secretKeyRef().key() + " of Secret " + namespace + "/" + source.secretKeyRef().name();
    }
}
