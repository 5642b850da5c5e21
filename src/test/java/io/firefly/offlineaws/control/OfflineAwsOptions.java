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
 * @param describeStacksPageSize stacks per DescribeStacks/ListStacks page before a NextToken is returned
 * @param changeSetLimit         change sets one stack may hold before CreateChangeSet is refused
 * @param accountId              the default account: the base identity's (every key STS did not issue), in its ARNs
 * @param rateLimits             request rates answered with AWS's throttling error once exceeded
 * @param sessionSeconds         the longest an STS session lasts, whatever DurationSeconds asked, so that a test sees
 *                               credentials expire within seconds; {@link #SESSIONS_AS_ASKED} (0) for no cap
 */
public record OfflineAwsOptions(int port, Duration resourceStepDelay, Duration changeSetDelay, String region,
                                String accountId, int describeStacksPageSize, int changeSetLimit,
                                RateLimits rateLimits, int sessionSeconds) {

    public static final int DEFAULT_PORT = 4566;
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** AWS documents no per-stack number; this is the figure commonly reported by users who hit the limit. */
    public static final int DEFAULT_CHANGE_SET_LIMIT = 1000;
    /** No cap on STS sessions: they last the DurationSeconds asked (AWS's default 3600). */
    public static final int SESSIONS_AS_ASKED = 0;

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
        if (sessionSeconds < 0) {
            throw new IllegalArgumentException("sessionSeconds must not be negative, got " + sessionSeconds);
        }
    }

    public OfflineAwsOptions(int port, Duration resourceStepDelay, Duration changeSetDelay, String region, String accountId) {
        this(port, resourceStepDelay, changeSetDelay, region, accountId, DEFAULT_PAGE_SIZE, DEFAULT_CHANGE_SET_LIMIT, RateLimits.none(),
                SESSIONS_AS_ASKED);
    }

    public static OfflineAwsOptions defaults() {
        return new OfflineAwsOptions(0, Duration.ofMillis(200), Duration.ofMillis(200), "us-east-1", "123456789012");
    }

    public OfflineAwsOptions withPort(int port) {
        return new OfflineAwsOptions(port, resourceStepDelay, changeSetDelay, region, accountId, describeStacksPageSize, changeSetLimit, rateLimits, sessionSeconds);
    }

    public OfflineAwsOptions withResourceStepDelay(Duration delay) {
        return new OfflineAwsOptions(port, delay, changeSetDelay, region, accountId, describeStacksPageSize, changeSetLimit, rateLimits, sessionSeconds);
    }

    public OfflineAwsOptions withChangeSetDelay(Duration delay) {
        return new OfflineAwsOptions(port, resourceStepDelay, delay, region, accountId, describeStacksPageSize, changeSetLimit, rateLimits, sessionSeconds);
    }

    public OfflineAwsOptions withRegion(String region) {
        return new OfflineAwsOptions(port, resourceStepDelay, changeSetDelay, region, accountId, describeStacksPageSize, changeSetLimit, rateLimits, sessionSeconds);
    }

    public OfflineAwsOptions withAccountId(String accountId) {
        return new OfflineAwsOptions(port, resourceStepDelay, changeSetDelay, region, accountId, describeStacksPageSize, changeSetLimit, rateLimits, sessionSeconds);
    }

    public OfflineAwsOptions withDescribeStacksPageSize(int pageSize) {
        return new OfflineAwsOptions(port, resourceStepDelay, changeSetDelay, region, accountId, pageSize, changeSetLimit, rateLimits, sessionSeconds);
    }

    public OfflineAwsOptions withChangeSetLimit(int limit) {
        return new OfflineAwsOptions(port, resourceStepDelay, changeSetDelay, region, accountId, describeStacksPageSize, limit, rateLimits, sessionSeconds);
    }

    public OfflineAwsOptions withRateLimits(RateLimits limits) {
        return new OfflineAwsOptions(port, resourceStepDelay, changeSetDelay, region, accountId, describeStacksPageSize, changeSetLimit, limits, sessionSeconds);
    }

    public OfflineAwsOptions withSessionSeconds(int seconds) {
        return new OfflineAwsOptions(port, resourceStepDelay, changeSetDelay, region, accountId, describeStacksPageSize, changeSetLimit, rateLimits, seconds);
    }
}
