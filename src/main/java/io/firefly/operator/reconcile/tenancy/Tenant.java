package io.firefly.operator.reconcile.tenancy;

import io.firefly.operator.api.FireflyAccountSpec;
import io.firefly.operator.port.AwsIdentity;

/** Whose AWS account a FireflyStack deploys into, as its spec and its namespace say. */
public sealed interface Tenant {

    /** No FireflyAccount named: the operator's own identity, with no policy (the behaviour before accounts). */
    Tenant OPERATOR = new OperatorIdentity();

    /** The FireflyAccount's name; null for the operator's own identity. */
    String accountName();

    record OperatorIdentity() implements Tenant {
        @Override
        public String accountName() {
            return null;
        }
    }

    /**
     * @param namedBy where the name came from, for messages: spec.accountRef or the namespace's annotation
     */
    record Account(String accountName, FireflyAccountSpec spec, NamespaceView namespace, String namedBy) implements Tenant {
        public AwsIdentity identity() {
            return new AwsIdentity.AssumedRole(accountName, spec.getAssumeRoleArn(), spec.getExternalId(), namespace.name());
        }
    }

    /** A FireflyAccount is named but does not exist (yet). */
    record Missing(String accountName, String namedBy) implements Tenant {
    }
}
