package io.firefly.operator.reconcile;

import static io.firefly.operator.reconcile.OperatorTestSupport.aws;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.operator.api.FireflyStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What Prometheus scrapes at /q/metrics once the operator has done some work. */
@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(OfflineAwsTestResource.class)
class MetricsTest {
    private static final String BLOCKED = "firefly_stacks_deletion_blocked";
    private static final String BLOCKED_PHASE = "firefly_stacks{phase=\"DeletionBlocked\"}";

    @Inject
    KubernetesClient client;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @AfterEach
    void clearFaults() {
        aws().faults().clear();
    }

    @Test
    void exposesStacksByPhaseAwsCallsAndTimeToReady() throws Exception {
        var t = new OperatorTestSupport(client);
        aws().faults().throttle(1.0, Set.of("CreateChangeSet"));
        t.apply(t.stack("measured", TestTemplates.table(t.prefix + "-measured", false)));
        await().atMost(OperatorTestSupport.TIMEOUT).until(() -> aws().calls().of("CreateChangeSet").stream()
                .anyMatch(c -> "Throttling".equals(c.errorCode())));
        aws().faults().clear();
        t.awaitReady("measured");

        String text = await().atMost(Duration.ofSeconds(30)).until(this::scrape,
                s -> s.contains("firefly_stacks{phase=\"Ready\"}") && s.contains("outcome=\"throttled\""));
        assertThat(text).containsPattern("firefly_aws_calls_total\\{[^}]*operation=\"CreateChangeSet\"[^}]*outcome=\"ok\"[^}]*} [1-9]");
        assertThat(text).containsPattern("firefly_stacks\\{phase=\"Ready\"} [1-9]");
        assertThat(text).containsPattern("firefly_stack_ready_duration_seconds_count [1-9]");
        assertThat(text).containsPattern("operator_sdk_reconciliations_success_total\\{[^}]*} [1-9]")
                .as("reconcile metrics are per controller, not one series per FireflyStack")
                .doesNotContain("resource_name=");
        assertThat(documentedFireflyMetrics()).as("the metrics docs/metrics.md describes").isNotEmpty()
                .allSatisfy(name -> assertThat(text).contains("\n" + name));
    }

    @Test
    void countsATableWhoseDeletionWaitsForItsDependentUntilTheDependentIsGone() throws Exception {
        var t = new OperatorTestSupport(client);
        t.apply(t.stack("table", TestTemplates.table(t.prefix + "-table", false)));
        FireflyStack dependent = t.stack("dependent", TestTemplates.table(t.prefix + "-dependent", false));
        dependent.getSpec().setDependsOn(List.of("table"));
        t.apply(dependent);
        t.awaitReady("dependent");
        // The operator's metrics count every FireflyStack it caches, those of other tests included.
        String before = scrape();
        double blockedBefore = value(before, BLOCKED);
        double phaseBefore = value(before, BLOCKED_PHASE);

        t.delete("table");
        awaitScrape(s -> value(s, BLOCKED) == blockedBefore + 1 && value(s, BLOCKED_PHASE) == phaseBefore + 1);

        t.delete("dependent");
        t.awaitGone("table");
        awaitScrape(s -> value(s, BLOCKED) == blockedBefore && value(s, BLOCKED_PHASE) == phaseBefore);
    }

    /** The value of one series, named with its labels as Prometheus prints them. */
    private static double value(String scrape, String series) {
        return Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape).results()
                .map(m -> Double.parseDouble(m.group(1))).findFirst()
                .orElseThrow(() -> new AssertionError(series + " is not in the scrape:\n" + scrape));
    }

    private void awaitScrape(Predicate<String> condition) {
        await().atMost(OperatorTestSupport.TIMEOUT).pollInterval(Duration.ofMillis(200)).until(this::scrape, condition);
    }

    private static List<String> documentedFireflyMetrics() throws Exception {
        String docs = Files.readString(Path.of("docs", "metrics.md"));
        return Pattern.compile("^\\| `(firefly_\\w+)`", Pattern.MULTILINE).matcher(docs).results()
                .map(m -> m.group(1)).toList();
    }

    private String scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
