package io.firefly.operator.reconcile.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.firefly.operator.api.AccountNamespaces;
import io.firefly.operator.api.AccountPolicy;
import io.firefly.operator.api.FireflyAccountSpec;
import io.firefly.operator.reconcile.inputs.DesiredStack;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a FireflyAccount lets a namespace deploy, decided from the spec and the template before any AWS call. */
class PolicyCheckTest {
    private static final String TABLE_AND_FUNCTION = """
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
              Handler:
                Type: AWS::Lambda::Function
            """;
    private static final String ADMIN_USER = TABLE_AND_FUNCTION + """
              Admin:
                Type: AWS::IAM::User
            """;
    private static final AccountPolicy TABLES_AND_FUNCTIONS =
            new AccountPolicy(List.of("AWS::DynamoDB::*", "AWS::Lambda::Function"), null, null);

    @Test
    void aTypeOutsideTheAllowedPatternsIsRefusedNamingResourceTypeRuleAndField() {
        Optional<String> refusal = check(account(TABLES_AND_FUNCTIONS), desired(ADMIN_USER));

        assertThat(refusal).hasValueSatisfying(message -> assertThat(message)
                .startsWith("spec.template: resource Admin has type AWS::IAM::User, which FireflyAccount team-a does not allow")
                .contains("(policy.allowedResourceTypes: AWS::DynamoDB::*, AWS::Lambda::Function)"));
        assertThat(check(account(TABLES_AND_FUNCTIONS), desired(TABLE_AND_FUNCTION))).isEmpty();
    }

    @Test
    void aStarMatchesAnyRunOfCharactersAndNothingElseIsAWildcard() {
        assertThat(TypePattern.of("AWS::DynamoDB::*").matches("AWS::DynamoDB::GlobalTable")).isTrue();
        assertThat(TypePattern.of("AWS::DynamoDB::*").matches("AWS::DynamoDBX::Table")).isFalse();
        assertThat(TypePattern.of("AWS::*::Function").matches("AWS::Lambda::Function")).isTrue();
        assertThat(TypePattern.of("AWS::Lambda::Function").matches("AWS::Lambda::FunctionUrl")).isFalse();
        assertThat(TypePattern.of("AWS::Lambda::Function").matches("aws::lambda::function")).isFalse();
        assertThat(TypePattern.of("arn:aws:iam::111122223333:role/cfn-*").matches("arn:aws:iam::111122223333:role/cfn-exec"))
                .isTrue();
        assertThat(TypePattern.of("arn:aws:iam::111122223333:role/cfn-*").matches("arn:aws:iam::111122223333:role/admin"))
                .isFalse();
    }

    @Test
    void aDeniedTypeIsRefusedEvenWhenAnAllowedPatternMatchesIt() {
        AccountPolicy policy = new AccountPolicy(List.of("AWS::*"), List.of("AWS::IAM::*"), null);

        assertThat(check(account(policy), desired(ADMIN_USER))).hasValueSatisfying(message -> assertThat(message)
                .contains("resource Admin has type AWS::IAM::User").contains("(policy.deniedResourceTypes: AWS::IAM::*)"));
        assertThat(check(account(policy), desired(TABLE_AND_FUNCTION))).isEmpty();
    }

    @Test
    void aServerlessFunctionIsCheckedAsWrittenAndAsTheRoleTheTransformCreatesForIt() {
        String function = """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Handler:
                    Type: AWS::Serverless::Function
                    Properties:
                      Runtime: python3.12
                """;
        AccountPolicy functionsOnly = new AccountPolicy(List.of("AWS::Serverless::Function", "AWS::Lambda::Function"), null, null);

        assertThat(check(account(functionsOnly), desired(function))).hasValueSatisfying(message -> assertThat(message)
                .contains("resource Handler (AWS::Serverless::Function) makes the AWS SAM transform create a resource of type"
                        + " AWS::IAM::Role")
                .contains("Give the resource an existing Role property"));
        assertThat(check(account(functionsOnly), desired(function.replace("Runtime: python3.12",
                "Runtime: python3.12\n      Role: arn:aws:iam::111122223333:role/handler")))).isEmpty();
        assertThat(check(account(new AccountPolicy(List.of("AWS::Lambda::Function", "AWS::IAM::Role"), null, null)),
                desired(function))).hasValueSatisfying(message -> assertThat(message)
                .contains("resource Handler has type AWS::Serverless::Function, which FireflyAccount team-a does not allow"));
    }

