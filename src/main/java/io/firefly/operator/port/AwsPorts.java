package io.firefly.operator.port;

/** The {@link AwsPort} that acts with an identity: a FireflyAccount's role, or the operator's own. */
@FunctionalInterface
public interface AwsPorts {
    AwsPort as(AwsIdentity identity);
}
