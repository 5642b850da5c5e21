package io.firefly.soak;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.firefly.operator.api.DeletionPolicy;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import io.firefly.operator.api.ParameterSource;
import io.firefly.operator.api.StackOutputRef;
import io.firefly.operator.api.StackParameter;
import io.firefly.operator.api.TemplateSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One FireflyStack of the soak and what the soak wants of it now: a table stack (a DynamoDB table with
 * a Team parameter in its tags, TableName and TableArn outputs) or a Lambda stack reading one table's
 * outputs, with a Memory parameter. The literal parameter and the tags change as the soak edits it.
 */
final class Member {
    enum Kind { TABLE, FUNCTION }

    static final String NAMESPACE = "soak";

    private final String name;
    private final Kind kind;
    /** For a table stack, its table's name; for a Lambda stack, the name of the table stack it reads. */
    private final String table;
    private final boolean preCreated;
    private final DeletionPolicy deletionPolicy;
    private String literal;
    private final Map<String, String> tags = new LinkedHashMap<>();

    private Member(String name, Kind kind, String table, boolean preCreated, DeletionPolicy deletionPolicy, String literal) {
        this.name = name;
        this.kind = kind;
        this.table = table;
        this.preCreated = preCreated;
        this.deletionPolicy = deletionPolicy;
        this.literal = literal;
        tags.put("soak", "v0");
    }

    static Member table(int index, boolean preCreated, DeletionPolicy deletionPolicy) {
        return new Member("table-%03d".formatted(index), Kind.TABLE, "soak-table-%03d".formatted(index), preCreated,
                deletionPolicy, "team-0");
    }

    static Member function(int index, Member table) {
        return new Member("fn-%03d".formatted(index), Kind.FUNCTION, table.name(), false, DeletionPolicy.Delete, "128");
    }

    String name() {
        return name;
    }

    Kind kind() {
        return kind;
    }

    boolean isTable() {
        return kind == Kind.TABLE;
    }

    String stackName() {
        return "soak-" + name;
    }

    /** The DynamoDB table of a table stack. */
    String tableName() {
        return table;
    }

    /** The table stack a Lambda stack reads its outputs from. */
    String dependsOn() {
        return table;
    }

    boolean preCreated() {
        return preCreated;
    }

    DeletionPolicy deletionPolicy() {
        return deletionPolicy;
    }

    /** The parameter the soak changes: Team of a table stack, Memory of a Lambda stack. */
    String literalName() {
        return isTable() ? "Team" : "Memory";
    }

    synchronized String literal() {
        return literal;
    }

    synchronized void literal(String value) {
        literal = value;
    }

    synchronized void tag(String key, String value) {
        tags.put(key, value);
    }

    synchronized FireflyStack manifest() {
        FireflyStack stack = new FireflyStack();
        stack.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name).build());
        FireflyStackSpec spec = new FireflyStackSpec();
        spec.setStackName(stackName());
        spec.setDeletionPolicy(deletionPolicy);
        spec.setTags(new LinkedHashMap<>(tags));
        List<StackParameter> parameters = new ArrayList<>();
        parameters.add(StackParameter.literal(literalName(), literal));
        if (isTable()) {
            spec.setTemplate(TemplateSource.inline(TABLE_TEMPLATE.formatted(table)));
        } else {
            spec.setTemplate(TemplateSource.inline(FUNCTION_TEMPLATE));
            parameters.add(output("TableName"));
            parameters.add(output("TableArn"));
        }
        spec.setParameters(parameters);
        stack.setSpec(spec);
        return stack;
    }

    private StackParameter output(String output) {
        return new StackParameter(output, null, new ParameterSource(new StackOutputRef(table, output), null, null));
    }

    private static final String TABLE_TEMPLATE = """
            Parameters:
              Team: {Type: String}
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                DeletionPolicy: Delete
                Properties:
                  TableName: %s
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
                  Tags: [{Key: team, Value: !Ref Team}]
            Outputs:
              TableName: {Value: !Ref Table}
              TableArn: {Value: !GetAtt Table.Arn}
            """;

    private static final String FUNCTION_TEMPLATE = """
            Parameters:
              Memory: {Type: Number}
              TableName: {Type: String}
              TableArn: {Type: String}
            Resources:
              Function:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: index.handler
                  MemorySize: !Ref Memory
                  Role: arn:aws:iam::123456789012:role/soak
                  Code: {ZipFile: "def handler(event, context): return None"}
                  Environment: {Variables: {TABLE_NAME: !Ref TableName, TABLE_ARN: !Ref TableArn}}
            """;
}
