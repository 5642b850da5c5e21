package io.firefly.offlineaws.cloudformation;

import io.firefly.offlineaws.template.Template;

import java.util.List;
import java.util.Map;

/**
 * What a stack is asked to be: the template as submitted, the effective parameter values and the
 * stack-level settings. A stack holds its current definition; a change set holds a proposed one.
 *
 * @param template     the submitted template; its transforms are expanded when it is evaluated
 * @param parameters   effective parameter values (defaults applied), in declaration order
 * @param capabilities the capabilities acknowledged
 * @param roleArn      the service role, remembered for later operations; may be null
 */
public record StackDefinition(Template template, Map<String, String> parameters, List<String> capabilities,
                              Map<String, String> tags, String roleArn, List<String> notificationArns) {
}
