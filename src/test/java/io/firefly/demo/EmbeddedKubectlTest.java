package io.firefly.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.firefly.operator.api.FireflyStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Plain kubectl against the embedded API, as the README tells a user to use it. */
class EmbeddedKubectlTest {

    @Test
    void kubectlAppliesTheExamplesAndListsThemWithThePrinterColumns() throws Exception {
        assumeTrue(kubectlInstalled(), "kubectl is not installed");
        try (EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start(0, Path.of("target", "kubectl-test"))) {
            String kubeconfig = kubernetes.kubeconfig().toString();
            Result applied = kubectl("--kubeconfig", kubeconfig, "apply", "--validate=false", "-k", "examples/firefly");
            assertThat(applied.exit()).as(applied.output()).isZero();
            assertThat(applied.output()).contains("fireflystack.firefly.io/dynamodb-users created");
            assertThat(kubernetes.client().resources(FireflyStack.class).inNamespace("firefly").list().getItems()).hasSize(8);

            Result listed = kubectl("--kubeconfig", kubeconfig, "get", "fireflystacks", "-n", "firefly");
            assertThat(listed.exit()).as(listed.output()).isZero();
            String header = listed.output().lines().findFirst().orElseThrow();
            assertThat(header.split("\\s+")).containsExactly("NAME", "STACK", "PHASE", "CFN-STATUS", "READY", "AGE");
            assertThat(listed.output()).contains("firefly-dynamodb-registration-keys");

            Result shortName = kubectl("--kubeconfig", kubeconfig, "get", "ffs", "dynamodb-users", "-n", "firefly");
            assertThat(shortName.output()).contains("firefly-dynamodb-users");
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return new Result(process.exitValue(), output);
    }

    private static boolean kubectlInstalled() {
        try {
            return new ProcessBuilder("kubectl", "version", "--client").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
