package io.firefly.operator.port;

/** Whose AWS credentials the calls of an {@link AwsPort} carry. */
public sealed interface AwsIdentity {

    /** The operator's own identity, from the SDK's default credentials chain (IRSA, EKS Pod Identity ...). */
    AwsIdentity OPERATOR = new Operator();

    record Operator() implements AwsIdentity {
    }

    /**
     * A role of a FireflyAccount, assumed with STS on behalf of one namespace: one session per account and
     * namespace, named after the namespace, so CloudTrail tells teams apart without a session per stack.
     *
     * @param externalId the ExternalId the role's trust policy asks for; null when none
     */
    record AssumedRole(String account, String roleArn, String externalId, String namespace) implements AwsIdentity {
    }
}
