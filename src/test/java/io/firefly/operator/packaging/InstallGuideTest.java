package io.firefly.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples in docs/install.md work as written: users copy them. */
class InstallGuideTest {
    private static final Pattern FENCED_BLOCK = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ACTION = Pattern.compile("`((?:cloudformation|dynamodb|iam):\\w+)`");

    private static String guide;

    @TempDir
    Path workDir;

    @BeforeAll
    static void read() throws IOException {
        guide = Files.readString(Path.of("docs", "install.md"));
    }

    @Test
    void exampleValuesFileRendersTheDescribedInstall() {
        RenderedChart chart = ChartRenderer.render(workDir, block("yaml", "replicaCount:"));

        assertThat(chart.one(Deployment.class).getSpec().getReplicas()).isEqualTo(2);
        assertThat(chart.one(ServiceAccount.class).getMetadata().getAnnotations())
                .containsKey("eks.amazonaws.com/role-arn");
        assertThat(chart.ofKind("ServiceMonitor")).hasSize(1);
    }

    @Test
    void iamPolicyAllowsExactlyTheActionsTheTableExplains() throws IOException {
        Set<String> allowed = policyActions();
        String table = guide.substring(guide.indexOf("| action | why |"), guide.indexOf("CloudFormation creates the stack's resources"));
        Set<String> explained = new TreeSet<>();
        Matcher matcher = ACTION.matcher(table);
        while (matcher.find()) {
            explained.add(matcher.group(1));
        }

        assertThat(allowed).isEqualTo(explained).doesNotContain("cloudformation:*", "*");
    }

    @Test
    void iamPolicyAllowsEveryAwsCallTheOperatorMakes() throws IOException {
        Set<String> called = new TreeSet<>();
        // every SDK call of the adapter: cfn(region).describeChangeSet(...), clients.dynamoDb(identity, region).scan(...)
        Pattern sdkCall = Pattern.compile("(cfn|cloudFormation|dynamoDb)\\((?:[\\w.]+(?:\\(\\))?,\\s*)?region\\)\\s*\\.(\\w+)\\(");
        try (var sources = Files.walk(Path.of("src", "main", "java", "io", "firefly", "operator", "aws"))) {
            for (Path source : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = sdkCall.matcher(Files.readString(source));
                while (m.find()) {
                    String operation = Character.toUpperCase(m.group(2).charAt(0)) + m.group(2).substring(1);
                    called.add((m.group(1).equals("dynamoDb") ? "dynamodb:" : "cloudformation:") + operation);
                }
            }
        }

        assertThat(called).contains("cloudformation:CreateChangeSet", "cloudformation:DescribeStacks",
                "cloudformation:DetectStackDrift", "dynamodb:Scan");
        assertThat(policyActions()).containsAll(called);
    }

    private static Set<String> policyActions() throws IOException {
        JsonNode policy = new ObjectMapper().readTree(block("json", "ManageFireflyStacks"));
        Set<String> allowed = new TreeSet<>();
        for (JsonNode statement : policy.path("Statement")) {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            JsonNode action = statement.path("Action");
            if (action.isArray()) {
                StreamSupport.stream(action.spliterator(), false).map(JsonNode::asText).forEach(allowed::add);
            } else {
                allowed.add(action.asText());
            }
        }
        return allowed;
    }

    @Test
    void firstStackIsAValidFireflyStack() {
        String heredoc = block("sh", "kind: FireflyStack");
        String manifest = heredoc.substring(heredoc.indexOf("apiVersion:"), heredoc.lastIndexOf("EOF"));

        FireflyStack stack = new KubernetesSerialization().unmarshal(manifest, FireflyStack.class);

        assertThat(stack.getSpec().getStackName()).matches(FireflyStackSpec.STACK_NAME_PATTERN);
        assertThat(stack.getSpec().getTemplate().getBody()).contains("AWS::DynamoDB::Table");
        assertThat(guide).contains("NAME          STACK                 PHASE", stack.getMetadata().getName() + "-outputs");
    }

    private static String block(String language, String containing) {
        Matcher matcher = FENCED_BLOCK.matcher(guide);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            if (matcher.group(1).equals(language) && matcher.group(2).contains(containing)) {
                found.add(matcher.group(2));
            }
        }
        assertThat(found).as("```%s block with %s in docs/install.md", language, containing).hasSize(1);
        return found.get(0);
    }
}
