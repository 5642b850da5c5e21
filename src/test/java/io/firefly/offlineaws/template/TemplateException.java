package io.firefly.offlineaws.template;

/**
 * A template or its parameters are invalid. The message is the one CloudFormation itself gives, so that
 * the offline server can return it verbatim as a ValidationError, e.g. {@code Template format error:
 * Unresolved resource dependencies [Foo] in the Resources block of the template}.
 */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }
}
