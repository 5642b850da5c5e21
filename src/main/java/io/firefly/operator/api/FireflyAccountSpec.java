package io.firefly.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The role to assume in the account, where it may deploy, for whom, and what. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FireflyAccountSpec {
    /** AWS STS's rule for ExternalId: 2 to 1224 characters of letters, digits and {@code +=,.@:/-}. */
    public static final String EXTERNAL_ID_PATTERN = "^[\\w+=,.@:/-]*$";

    @Required
    @Pattern(FireflyStackSpec.ROLE_ARN_PATTERN)
    @JsonPropertyDescription("The IAM role the operator assumes (STS AssumeRole) to deploy into this account,"
            + " such as arn:aws:iam::111122223333:role/firefly-deployer.")
    private String assumeRoleArn;

    @Size(min = 2, max = 1224)
    @Pattern(EXTERNAL_ID_PATTERN)
    @JsonPropertyDescription("The ExternalId the role's trust policy asks for, if any.")
    private String externalId;

    @Size(min = 1, max = 50)
    @ValidationRule(value = "self.all(r, self.exists_one(s, s == r))",
            message = "spec.regions must name each region once: remove the duplicate")
    @JsonPropertyDescription("Regions FireflyStacks may deploy to in this account; absent: any region.")
    private List<@Pattern(FireflyStackSpec.REGION_PATTERN) String> regions;

    @Required
    @JsonPropertyDescription("The namespaces whose FireflyStacks may use this account: by name, by label, or both.")
    private AccountNamespaces namespaces;

    @JsonPropertyDescription("What FireflyStacks may deploy into this account; absent: anything.")
    private AccountPolicy policy;

    @JsonPropertyDescription("The SQS queue that receives this account's CloudFormation stack status changes, read with"
            + " the role: the account's stacks are then read when CloudFormation announces a change, and polled only as a"
            + " safety net. Absent: the account's stacks are polled.")
    private AccountEvents events;

    public String getAssumeRoleArn() { return assumeRoleArn; }
    public void setAssumeRoleArn(String assumeRoleArn) { this.assumeRoleArn = assumeRoleArn; }
    public String getExternalId() { return externalId; }
    public void setExternalId(String externalId) { this.externalId = externalId; }
    public List<String> getRegions() { return regions; }
    public void setRegions(List<String> regions) { this.regions = regions; }
    public AccountNamespaces getNamespaces() { return namespaces; }
    public void setNamespaces(AccountNamespaces namespaces) { this.namespaces = namespaces; }
    public AccountEvents getEvents() { return events; }
    public void setEvents(AccountEvents events) { this.events = events; }
    public AccountPolicy getPolicy() { return policy; }
    public void setPolicy(AccountPolicy policy) { this.policy = policy; }
}
