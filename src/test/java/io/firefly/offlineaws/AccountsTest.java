package io.firefly.offlineaws;

import io.firefly.offlineaws.control.AwsCall;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.firefly.offlineaws.StackLifecycleTest.outputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two teams deploying into two AWS accounts through roles assumed with the SDK's
 * {@link StsAssumeRoleCredentialsProvider}, as the operator does: each account keeps its own stacks and
 * tables, under the same names, with ARNs that name it; and every call is recorded with the role that made it.
 */
class AccountsTest extends OfflineAwsClientTest {

    private static final String TEAM_A = "arn:aws:iam::111111111111:role/team-a";
    private static final String TEAM_B = "arn:aws:iam::222222222222:role/team-b";
    private static final String STACK = "firefly-registration-keys";

    private StsClient sts;
    private Team a;
    private Team b;

    /** The clients one team's role works with. */
    private record Team(StsAssumeRoleCredentialsProvider credentials, CloudFormationClient cfn, DynamoDbClient ddb) {

        static Team assuming(OfflineAws aws, StsClient sts, String roleArn, String namespace) {
            StsAssumeRoleCredentialsProvider credentials = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                    .refreshRequest(r -> r.roleArn(roleArn).roleSessionName("firefly-" + namespace)
                            .tags(t -> t.key("firefly.io/namespace").value(namespace)))
                    .build();
            return new Team(credentials, AwsClients.actingAs(CloudFormationClient.builder(), aws, credentials),
                    AwsClients.actingAs(DynamoDbClient.builder(), aws, credentials));
        }

        void close() {
            cfn.close();
            ddb.close();
            credentials.close();
        }
    }

    @Override
    protected OfflineAwsOptions options() {
        return OfflineAwsOptions.defaults().withResourceStepDelay(Duration.ofMillis(20)).withChangeSetDelay(Duration.ofMillis(20));
    }

    @BeforeAll
    void teams() {
        sts = AwsClients.sts(aws);
        a = Team.assuming(aws, sts, TEAM_A, "team-a");
        b = Team.assuming(aws, sts, TEAM_B, "team-b");
    }

    @AfterAll
    void closeTeams() {
        a.close();
        b.close();
        sts.close();
    }

    @Test
    void accountsKeepTheirOwnStacksAndTablesUnderTheSameNames() {
        Stack inA = deploy(a, "users");
        Stack inB = deploy(b, "users");

        assertThat(inA.stackId()).startsWith("arn:aws:cloudformation:us-east-1:111111111111:stack/" + STACK + "/");
        assertThat(inB.stackId()).startsWith("arn:aws:cloudformation:us-east-1:222222222222:stack/" + STACK + "/");
        assertThat(outputs(inA)).containsEntry("TableArn", "arn:aws:dynamodb:us-east-1:111111111111:table/users");
        assertThat(outputs(inB)).containsEntry("TableArn", "arn:aws:dynamodb:us-east-1:222222222222:table/users");

        // DescribeStacks lists the caller's account only; the base identity's account has neither
        assertThat(a.cfn().describeStacks().stacks()).extracting(Stack::stackId).contains(inA.stackId())
                .allMatch(id -> id.contains(":111111111111:stack/"));
        assertThat(b.cfn().describeStacks().stacks()).extracting(Stack::stackId).contains(inB.stackId())
                .allMatch(id -> id.contains(":222222222222:stack/"));
        assertThat(cfn.describeStacks().stacks()).extracting(Stack::stackName).doesNotContain(STACK);
        assertThatThrownBy(() -> b.cfn().describeStacks(r -> r.stackName(inA.stackId())))
                .isInstanceOfSatisfying(CloudFormationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Stack with id " + inA.stackId() + " does not exist"));

        // the tables are two tables: an item written in one account is not in the other
        a.ddb().putItem(r -> r.tableName("users").item(Map.of("registrationKey", AttributeValue.fromS("only-in-a"))));
        assertThat(a.ddb().scan(r -> r.tableName("users")).count()).isEqualTo(1);
        assertThat(b.ddb().scan(r -> r.tableName("users")).count()).isZero();
        assertThat(b.ddb().describeTable(r -> r.tableName("users")).table().tableArn())
                .isEqualTo("arn:aws:dynamodb:us-east-1:222222222222:table/users");
        assertThat(ddb.listTables().tableNames()).doesNotContain("users");
        assertThat(aws.stacks("111111111111").describeStacks(STACK, null).items()).hasSize(1);
    }

    @Test
    void everyCallIsRecordedWithTheIdentityThatMadeIt() {
        deploy(a, "orders");

        List<AwsCall> creates = aws.calls().of("CreateStack").stream().filter(c -> "orders-stack".equals(c.stackName())).toList();
        assertThat(creates).singleElement().satisfies(call -> {
            assertThat(call.madeByRole(TEAM_A)).isTrue();
            assertThat(call.madeByRole(TEAM_B)).isFalse();
            assertThat(call.identityArn()).isEqualTo("arn:aws:sts::111111111111:assumed-role/team-a/firefly-team-a");
            assertThat(call.accountId()).isEqualTo("111111111111");
        });
        assertThat(aws.calls().of("AssumeRole")).allSatisfy(call -> {
            assertThat(call.identityArn()).isEqualTo("arn:aws:iam::123456789012:user/firefly-operator");
            assertThat(call.accountId()).isEqualTo("123456789012");
        });
        assertThat(aws.identities().sessions()).filteredOn(s -> s.role().arn().equals(TEAM_A))
                .allSatisfy(s -> assertThat(s.tags()).containsEntry("firefly.io/namespace", "team-a"));
    }

    private Stack deploy(Team team, String tableName) {
        String stackName = tableName.equals("users") ? STACK : tableName + "-stack";
        team.cfn().createStack(r -> r.stackName(stackName).templateBody(TestTemplates.read("registration-keys.yaml"))
                .parameters(p -> p.parameterKey("TableName").parameterValue(tableName)));
        Stack stack = new CloudFormationWaits(team.cfn()).settled(stackName);
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        return stack;
    }
}
