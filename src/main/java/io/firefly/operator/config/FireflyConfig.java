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
    Events events();

    interface Aws {
        /** Region for stacks without spec.region. */
        @WithDefault("us-east-1")
        String region();

        /** One URL for CloudFormation, DynamoDB, SQS and STS: the offline AWS, LocalStack. Empty means real AWS. */
        Optional<URI> endpointOverride();

        /** The STS sessions of FireflyAccount roles. */
        Session session();
    }

    interface Session {
        /** How long a session lasts (AssumeRole's DurationSeconds); at most the role's maximum session duration. */
        @WithDefault("1h")
        Duration duration();

        /** How long before a session expires the operator assumes the role again, in the background. */
        @WithDefault("5m")
        Duration refreshBefore();
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

        /**
         * How often a stack with an AWS operation under way is read while CloudFormation's events reach the
         * operator: a safety net for a lost event, not the way the operator learns that an operation ended.
         */
        @WithDefault("30s")
        Duration inProgressWithEvents();

        /** Longest wait between retries after throttling or an AWS error. */
        @WithDefault("5m")
        Duration maxBackoff();
    }

    /**
     * CloudFormation's stack status changes, delivered by an Amazon EventBridge rule to an SQS queue. The
     * queue here serves the operator's own AWS account; each FireflyAccount names its own in
     * {@code spec.events.queueUrl}, each read by its own reader.
     */
    interface Events {
        /** The queue's URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME). Empty: no events, polling only. */
        Optional<String> queueUrl();
    }
}
