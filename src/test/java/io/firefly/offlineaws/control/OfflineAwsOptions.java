package io.firefly.offlineaws.control;


import java.time.Duration;

/**
 * How an offline AWS runs.
 *
 * @param port                   TCP port on 127.0.0.1; 0 picks a free one
 * @param resourceStepDelay      how long each resource operation (create, update, delete, import) takes
 * @param changeSetDelay         how long a change set stays CREATE_PENDING and then CREATE_IN_PROGRESS, and how long a
 *                               drift detection stays DETECTION_IN_PROGRESS
 * @param region                 the region in ARNs and replies, and the only one served: a request signed for
 *                               another is refused as AWS's regional endpoints refuse it
 * @param accountId              the account in ARNs
 * @param describeStacksPageSize stacks per DescribeStacks/ListStacks page before a NextToken is returned
 * @param changeSetLimit         change sets one stack may hold before CreateChangeSet is refused
 * @param rateLimits             request rates answered with AWS's throttling error once exceeded
 */
public record OfflineAwsOptions(int port, Duration resourceStepDelay, Duration changeSetDelay, String region,
                                String accountId, int describeStacksPageSize, int changeSetLimit,
                                RateLimits rateLimits) {

    public static final int DEFAULT_PORT = 4566;
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** AWS documents no per-stack number; this is the figure commonly reported by users who hit the limit. */
    public static final int DEFAULT_CHANGE_SET_LIMIT = 1000;

    public OfflineAwsOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (resourceStepDelay.isNegative() || changeSetDelay.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new IllegalArgumentException("region must look like us-east-1, got " + region);
        }
        if (!accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("accountId must be 12 digits, got " + accountId);
        }
        if (describeStacksPageSize < 1 || changeSetLimit < 1) {
            throw new IllegalArgumentException("describeStacksPageSize and changeSetLimit must be at least 1");
        }
    }

    public OfflineAwsOptions(int port, Duration resourceStepDelay, Duration changeSetDelay, String region, String accountId) {
        this(port, resourceStepDelay, changeSetDelay, region, accountId, DEFAULT_PAGE_SIZE, DEFAULT_CHANGE_SET_LIMIT, RateLimits.none());
    }

    public static OfflineAwsOptions defaults() {
        return new OfflineAwsOptions(0, Duration.ofMillis(200), Duration.ofMillis(200), "us-east-1", "123456789012");
    }

    public OfflineAwsOptions withPort(int port) {
        return new OfflineAwsOptions(port, resourceStepDelay, changeSetDelay, region, accountId, describeStacksPageSize, changeSetLimit, rateLimits);
    }

    public OfflineAwsOptions withResourceStepDelay(Duration delay) {
        return new OfflineAwsOptions(port, delay, changeSetDelay, region, accountId, describeStacksPageSize, changeSetLimit, rateLimits);
    }

    public OfflineAwsOptions withChangeSetDelay(Duration delay) {
        return new OfflineAwsOptions(port, resourceStepDelay, delay, region, accountId, describeStacksPageSize, changeSetLimit, rateLimits);
    }

    public OfflineAwsOptions withRegion(String region) {
        return new OfflineAwsOptions(port, resourceStepDelay, changeSetDelay, region, accountId, describeStacksPageSize, changeSetLimit, rateLimits);
    }

    public OfflineAwsOptions withAccountId(String accountId) {
        return new OfflineAwsOptions(port, resourceStepDelay, changeSetDelay, region, accountId, describeStacksPageSize, changeSetLimit, rateLimits);
    }

    public OfflineAwsOptions withDescribeStacksPageSize(int pageSize) {
        return new OfflineAwsOptions(port, resourceStepDelay, changeSetDelay, region, accountId, pageSize, changeSetLimit, rateLimits);
    }

    public OfflineAwsOptions withChangeSetLimit(int limit) {
        return new OfflineAwsOptions(port, resourceStepDelay, changeSetDelay, region, accountId, describeStacksPageSize, limit, rateLimits);
    }

    public OfflineAwsOptions withRateLimits(RateLimits limits) {
        return new OfflineAwsOptions(port, resourceStepDelay, changeSetDelay, region, accountId, describeStacksPageSize, changeSetLimit, limits);
    }
}