    @Test
    void theEventsAndGlobalsOfAServerlessFunctionAddTheTypesTheyExpandTo() {
        String queueFunction = """
                Transform: AWS::Serverless-2016-10-31
                Globals:
                  Function:
                    AutoPublishAlias: live
                Resources:
                  Handler:
                    Type: AWS::Serverless::Function
                    Properties:
                      Role: arn:aws:iam::111122223333:role/handler
                      Events:
                        Jobs:
                          Type: SQS
                          Properties:
                            Queue: arn:aws:sqs:us-east-1:111122223333:jobs
                """;
        AccountPolicy lambda = new AccountPolicy(List.of("AWS::Serverless::Function", "AWS::Lambda::*"), null, null);
        AccountPolicy noMappings = new AccountPolicy(List.of("AWS::Serverless::Function", "AWS::Lambda::*"),
                List.of("AWS::Lambda::EventSourceMapping"), null);
        AccountPolicy noAliases = new AccountPolicy(List.of("AWS::Serverless::Function", "AWS::Lambda::Function",
                "AWS::Lambda::EventSourceMapping", "AWS::Lambda::Version"), null, null);

        assertThat(check(account(lambda), desired(queueFunction))).isEmpty();
        assertThat(check(account(noMappings), desired(queueFunction))).hasValueSatisfying(message -> assertThat(message)
                .contains("create a resource of type AWS::Lambda::EventSourceMapping")
                .contains("policy.deniedResourceTypes: AWS::Lambda::EventSourceMapping"));
        assertThat(check(account(noAliases), desired(queueFunction))).hasValueSatisfying(message -> assertThat(message)
                .contains("create a resource of type AWS::Lambda::Alias"));
    }

    @Test
    void anApiEventWithoutItsOwnApiAddsTheImplicitRestApi() {
        String api = """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Handler:
                    Type: AWS::Serverless::Function
                    Properties:
                      Role: arn:aws:iam::111122223333:role/handler
                      Events:
                        Get:
                          Type: Api
                          Properties: {Path: /, Method: get}
                """;
        AccountPolicy noApiGateway = new AccountPolicy(List.of("AWS::Serverless::Function", "AWS::Lambda::*"), null, null);

        assertThat(check(account(noApiGateway), desired(api))).hasValueSatisfying(message -> assertThat(message)
                .contains("create a resource of type AWS::ApiGateway::RestApi"));
    }

    @Test
    void aServerlessTypeOrEventTheOperatorCannotExpandIsRefusedWhileTypesAreRestricted() {
        String graphQl = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::GraphQLApi\n";
        AccountPolicy serverless = new AccountPolicy(List.of("AWS::Serverless::*", "AWS::AppSync::*"), null, null);

        assertThat(check(account(serverless), desired(graphQl))).hasValueSatisfying(message -> assertThat(message)
                .contains("resource Api has type AWS::Serverless::GraphQLApi, and the operator does not know every resource"));
        assertThat(check(account(null), desired(graphQl))).isEmpty();
    }

    @Test
    void aMacroOrAnIncludeIsRefusedWhileTypesAreRestricted() {
        String macro = "Transform: [AWS::Serverless-2016-10-31, Company::Expander]\nResources:\n  T:\n    Type: AWS::DynamoDB::Table\n";
        String include = "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n  'Fn::Transform':\n    Name: AWS::Include\n"
                + "    Parameters: {Location: s3://bucket/more.yaml}\n";

        assertThat(check(account(TABLES_AND_FUNCTIONS), desired(macro))).hasValueSatisfying(message -> assertThat(message)
                .startsWith("spec.template: transform Company::Expander can add resources of any type"));
        assertThat(check(account(TABLES_AND_FUNCTIONS), desired(include))).hasValueSatisfying(message -> assertThat(message)
                .contains("transform Fn::Transform"));
    }

    @Test
    void aTemplateByUrlIsRefusedOnlyWhileTypesAreRestricted() {
        DesiredStack byUrl = new DesiredStack("orders", "us-east-1", null, "https://bucket.s3.amazonaws.com/t.yaml",
                Map.of(), List.of(), Map.of(), null);

        assertThat(check(account(TABLES_AND_FUNCTIONS), byUrl)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("spec.template.url: FireflyAccount team-a restricts resource types"));
        assertThat(check(account(null), byUrl)).isEmpty();
    }

