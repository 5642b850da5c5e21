package io.firefly.operator.reconcile;

import static io.firefly.operator.reconcile.OperatorTestSupport.aws;
import static io.firefly.operator.reconcile.OperatorTestSupport.dynamoDb;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.DriftStatus;
import io.firefly.operator.api.FireflyStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Resource drift, found by CloudFormation drift detection and shown on the FireflyStack: a table's TTL turned off
 * in DynamoDB directly names the table and the property; turned back on, the stack is in sync again.
 */
@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(OfflineAwsTestResource.class)
@TestProfile(ResourceDriftTest.FrequentChecks.class)
class ResourceDriftTest {
    @Inject
    KubernetesClient client;

    /** Checks every two seconds, so that a test sees several. */
    public static class FrequentChecks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("firefly.drift.interval", "2s");
        }
    }

    @Test
    void aTableWhoseTtlWasTurnedOffInDynamoDbShowsDriftedThenInSyncOnceRestored() {
        var t = new OperatorTestSupport(client);
        String table = t.prefix + "-ttl";
        t.apply(t.stack("table", TestTemplates.table(table, false)));
        t.awaitReady("table");
        t.awaitStatus("table", s -> s.getStatus().condition(ConditionType.Drifted)
                .map(c -> "False".equals(c.getStatus())).orElse(false));

        dynamoDb().updateTimeToLive(b -> b.tableName(table)
                .timeToLiveSpecification(ttl -> ttl.attributeName("expiresAt").enabled(false)));

        FireflyStack drifted = t.awaitStatus("table", s -> s.getStatus().isTrue(ConditionType.Drifted));
        assertThat(drifted.getStatus().isTrue(ConditionType.Ready)).as("drift is shown, the stack stays Ready").isTrue();
        DriftStatus drift = drifted.getStatus().getDrift();
        assertThat(drift.stackDriftStatus()).isEqualTo("DRIFTED");
        assertThat(drift.resources()).singleElement().satisfies(r -> {
            assertThat(r.logicalId()).isEqualTo("KeysTable");
            assertThat(r.physicalId()).isEqualTo(table);
            assertThat(r.driftStatus()).isEqualTo("MODIFIED");
            assertThat(r.properties()).anySatisfy(p -> {
                assertThat(p.path()).isEqualTo("/TimeToLiveSpecification/Enabled");
                assertThat(p.expected()).isEqualTo("true");
                assertThat(p.actual()).isEqualTo("false");
            });
        });
        assertThat(drifted.getStatus().condition(ConditionType.Drifted).orElseThrow().getMessage())
                .contains("KeysTable").contains("/TimeToLiveSpecification/Enabled is false");
        assertThat(client.v1().events().inNamespace(t.namespace).list().getItems())
                .filteredOn(e -> "ResourcesDrifted".equals(e.getReason())).hasSize(1);

        dynamoDb().updateTimeToLive(b -> b.tableName(table)
                .timeToLiveSpecification(ttl -> ttl.attributeName("expiresAt").enabled(true)));

        FireflyStack inSync = t.awaitStatus("table", s -> s.getStatus().condition(ConditionType.Drifted)
                .map(c -> "False".equals(c.getStatus())).orElse(false));
        assertThat(inSync.getStatus().getDrift().stackDriftStatus()).isEqualTo("IN_SYNC");
        assertThat(inSync.getStatus().getDrift().resources()).isNullOrEmpty();
        assertThat(aws().calls().of("DescribeStackResourceDrifts")).as("read only when a detection found drift").isNotEmpty();
    }
}
