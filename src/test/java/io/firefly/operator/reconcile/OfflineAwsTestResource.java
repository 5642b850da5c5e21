package io.firefly.operator.reconcile;

import io.firefly.offlineaws.OfflineAws;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;

/** Starts one offline AWS for the operator under test and points the operator at it. */
public class OfflineAwsTestResource implements QuarkusTestResourceLifecycleManager {
    /** How long an STS session of the offline AWS lasts, whatever the operator asks for. */
    static final int SESSION_SECONDS = 6;
    private static OfflineAws aws;

    public static OfflineAws aws() {
        return aws;
    }

    @Override
    public Map<String, String> start() {
        aws = OfflineAws.start(OfflineAwsOptions.defaults()
                .withResourceStepDelay(Duration.ofMillis(40))
                .withChangeSetDelay(Duration.ofMillis(40))
                // FireflyAccount role sessions last seconds: the tests see the operator refresh them (refresh-before 2s)
                .withSessionSeconds(SESSION_SECONDS));
        // the operator's SDK clients use the default credential chain; the offline AWS accepts any signature
        System.setProperty("aws.accessKeyId", "offline");
        System.setProperty("aws.secretAccessKey", "offline");
        return Map.of("firefly.aws.endpoint-override", aws.endpoint().toString(), "firefly.aws.region", aws.region());
    }

    @Override
    public void stop() {
        if (aws != null) {
            aws.close();
        }
    }
}
