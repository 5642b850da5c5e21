package io.firefly.operator.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The firefly application's eight stacks as its deploy and delete workflows describe them: the
 * names, the table each function uses and the access it is granted. The examples must match.
 */
final class ExpectedStacks {
    static final String NAMESPACE = "firefly";
    static final String TEMPLATES_CONFIG_MAP = "firefly-templates";
    static final String REGISTRATION_KEYS = "dynamodb-registration-keys";
    static final String USERS = "dynamodb-users";
    static final List<String> TABLES = List.of(REGISTRATION_KEYS, USERS);

    /** A Lambda stack, the table stack it uses, and the only DynamoDB actions it may perform. */
    record Function(String name, String table, Set<String> actions) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Function> FUNCTIONS = List.of(
            new Function("func-api-registration-keys-post", REGISTRATION_KEYS, Set.of("dynamodb:PutItem")),
            new Function("func-api-registration-keys-get", REGISTRATION_KEYS, Set.of("dynamodb:Scan")),
            new Function("func-api-devices-register-post", REGISTRATION_KEYS, Set.of("dynamodb:GetItem", "dynamodb:DeleteItem")),
            new Function("func-cognito-pre-signup", USERS, Set.of("dynamodb:GetItem")),
            new Function("func-api-users-post", USERS, Set.of("dynamodb:PutItem")),
            new Function("func-api-users-delete", USERS, Set.of("dynamodb:DeleteItem")));

    private ExpectedStacks() {}

    static List<String> names() {
        return Stream.concat(TABLES.stream(), FUNCTIONS.stream().map(Function::name)).toList();
    }

    static String stackName(String name) {
        return "firefly-" + name;
    }

    /** The CloudFormation template of a FireflyStack, also the key it has in the templates ConfigMap. */
    static Path template(String name) {
        return FireflyExamples.directory().resolve("templates").resolve(templateKey(name));
    }

    static String templateKey(String name) {
        return name + ".yaml";
    }
}
