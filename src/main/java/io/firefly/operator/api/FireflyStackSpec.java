package io.firefly.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the platform team declares. Field names are the public contract of the CRD. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.region) == has(oldSelf.region)",
        message = "spec.region is immutable: it cannot be added or removed once the FireflyStack exists; set it back,"
                + " or create a new FireflyStack for a stack in another region")
@ValidationRule(value = "has(self.accountRef) == has(oldSelf.accountRef)",
        message = "spec.accountRef is immutable: it cannot be added or removed once the FireflyStack exists; set it back,"
                + " or create a new FireflyStack for a stack in another account")
public class FireflyStackSpec {

    /** CloudFormation's rule for stack names, shared with change set names. */
    public static final String STACK_NAME_PATTERN = "^[a-zA-Z][-a-zA-Z0-9]*$";
    public static final String OBJECT_NAME_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public static final String REGION_PATTERN = "^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$";
    public static final String ROLE_ARN_PATTERN = "^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}$";

    @Required
    @Pattern(STACK_NAME_PATTERN)
    @Size(min = 1, max = 128)
    @ValidationRule(value = "self == oldSelf",
            message = "spec.stackName is immutable: set it back to the previous value, or create a new FireflyStack for another stack")
    @JsonPropertyDescription("CloudFormation stack name: starts with a letter, then letters, digits and hyphens, at most 128 characters. Immutable.")
    private String stackName;

    @Pattern(REGION_PATTERN)
    @ValidationRule(value = "self == oldSelf",
            message = "spec.region is immutable: set it back to the previous value, or create a new FireflyStack for a stack in another region")
    @JsonPropertyDescription("AWS region of the stack; the operator's default region when empty. Immutable.")
    private String region;

    @ValidationRule(value = "self == oldSelf",
            message = "spec.accountRef is immutable: set it back to the previous value, or create a new FireflyStack for a stack in another account")
    @JsonPropertyDescription("The FireflyAccount to deploy into; when absent, the one the namespace's firefly.io/account"
            + " annotation names, and without either the operator's own AWS identity. Immutable.")
    private AccountRef accountRef;

    @Required
    @JsonPropertyDescription("Where the CloudFormation template comes from: exactly one of body, configMapKeyRef, url.")
    private TemplateSource template;

    @Size(max = 200)
    @ValidationRule(value = "self.all(p, self.exists_one(q, q.name == p.name))",
            message = "spec.parameters must give each parameter name once: remove or rename the duplicate entry")
    @JsonPropertyDescription("Stack parameters, each with exactly one of value or valueFrom; names are unique. At most 200 (CloudFormation's limit).")
    private List<StackParameter> parameters = new ArrayList<>();

    @JsonPropertyDescription("Capabilities the template needs: CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND.")
    private List<Capability> capabilities = new ArrayList<>();

    @JsonPropertyDescription("Tags applied to the stack and its resources.")
    private Map<String, String> tags = new LinkedHashMap<>();

    @Pattern(ROLE_ARN_PATTERN)
    @JsonPropertyDescription("Optional CloudFormation service role, an IAM role ARN such as arn:aws:iam::123456789012:role/cfn-exec.")
    private String roleArn;

    @Size(max = 100)
    @ValidationRule(value = "self.all(d, self.exists_one(e, e == d))",
            message = "spec.dependsOn must name each FireflyStack once: remove the duplicate name")
    @JsonPropertyDescription("FireflyStacks in this namespace that must be Ready first, and that cannot be deleted while this one exists. Unique names, at most 100.")
    private List<@Pattern(OBJECT_NAME_PATTERN) @Size(max = 253) String> dependsOn = new ArrayList<>();

    @Default("AdoptOrCreate")
    @JsonPropertyDescription("AdoptOrCreate imports resources that already exist (a table named in the template); CreateOnly refuses to.")
    private AdoptionPolicy adoption = AdoptionPolicy.AdoptOrCreate;

    @Default("Delete")
    @JsonPropertyDescription("Delete removes the CloudFormation stack when the FireflyStack is deleted; Retain leaves it in AWS.")
    private DeletionPolicy deletionPolicy = DeletionPolicy.Delete;

    @JsonPropertyDescription("When true the operator leaves the stack alone until it is false again.")
    private boolean suspend;

    public String getStackName() { return stackName; }
    public void setStackName(String stackName) { this.stackName = stackName; }
    public String getRegion() { return region; }
    public void setRegion(String region) { this.region = region; }
    public AccountRef getAccountRef() { return accountRef; }
    public void setAccountRef(AccountRef accountRef) { this.accountRef = accountRef; }
    public TemplateSource getTemplate() { return template; }
    public void setTemplate(TemplateSource template) { this.template = template; }
    public List<StackParameter> getParameters() { return parameters; }
    public void setParameters(List<StackParameter> parameters) { this.parameters = parameters == null ? new ArrayList<>() : parameters; }
    public List<Capability> getCapabilities() { return capabilities; }
    public void setCapabilities(List<Capability> capabilities) { this.capabilities = capabilities == null ? new ArrayList<>() : capabilities; }
    public Map<String, String> getTags() { return tags; }
    public void setTags(Map<String, String> tags) { this.tags = tags == null ? new LinkedHashMap<>() : tags; }
    public String getRoleArn() { return roleArn; }
    public void setRoleArn(String roleArn) { this.roleArn = roleArn; }
    public List<String> getDependsOn() { return dependsOn; }
    public void setDependsOn(List<String> dependsOn) { this.dependsOn = dependsOn == null ? new ArrayList<>() : dependsOn; }
    public AdoptionPolicy getAdoption() { return adoption; }
    public void setAdoption(AdoptionPolicy adoption) { this.adoption = adoption == null ? AdoptionPolicy.AdoptOrCreate : adoption; }
    public DeletionPolicy getDeletionPolicy() { return deletionPolicy; }
    public void setDeletionPolicy(DeletionPolicy deletionPolicy) { this.deletionPolicy = deletionPolicy == null ? DeletionPolicy.Delete : deletionPolicy; }
    public boolean isSuspend() { return suspend; }
    public void setSuspend(boolean suspend) { this.suspend = suspend; }
}
