package io.firefly.operator.aws;

import io.firefly.offlineaws.OfflineAws;
import io.firefly.operator.config.FireflyConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The operator's settings and AWS clients pointed at an offline AWS, as Quarkus would build them from properties. */
record OperatorSettings(FireflyConfig config, AwsClients clients) {

    /** @param properties more {@code firefly.*} properties, beside the region and the endpoint */
    static OperatorSettings against(OfflineAws aws, String region, Map<String, String> properties) {
        // the operator's own credentials come from the SDK's default chain, as in a pod
        System.setProperty("aws.accessKeyId", "offline");
        System.setProperty("aws.secretAccessKey", "offline");
        Map<String, String> all = new HashMap<>(properties);
        all.put("firefly.aws.region", region);
        all.put("firefly.aws.endpoint-override", aws.endpoint().toString());
        FireflyConfig config = new SmallRyeConfigBuilder().withMapping(FireflyConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()) // "5s", as Quarkus reads it
                .withSources(new PropertiesConfigSource(all, "test", 100))
                .build().getConfigMapping(FireflyConfig.class);
        return new OperatorSettings(config, new AwsClients(config, new AwsCallMetrics(new SimpleMeterRegistry())));
    }
}
