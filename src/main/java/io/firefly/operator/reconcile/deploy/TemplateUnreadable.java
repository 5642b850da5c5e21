package io.firefly.operator.reconcile.deploy;

/** The template text could not be read as YAML or JSON: only the user can fix it. */
final class TemplateUnreadable extends RuntimeException {
    TemplateUnreadable(String message) {
        super(message);
    }
}
