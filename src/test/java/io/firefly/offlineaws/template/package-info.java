/**
 * The template engine of the offline CloudFormation: what the stack engine needs to know about a template
 * without touching any resource.
 *
 * <p>{@link io.firefly.offlineaws.template.Template#parse(String)} reads YAML (with the short-form tags) or
 * JSON into one long-form JSON document, with the operator's own reader ({@link
 * io.firefly.operator.template.CloudFormationYaml}, so that both read a template the same way), and checks its
 * structure; {@link
 * io.firefly.offlineaws.template.TemplateEvaluator} binds it to a stack's parameter values, checks references,
 * conditions and cycles up front, orders the resources, and resolves properties and outputs once the stack
 * engine can say what each created resource's {@code Ref} and {@code Fn::GetAtt} are. Every failure is a
 * {@link io.firefly.offlineaws.template.TemplateException} with CloudFormation's own text, ready to be returned
 * as a ValidationError.
 *
 * <p>Left out on purpose: the {@code Rules} section is accepted but its assertions are not evaluated;
 * {@code Fn::Cidr}, {@code Fn::Transform} ({@code AWS::Include}), {@code Fn::Length}, {@code Fn::ToJsonString}
 * and the {@code AWS::LanguageExtensions} transform are rejected as unsupported functions; SSM parameter types
 * use the value as given. {@code Fn::GetAZs} yields three zones named after the region.
 */
package io.firefly.offlineaws.template;
