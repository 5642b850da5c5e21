package io.firefly.operator.reconcile.tenancy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.firefly.operator.api.FireflyAccount;
import io.firefly.operator.api.FireflyStack;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which FireflyAccount a FireflyStack uses: the one spec.accountRef names, else the one its namespace's
 * {@value FireflyAccount#NAMESPACE_ANNOTATION} annotation names, else none (the operator's own identity).
 * Reads the operator's informer caches, never the API server.
 */
public final class AccountChoice {
    private final Function<String, Optional<FireflyAccount>> accounts;
    private final Function<String, Optional<Namespace>> namespaces;

    /** @param accounts a FireflyAccount by name; @param namespaces a Namespace by name */
    public AccountChoice(Function<String, Optional<FireflyAccount>> accounts, Function<String, Optional<Namespace>> namespaces) {
        this.accounts = accounts;
        this.namespaces = namespaces;
    }

    /** The account the FireflyStack's spec and namespace name now. */
    public Tenant forDeploy(FireflyStack stack) {
        Optional<Namespace> namespace = namespaces.apply(stack.getMetadata().getNamespace());
        if (stack.getSpec().getAccountRef() != null) {
            return tenant(stack, stack.getSpec().getAccountRef().name(), "spec.accountRef", namespace);
        }
        return annotated(namespace)
                .map(name -> tenant(stack, name, "the " + FireflyAccount.NAMESPACE_ANNOTATION + " annotation of namespace "
                        + stack.getMetadata().getNamespace(), namespace))
                .orElse(Tenant.OPERATOR);
    }

    /**
     * The account the stack was deployed into (status.account; the operator's own identity for a stack observed
     * without one), whatever the spec, the namespace or the account's policy say now: deletion is always allowed,
     * and only that account holds the stack. A FireflyStack that never had a stack gets the account it names now.
     */
    public Tenant forDelete(FireflyStack stack) {
        if (stack.getStatus() != null && stack.getStatus().getAccount() != null) {
            return tenant(stack, stack.getStatus().getAccount(), "status.account",
                    namespaces.apply(stack.getMetadata().getNamespace()));
        }
        if (stack.getStatus() != null && stack.getStatus().getStackId() != null) {
            return Tenant.OPERATOR;
        }
        return forDeploy(stack);
    }

    /** The account name a FireflyStack resolves to, for finding the FireflyStacks a changed account concerns. */
    public static Optional<String> accountNameOf(FireflyStack stack, Optional<Namespace> namespace) {
        if (stack.getSpec() != null && stack.getSpec().getAccountRef() != null) {
            return Optional.of(stack.getSpec().getAccountRef().name());
        }
        return annotated(namespace);
    }

    private Tenant tenant(FireflyStack stack, String name, String namedBy, Optional<Namespace> namespace) {
        Optional<FireflyAccount> account = accounts.apply(name);
        if (account.isEmpty() || account.get().getSpec() == null) {
            return new Tenant.Missing(name, namedBy);
        }
        NamespaceView view = new NamespaceView(stack.getMetadata().getNamespace(),
                namespace.map(n -> n.getMetadata().getLabels()).orElse(Map.of()));
        return new Tenant.Account(name, account.get().getSpec(), view, namedBy);
    }

    private static Optional<String> annotated(Optional<Namespace> namespace) {
        return namespace.map(n -> n.getMetadata().getAnnotations())
                .map(annotations -> annotations.get(FireflyAccount.NAMESPACE_ANNOTATION))
                .filter(name -> !name.isBlank());
    }
}
