package io.firefly.offlineaws.template;

/** Values of the pseudo parameters ({@code AWS::Region}, {@code AWS::StackName}, ...) for one stack. */
public record PseudoParameters(String region, String accountId, String stackName, String stackId,
                               String partition, String urlSuffix) {

    /** The standard partition: {@code aws} with URL suffix {@code amazonaws.com}. */
    public static PseudoParameters of(String region, String accountId, String stackName, String stackId) {
        return new PseudoParameters(region, accountId, stackName, stackId, "aws", "amazonaws.com");
    }
}
