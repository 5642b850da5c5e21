package io.firefly.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * What a FireflyAccount lets FireflyStacks deploy. A list left out restricts nothing; a list given must name
 * at least one pattern. Patterns take {@code *} for any run of characters.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountPolicy(
        @Size(min = 1, max = 200)
        @JsonPropertyDescription("Resource types a template may use, such as AWS::DynamoDB::* or AWS::Lambda::Function;"
                + " absent: any type that deniedResourceTypes does not deny.")
        List<@Pattern(RESOURCE_TYPE_PATTERN) String> allowedResourceTypes,
        @Size(min = 1, max = 200)
        @JsonPropertyDescription("Resource types a template may not use, even if allowedResourceTypes allows them.")
        List<@Pattern(RESOURCE_TYPE_PATTERN) String> deniedResourceTypes,
        @Size(min = 1, max = 200)
        @JsonPropertyDescription("CloudFormation service roles (spec.roleArn) FireflyStacks may pass, as ARN patterns"
                + " such as arn:aws:iam::111122223333:role/cfn-*; absent: any role.")
        List<@Pattern("^arn:[-a-z*]*:iam::[0-9*]*:role/[\\w+=,.@/*-]+$") String> allowedServiceRoles) {

    /** Three parts of letters, digits or {@code *}, as in AWS::DynamoDB::Table or AWS::DynamoDB::*; or {@code *}. */
    public static final String RESOURCE_TYPE_PATTERN = "^(\\*|[A-Za-z0-9*]+::[A-Za-z0-9*]+(::[A-Za-z0-9*]+)?)$";
}
