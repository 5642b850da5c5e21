package io.firefly.operator.reconcile;

import io.firefly.offlineaws.OfflineAws;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;

/** Starts one offline AWS for the operator under test and points the operator at it. */
public class OfflineAwsTestResource implements QuarkusTestResourceLifecycleManager {
    private static OfflineAws aws;

    public static OfflineAws aws() {
        return aws;
    }

    @Override
    public Map<String, String> start() {
        aws = OfflineAws.start(OfflineAwsOptions.defaults()
                .withResourceStepDelay(Duration.ofMillis(40))
                .withChangeSetDelay(Duration.ofMillis(40)));
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