    @Test
    void aNamespaceIsAllowedByNameOrBySelector() {
        LabelSelector teamA = new LabelSelectorBuilder().addToMatchLabels("team", "a").build();
        FireflyAccountSpec byName = spec(new AccountNamespaces(List.of("orders"), null), null);
        FireflyAccountSpec bySelector = spec(new AccountNamespaces(null, teamA), null);
        FireflyAccountSpec everyNamespace = spec(new AccountNamespaces(null, new LabelSelector()), null);

        assertThat(PolicyCheck.refusal(in(byName, "orders", Map.of()), desired(ADMIN_USER))).isEmpty();
        assertThat(PolicyCheck.refusal(in(bySelector, "billing", Map.of("team", "a")), desired(ADMIN_USER))).isEmpty();
        assertThat(PolicyCheck.refusal(in(everyNamespace, "anything", Map.of()), desired(ADMIN_USER))).isEmpty();
        assertThat(PolicyCheck.refusal(in(bySelector, "billing", Map.of("team", "b")), desired(ADMIN_USER)))
                .hasValueSatisfying(message -> assertThat(message)
                        .startsWith("metadata.namespace: namespace billing may not use FireflyAccount team-a")
                        .contains("(spec.namespaces: selector team=a)"));
        assertThat(PolicyCheck.refusal(in(byName, "billing", Map.of()), desired(ADMIN_USER)))
                .hasValueSatisfying(message -> assertThat(message).contains("(spec.namespaces: names orders)"));
    }

    @Test
    void selectorExpressionsFollowKubernetesSemantics() {
        LabelSelector notProduction = new LabelSelectorBuilder()
                .addNewMatchExpression().withKey("team").withOperator("Exists").endMatchExpression()
                .addNewMatchExpression().withKey("stage").withOperator("NotIn").withValues("prod").endMatchExpression()
                .build();
        AccountNamespaces allowed = new AccountNamespaces(null, notProduction);

        assertThat(new NamespaceView("a", Map.of("team", "a", "stage", "dev")).isIn(allowed)).isTrue();
        assertThat(new NamespaceView("a", Map.of("team", "a")).isIn(allowed)).isTrue();
        assertThat(new NamespaceView("a", Map.of("team", "a", "stage", "prod")).isIn(allowed)).isFalse();
        assertThat(new NamespaceView("a", Map.of("stage", "dev")).isIn(allowed)).isFalse();
    }

    @Test
    void aRegionOutsideTheAccountsRegionsIsRefused() {
        FireflyAccountSpec spec = spec(new AccountNamespaces(List.of("orders"), null), null);
        spec.setRegions(List.of("eu-west-1", "eu-central-1"));

        assertThat(PolicyCheck.refusal(in(spec, "orders", Map.of()), desired(TABLE_AND_FUNCTION)))
                .hasValue("spec.region: region us-east-1 is not one FireflyAccount team-a allows (spec.regions:"
                        + " eu-west-1, eu-central-1). Deploy to one of those regions.");
    }

    @Test
    void aServiceRoleOutsideTheAllowedPatternsIsRefusedAndNoRoleIsAlwaysFine() {
        AccountPolicy roles = new AccountPolicy(null, null, List.of("arn:aws:iam::111122223333:role/cfn-*"));
        DesiredStack admin = withRole("arn:aws:iam::111122223333:role/admin");

        assertThat(check(account(roles), admin)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("spec.roleArn: service role arn:aws:iam::111122223333:role/admin is not one FireflyAccount team-a allows")
                .contains("(policy.allowedServiceRoles: arn:aws:iam::111122223333:role/cfn-*)"));
        assertThat(check(account(roles), withRole("arn:aws:iam::111122223333:role/cfn-tables"))).isEmpty();
        assertThat(check(account(roles), desired(ADMIN_USER))).isEmpty();
    }

    private static Optional<String> check(Tenant.Account account, DesiredStack desired) {
        return PolicyCheck.refusal(account, desired);
    }

    private static Tenant.Account account(AccountPolicy policy) {
        return in(spec(new AccountNamespaces(List.of("orders"), null), policy), "orders", Map.of());
    }

    private static Tenant.Account in(FireflyAccountSpec spec, String namespace, Map<String, String> labels) {
        return new Tenant.Account("team-a", spec, new NamespaceView(namespace, labels), "spec.accountRef");
    }

    private static FireflyAccountSpec spec(AccountNamespaces namespaces, AccountPolicy policy) {
        FireflyAccountSpec spec = new FireflyAccountSpec();
        spec.setAssumeRoleArn("arn:aws:iam::111122223333:role/firefly");
        spec.setNamespaces(namespaces);
        spec.setPolicy(policy);
        return spec;
    }

    private static DesiredStack desired(String template) {
        return new DesiredStack("orders", "us-east-1", template, null, Map.of(), List.of(), Map.of(), null);
    }

    private static DesiredStack withRole(String roleArn) {
        return new DesiredStack("orders", "us-east-1", TABLE_AND_FUNCTION, null, Map.of(), List.of(), Map.of(), roleArn);
    }
}
