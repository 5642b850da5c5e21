package io.firefly.offlineaws.cloudformation;

import io.firefly.offlineaws.control.TemplateBucket;
import io.firefly.offlineaws.template.Template;
import io.firefly.offlineaws.template.TemplateException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns what a CreateChangeSet, CreateStack or UpdateStack request submits into a {@link StackDefinition},
 * with CloudFormation's checks on the way: names, the template source and size, resource types, parameter
 * values (UsePreviousValue), capabilities and the service role. Each check fails with the ValidationError AWS gives.
 */
final class Definitions {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z][-a-zA-Z0-9]*");
    private static final int MAX_NAME_LENGTH = 128;
    private static final int MAX_TEMPLATE_BYTES = 51_200;
    private static final String AUTO_EXPAND = "CAPABILITY_AUTO_EXPAND";
    private static final String IAM = "CAPABILITY_IAM";
    private static final String NAMED_IAM = "CAPABILITY_NAMED_IAM";

    private Definitions() {
    }

    static void requireName(String value, String field) {
        if (value == null) {
            throw CloudFormationError.missing(field);
        }
        if (value.length() > MAX_NAME_LENGTH) {
            throw CloudFormationError.validation("1 validation error detected: Value '" + value + "' at '" + field
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + MAX_NAME_LENGTH);
        }
        if (!NAME.matcher(value).matches()) {
            throw CloudFormationError.validation("1 validation error detected: Value '" + value + "' at '" + field
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: " + NAME.pattern());
        }
    }

    static Template template(DeployRequest request, Stack stack, TemplateBucket bucket) {
        if (request.usePreviousTemplate()) {
            if (request.templateBody() != null || request.templateUrl() != null) {
                throw CloudFormationError.validation("Specify exactly one of TemplateBody, TemplateURL or UsePreviousTemplate.");
            }
            if (stack.definition() == null) {
                throw CloudFormationError.validation("UsePreviousTemplate can only be used for a stack that has a template");
            }
            return stack.definition().template();
        }
        return parse(request.templateBody(), request.templateUrl(), bucket);
    }

    static Template parse(String body, String url, TemplateBucket bucket) {
        if (body != null && url != null) {
            throw CloudFormationError.validation("Specify exactly one of TemplateBody, TemplateURL or UsePreviousTemplate.");
        }
        if (url != null) {
            body = bucket.read(url).orElseThrow(() ->
                    CloudFormationError.validation("TemplateURL must reference a valid S3 object to which you have access."));
        }
        if (body == null) {
            throw CloudFormationError.validation("Either Template URL or Template Body must be specified.");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_TEMPLATE_BYTES) {
            throw CloudFormationError.validation("1 validation error detected: Value at 'templateBody' failed to satisfy "
                    + "constraint: Member must have length less than or equal to " + MAX_TEMPLATE_BYTES);
        }
        Template template;
        try {
            template = Template.parse(body);
        } catch (TemplateException e) {
            throw CloudFormationError.validation(e.getMessage());
        }
        ResourceTypeCheck.requireRecognized(template);
        return template;
    }

    /** Given values, and previous ones where UsePreviousValue asks for them; omitted ones take their defaults. */
    static Map<String, String> parameterValues(List<ParameterInput> given, Stack stack, boolean creating) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ParameterInput parameter : given) {
            if (parameter.key() == null) {
                throw CloudFormationError.validation("Invalid input for parameter: ParameterKey is required");
            }
            if (!parameter.usePreviousValue()) {
                values.put(parameter.key(), parameter.value() == null ? "" : parameter.value());
                continue;
            }
            if (parameter.value() != null) {
                throw CloudFormationError.validation("Invalid input for parameter key " + parameter.key()
                        + ". Cannot specify usePreviousValue as true and non empty value for a parameter");
            }
            String previous = creating || stack.definition() == null ? null : stack.definition().parameters().get(parameter.key());
            if (previous == null) {
                throw CloudFormationError.validation("Invalid input for parameter key " + parameter.key()
                        + ". Cannot specify usePreviousValue as true for a parameter key not in the previous template");
            }
            values.put(parameter.key(), previous);
        }
        return values;
    }

    /**
     * IAM resources need CAPABILITY_IAM (CAPABILITY_NAMED_IAM when named); a transform needs
     * CAPABILITY_AUTO_EXPAND only when the stack is changed directly, without a change set to review.
     */
    static void requireCapabilities(Template template, List<String> given, boolean withoutChangeSet) {
        Set<String> required;
        try {
            required = template.requiredCapabilities();
        } catch (TemplateException e) {
            throw CloudFormationError.validation(e.getMessage());
        }
        if (withoutChangeSet && required.contains(AUTO_EXPAND) && !given.contains(AUTO_EXPAND)) {
            throw CloudFormationError.insufficientCapabilities(AUTO_EXPAND);
        }
        if (required.contains(NAMED_IAM) && !given.contains(NAMED_IAM)) {
            throw CloudFormationError.insufficientCapabilities(NAMED_IAM);
        }
        if (required.contains(IAM) && !given.contains(IAM) && !given.contains(NAMED_IAM)) {
            throw CloudFormationError.insufficientCapabilities(IAM);
        }
    }

    /** Tags, role and notifications not given are kept from the stack, as AWS keeps them. */
    static StackDefinition definition(DeployRequest request, Stack stack, Template template, Map<String, String> parameters) {
        ServiceRoleCheck.require(request.roleArn());
        StackDefinition current = stack.definition();
        Map<String, String> tags = request.tags() != null ? request.tags() : current != null ? current.tags() : Map.of();
        String roleArn = request.roleArn() != null ? request.roleArn() : current != null ? current.roleArn() : null;
        List<String> notifications = request.notificationArns() != null ? request.notificationArns()
                : current != null ? current.notificationArns() : List.of();
        return new StackDefinition(template, parameters, List.copyOf(request.capabilities()), Map.copyOf(tags), roleArn,
                List.copyOf(notifications));
    }
}
