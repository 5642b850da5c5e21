package io.firefly.offlineaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identities and accounts with the real AWS CLI: {@code aws sts get-caller-identity}, {@code aws sts assume-role}
 * with an ExternalId and session tags, then CloudFormation and DynamoDB with the role's credentials in the
 * environment, which see the role's account only; and the CLI's wording of AccessDenied and ExpiredToken.
 */
class AwsCliStsTest extends OfflineAwsClientTest {

    private static final String TEAM_A = "arn:aws:iam::111111111111:role/team-a";
    private static final String EXTERNAL_ID = "firefly-a-7f3c";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsCli cli;

    @Override
    protected OfflineAwsOptions options() {
        return OfflineAwsOptions.defaults().withResourceStepDelay(Duration.ofMillis(10)).withChangeSetDelay(Duration.ofMillis(10));
    }

    @BeforeAll
    void writeTemplate(@TempDir Path workDir) {
        cli = new AwsCli(aws, workDir);
        cli.write("registration-keys.yaml", TestTemplates.read("registration-keys.yaml"));
    }

    @BeforeEach
    void roles() {
        aws.roles().clear();
        aws.roles().requireExternalId(TEAM_A, EXTERNAL_ID);
        // the CLI's waiters poll at once, then sleep for seconds: a little latency lets each short operation end first
        aws.faults().latency(Duration.ofMillis(300));
    }

    @Test
    void theBaseCredentialsAreTheOperatorUserOfTheDefaultAccount() {
        JsonNode me = json(cli.run("sts", "get-caller-identity"));

        assertThat(me.path("Account").asText()).isEqualTo("123456789012");
        assertThat(me.path("Arn").asText()).isEqualTo("arn:aws:iam::123456789012:user/firefly-operator");
    }

    @Test
    void anAssumedRoleDeploysIntoItsAccountAndSeesOnlyThat() {
        JsonNode assumed = json(cli.run("sts", "assume-role", "--role-arn", TEAM_A, "--role-session-name", "firefly-team-a",
                "--external-id", EXTERNAL_ID, "--duration-seconds", "900", "--tags", "Key=firefly.io/namespace,Value=team-a"));
        assertThat(assumed.path("AssumedRoleUser").path("Arn").asText())
                .isEqualTo("arn:aws:sts::111111111111:assumed-role/team-a/firefly-team-a");
        AwsCli teamA = asSession(assumed);

        JsonNode me = json(teamA.run("sts", "get-caller-identity"));
        assertThat(me.path("Account").asText()).isEqualTo("111111111111");
        assertThat(me.path("Arn").asText()).isEqualTo("arn:aws:sts::111111111111:assumed-role/team-a/firefly-team-a");

        AwsCli.Result deployed = teamA.run("cloudformation", "deploy", "--stack-name", "cli-tenant",
                "--template-file", "registration-keys.yaml", "--parameter-overrides", "TableName=cli-tenant-table");
        assertThat(deployed.exitCode()).as(deployed.output()).isZero();

        JsonNode stacks = json(teamA.run("cloudformation", "describe-stacks")).path("Stacks");
        assertThat(stacks).hasSize(1);
        assertThat(stacks.get(0).path("StackId").asText()).startsWith("arn:aws:cloudformation:us-east-1:111111111111:stack/cli-tenant/");
        assertThat(json(teamA.run("dynamodb", "list-tables")).path("TableNames").toString()).contains("cli-tenant-table");

        AwsCli.Result fromBase = cli.run("cloudformation", "describe-stacks", "--stack-name", "cli-tenant");
        assertThat(fromBase.exitCode()).isNotZero();
        assertThat(fromBase.stderr()).contains("An error occurred (ValidationError) when calling the DescribeStacks operation: "
                + "Stack with id cli-tenant does not exist");
        assertThat(json(cli.run("dynamodb", "list-tables")).path("TableNames").toString()).doesNotContain("cli-tenant-table");
        assertThat(aws.calls().of("CreateChangeSet")).filteredOn(c -> "cli-tenant".equals(c.stackName()))
                .isNotEmpty().allMatch(c -> c.madeByRole(TEAM_A));
    }

    @Test
    void aMissingExternalIdIsAccessDeniedAndExpiredCredentialsAreExpiredToken() {
        AwsCli.Result refused = cli.run("sts", "assume-role", "--role-arn", TEAM_A, "--role-session-name", "no-external-id");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("An error occurred (AccessDenied) when calling the AssumeRole operation: "
                + "User: arn:aws:iam::123456789012:user/firefly-operator is not authorized to perform: sts:AssumeRole on resource: "
                + TEAM_A);

        AwsCli teamA = asSession(json(cli.run("sts", "assume-role", "--role-arn", TEAM_A, "--role-session-name", "short",
                "--external-id", EXTERNAL_ID)));
        assertThat(teamA.run("cloudformation", "describe-stacks").exitCode()).isZero();
        aws.identities().expireAll();

        AwsCli.Result expired = teamA.run("cloudformation", "describe-stacks");
        assertThat(expired.exitCode()).isNotZero();
        assertThat(expired.stderr()).contains("An error occurred (ExpiredToken) when calling the DescribeStacks operation: "
                + "The security token included in the request is expired");
    }

    private AwsCli asSession(JsonNode assumed) {
        JsonNode credentials = assumed.path("Credentials");
        return cli.withSession(credentials.path("AccessKeyId").asText(), credentials.path("SecretAccessKey").asText(),
                credentials.path("SessionToken").asText());
    }

    private static JsonNode json(AwsCli.Result result) {
        assertThat(result.exitCode()).as(result.output()).isZero();
        try {
            return JSON.readTree(result.stdout());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
