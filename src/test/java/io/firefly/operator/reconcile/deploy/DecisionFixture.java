package io.firefly.operator.reconcile.deploy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.firefly.operator.api.ChangeSetStatus;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import io.firefly.operator.api.FireflyStackStatus;
import io.firefly.operator.api.TemplateSource;
import io.firefly.operator.port.FakeAws;
import io.firefly.operator.reconcile.deploy.ChangeSetName.Kind;
import io.firefly.operator.reconcile.inputs.DesiredStack;
import io.firefly.operator.reconcile.inputs.StackOwner;
import io.firefly.operator.template.TemplateDefaults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One FireflyStack, what it asks for, and a fake AWS: what a decision test starts from. */
final class DecisionFixture {
    static final String STACK = "users";
    static final String TABLE = "users-table";
    static final String TEMPLATE = """
            Parameters:
              Env: {Type: String}
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                DeletionPolicy: Retain
                Properties:
                  TableName: users-table
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
            Outputs:
              TableName: {Value: !Ref Table}
            """;
    static final Durations DURATIONS = FixedDurations.INSTANCE;

    final FakeAws aws = new FakeAws();

    /** The deploy workflow against this fixture's AWS, with no other stack waiting its turn for any operation. */
    DeployConverger converger() {
        return new DeployConverger(aws, DURATIONS, operation -> false, new TemplateDefaults());
    }
    final FireflyStack resource = new FireflyStack();
    String template = TEMPLATE;
    Map<String, String> parameters = new LinkedHashMap<>(Map.of("Env", "prod"));

    DecisionFixture() {
        resource.setMetadata(new ObjectMetaBuilder().withNamespace("team").withName("users").withUid("uid-users")
                .withGeneration(2L).build());
        FireflyStackSpec spec = new FireflyStackSpec();
        spec.setStackName(STACK);
        spec.setTemplate(TemplateSource.inline(TEMPLATE));
        resource.setSpec(spec);
        resource.setStatus(new FireflyStackStatus());
    }

    DesiredStack desired() {
        Map<String, String> tags = Map.of(StackOwner.TAG, StackOwner.of(resource));
        return new DesiredStack(STACK, FakeAws.REGION, template, null, parameters, List.of(), tags, null);
    }

    /** The name the operator gives its change set of this kind for the current inputs at a generation. */
    String changeSet(Kind kind, long generation) {
        return new ChangeSetName(kind, generation, desired().hash(), null).toString();
    }

    /** What status.changeSet says the operator did last. */
    /** The change set as the operator records it right after CreateChangeSet, before any look at it. */
    void recordedJustCreated(String name) {
        resource.getStatus().setChangeSet(new ChangeSetStatus(name, null, "CREATE_PENDING", "UNAVAILABLE", null, null, null));
    }

    void recorded(String name, String status, String execution, Boolean noChanges, String stackUpdatedAt) {
        resource.getStatus().setChangeSet(new ChangeSetStatus(name, null, status, execution, "earlier reason", noChanges,
                stackUpdatedAt));
    }

    /** The owner tag this FireflyStack puts on its stack. */
    Map<String, String> ownTags() {
        return Map.of(StackOwner.TAG, StackOwner.of(resource));
    }
}
