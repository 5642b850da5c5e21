package io.firefly.operator.runtime;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.firefly.operator.api.FireflyStack;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Makes the operator's Kubernetes client read FireflyStacks leniently (see {@link LenientStackDeserializer}):
 * the informers, the caches and the copies the Java Operator SDK makes all read through this client's mapper.
 * The API types stay as they are, so the generated CRD does not change.
 */
@Singleton
public class LenientStackReading implements KubernetesClientObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(module());
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("firefly-lenient-fireflystack") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addDeserializationProblemHandler(new UnknownFieldCollector());
            }
        };
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                return description.getBeanClass() == FireflyStack.class
                        ? new LenientStackDeserializer(deserializer)
                        : deserializer;
            }
        });
        return module;
    }
}
