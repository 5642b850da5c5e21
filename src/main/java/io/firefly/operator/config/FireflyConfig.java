package io.firefly.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The operator's own settings (application.properties, each overridable by FIREFLY_* environment variables). */
@ConfigMapping(prefix = "firefly")
public interface FireflyConfig {

    Aws aws();

    Poll poll();

    Drift drift();

    interface Aws {
        /** Region for stacks without spec.region. */
        @WithDefault("us-east-1")
        String region();

        /** One URL for CloudFormation and DynamoDB: the offline AWS, LocalStack. Empty means real AWS. */
        Optional<URI> endpointOverride();
    }

    interface Drift {
        /**
         * How often CloudFormation drift detection runs on each Ready stack, each stack at its own moment within
         * the interval; 0 turns it off.
         */
        @WithDefault("1h")
        Duration interval();
    }

    interface Poll {
        /** How often a stack with an AWS operation under way is read. */
        @WithDefault("5s")
        Duration inProgress();

        /** How often every stack is re-read (one bulk listing shared by all FireflyStacks). */
        @WithDefault("60s")
        Duration stable();

        /** Longest wait between retries after throttling or an AWS error. */
        @WithDefault("5m")
        Duration maxBackoff();
    }
}
