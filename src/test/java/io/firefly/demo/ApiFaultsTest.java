package io.firefly.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import io.firefly.operator.api.TemplateSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The embedded API's faults strike the kubeconfig's caller (the operator), never the embedded API's own client. */
class ApiFaultsTest {

    @Test
    void writesWithTheKubeconfigMeetConflictsAndItsWatchesAreClosed() throws Exception {
        try (EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start(0, Path.of("target", "api-faults-test"));
             KubernetesClient operator = new KubernetesClientBuilder()
                     .withConfig(Config.fromKubeconfig(Files.readString(kubernetes.kubeconfig()))).build()) {
            KubernetesClient own = kubernetes.client();
            own.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("faults").endMetadata().build()).create();
            own.resource(stack()).create();
            AtomicInteger events = new AtomicInteger();
            operator.resources(FireflyStack.class).inNamespace("faults").watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, FireflyStack resource) {
                    events.incrementAndGet();
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            });

            kubernetes.faults().conflicts(1);
            assertThatThrownBy(() -> operator.resources(FireflyStack.class).inNamespace("faults").withName("one")
                    .edit(s -> { s.getSpec().setTags(Map.of("a", "b")); return s; }))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
            own.resources(FireflyStack.class).inNamespace("faults").withName("one")
                    .edit(s -> { s.getSpec().setTags(Map.of("a", "c")); return s; });

            await().atMost(Duration.ofSeconds(10)).until(() -> kubernetes.faults().dropWatches() == 1);
            // the client opens its watch again, and hears of the next change
            int before = events.get();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                own.resources(FireflyStack.class).inNamespace("faults").withName("one")
                        .edit(s -> { s.getSpec().setTags(Map.of("n", String.valueOf(System.nanoTime()))); return s; });
                return events.get() > before;
            });
        }
    }

    private static FireflyStack stack() {
        FireflyStack stack = new FireflyStack();
        stack.setMetadata(new ObjectMetaBuilder().withNamespace("faults").withName("one").build());
        FireflyStackSpec spec = new FireflyStackSpec();
        spec.setStackName("one");
        spec.setTemplate(TemplateSource.inline("Resources: {}"));
        stack.setSpec(spec);
        return stack;
    }
}
