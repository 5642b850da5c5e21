package io.firefly.operator.reconcile.tenancy;

import io.firefly.operator.api.AccountPolicy;
import io.firefly.operator.api.FireflyAccountSpec;
import io.firefly.operator.reconcile.inputs.DesiredStack;
import io.firefly.operator.reconcile.tenancy.TemplateResources.Resource;
import io.firefly.operator.template.TemplateFormatException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a FireflyAccount lets a FireflyStack deploy what it asks for, decided from the spec and the template
 * alone, before any AWS call: the namespace, the region, every resource type (an AWS SAM resource as written
 * and as the transform expands it), and the service role. The answer names the rule and the field.
 */
public final class PolicyCheck {

    private PolicyCheck() {
    }

    /** Why the account refuses the stack, or empty when it permits it. */
    public static Optional<String> refusal(Tenant.Account account, DesiredStack desired) {
        FireflyAccountSpec spec = account.spec();
        String who = "FireflyAccount " + account.accountName();
        if (!account.namespace().isIn(spec.getNamespaces())) {
            return Optional.of("metadata.namespace: namespace " + account.namespace().name() + " may not use " + who
                    + " (spec.namespaces: " + NamespaceView.describe(spec.getNamespaces()) + "), which " + account.namedBy()
                    + " names. Name an account this namespace may use, or ask the platform team to add the namespace.");
        }
        if (spec.getRegions() != null && !spec.getRegions().contains(desired.region())) {
            return Optional.of("spec.region: region " + desired.region() + " is not one " + who + " allows (spec.regions: "
                    + String.join(", ", spec.getRegions()) + "). Deploy to one of those regions.");
        }
        AccountPolicy policy = spec.getPolicy();
        if (policy == null) {
            return Optional.empty();
        }
        List<TypePattern> allowedRoles = TypePattern.all(policy.allowedServiceRoles());
        if (desired.roleArn() != null && policy.allowedServiceRoles() != null
                && !TypePattern.anyMatches(allowedRoles, desired.roleArn())) {
            return Optional.of("spec.roleArn: service role " + desired.roleArn() + " is not one " + who
                    + " allows (policy.allowedServiceRoles: " + TypePattern.texts(allowedRoles) + "). Use one of those roles.");
        }
        return typeRefusal(who, new TypeRules(policy), desired);
    }

    private static Optional<String> typeRefusal(String who, TypeRules rules, DesiredStack desired) {
        if (rules.restrictsNothing()) {
            return Optional.empty();
        }
        if (desired.templateBody() == null) {
            return Optional.of("spec.template.url: " + who + " restricts resource types (" + rules.describe()
                    + "), and the operator cannot check a template CloudFormation reads from a URL. Give the template"
                    + " as spec.template.body or spec.template.configMapKeyRef.");
        }
        TemplateResources template;
        try {
            template = TemplateResources.of(desired.templateBody());
        } catch (TemplateFormatException e) {
            return Optional.empty(); // not a template: the deploy step says so with its own reason, TemplateInvalid
        }
        if (!template.opaqueTransforms().isEmpty()) {
            return Optional.of("spec.template: transform " + String.join(", ", template.opaqueTransforms())
                    + " can add resources of any type, and " + who + " restricts resource types (" + rules.describe()
                    + "). Write the resources in the template itself; the AWS SAM transform (" + TemplateResources.SAM_TRANSFORM
                    + ") is the one transform the operator can check.");
        }
        for (Resource resource : template.resources()) {
            Optional<String> refused = rules.refusal(resource.type());
            if (refused.isPresent()) {
                return Optional.of("spec.template: resource " + resource.logicalId() + " has type " + resource.type()
                        + ", which " + who + " does not allow (" + refused.get() + "). Remove the resource, or ask the"
                        + " platform team to allow the type.");
            }
            if (resource.generated().isEmpty()) {
                return Optional.of("spec.template: resource " + resource.logicalId() + " has type " + resource.type()
                        + ", and the operator does not know every resource the AWS SAM transform makes of it, while " + who
                        + " restricts resource types (" + rules.describe() + "). Write the resources it stands for instead.");
            }
            for (String generated : resource.generated().get()) {
                Optional<String> refusedGenerated = rules.refusal(generated);
                if (refusedGenerated.isPresent()) {
                    return Optional.of("spec.template: resource " + resource.logicalId() + " (" + resource.type()
                            + ") makes the AWS SAM transform create a resource of type " + generated + ", which " + who
                            + " does not allow (" + refusedGenerated.get() + ")." + hint(resource.type(), generated));
                }
            }
        }
        return Optional.empty();
    }

    private static String hint(String type, String generated) {
        if (generated.equals("AWS::IAM::Role") && Set.of("AWS::Serverless::Function", "AWS::Serverless::StateMachine").contains(type)) {
            return " Give the resource an existing Role property, or ask the platform team to allow the type.";
        }
        return " Ask the platform team to allow the type, or write the resources without it.";
    }

    /** allowedResourceTypes and deniedResourceTypes together. */
    private record TypeRules(List<TypePattern> allowed, boolean allowList, List<TypePattern> denied) {
        TypeRules(AccountPolicy policy) {
            this(TypePattern.all(policy.allowedResourceTypes()), policy.allowedResourceTypes() != null,
                    TypePattern.all(policy.deniedResourceTypes()));
        }

        boolean restrictsNothing() {
            return !allowList && denied.isEmpty();
        }

        Optional<String> refusal(String type) {
            Optional<TypePattern> deniedBy = denied.stream().filter(p -> p.matches(type)).findFirst();
            if (deniedBy.isPresent()) {
                return Optional.of("policy.deniedResourceTypes: " + deniedBy.get().text());
            }
            if (allowList && !TypePattern.anyMatches(allowed, type)) {
                return Optional.of("policy.allowedResourceTypes: " + TypePattern.texts(allowed));
            }
            return Optional.empty();
        }

        String describe() {
            List<String> parts = new java.util.ArrayList<>();
            if (allowList) {
                parts.add("policy.allowedResourceTypes: " + TypePattern.texts(allowed));
            }
            if (!denied.isEmpty()) {
                parts.add("policy.deniedResourceTypes: " + TypePattern.texts(denied));
            }
            return String.join("; ", parts);
        }
    }
}
