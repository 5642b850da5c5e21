package io.firefly.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.firefly.demo.KubernetesApiCall;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart grants the operator its Kubernetes API calls in the scope it makes them: a cluster
 * administrator reviewing the release sees nothing more. The list below is the one the docs give;
 * the demo's test (FireflyDemoIT) holds it against the calls the running operator really makes.
 */
class HelmChartRbacTest {
    private static final String SERVICE_ACCOUNT = "firefly-firefly-operator";

    /** What the reconciler does with FireflyStacks and the objects around them, per watched namespace. */
    private static final Set<KubernetesApiCall> STACKS = Stream.of(
            calls("firefly.io", "fireflystacks", "get", "list", "watch", "patch"),
            calls("firefly.io", "fireflystacks/status", "patch"),
            calls("firefly.io", "fireflystacks/finalizers", "update"),
            calls("", "configmaps", "get", "list", "watch", "create", "update"),
            calls("", "secrets", "get"),
            calls("", "events", "create"))
            .flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    /** FireflyAccounts and the Namespaces' labels and annotations, cluster-scoped whatever namespaces are watched. */
    private static final Set<KubernetesApiCall> ACCOUNTS = Stream.of(
            calls("firefly.io", "fireflyaccounts", "get", "list", "watch"),
            calls("firefly.io", "fireflyaccounts/status", "patch"),
            calls("", "namespaces", "list", "watch"))
            .flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    private static final Set<KubernetesApiCall> LEADER_ELECTION =
            calls("coordination.k8s.io", "leases", "get", "create", "update", "patch");

    @TempDir
    Path workDir;

    @Test
    void allNamespacesInstallGrantsExactlyTheOperatorsCalls() {
        RenderedChart chart = ChartRenderer.render(workDir, "");

        assertThat(ChartRbac.grants(chart, ChartRbac.CLUSTER)).isEqualTo(union(STACKS, ACCOUNTS));
        assertThat(ChartRbac.grants(chart, ChartRenderer.RELEASE_NAMESPACE)).isEqualTo(LEADER_ELECTION);
        assertEveryBindingGivesARenderedRoleToTheOperatorOnly(chart);
    }

    @Test
    void namespacedInstallGrantsStacksOnlyInTheWatchedNamespacesAndOnlyAccountsClusterWide() {
        RenderedChart chart = ChartRenderer.render(workDir, "watchNamespaces: [a, b]");

        assertThat(ChartRbac.grants(chart, "a")).isEqualTo(STACKS);
        assertThat(ChartRbac.grants(chart, "b")).isEqualTo(STACKS);
        assertThat(ChartRbac.grants(chart, ChartRenderer.RELEASE_NAMESPACE)).isEqualTo(LEADER_ELECTION);
        assertThat(ChartRbac.grants(chart, ChartRbac.CLUSTER)).isEqualTo(ACCOUNTS);
        assertEveryBindingGivesARenderedRoleToTheOperatorOnly(chart);
    }

    @Test
    void optionalGrantsCanBeTurnedOff() {
        RenderedChart withoutSecrets = ChartRenderer.render(workDir, "rbac: {secrets: false}");
        Set<KubernetesApiCall> expected = union(STACKS, ACCOUNTS);
        expected.removeIf(call -> call.resource().equals("secrets"));
        assertThat(ChartRbac.grants(withoutSecrets, ChartRbac.CLUSTER)).isEqualTo(expected);
        assertEveryBindingGivesARenderedRoleToTheOperatorOnly(withoutSecrets);

        RenderedChart withoutRbac = ChartRenderer.render(workDir, "rbac: {create: false}");
        assertThat(withoutRbac.objects()).extracting(HasMetadata::getKind)
                .doesNotContain("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");
    }

    @Test
    void platformAdminsGetAnUnboundRoleToWriteFireflyAccountsAndTheOperatorCannot() {
        RenderedChart chart = ChartRenderer.render(workDir, "");

        ClusterRole admin = chart.find(ClusterRole.class, null, "firefly-firefly-operator-account-admin").orElseThrow();
        assertThat(admin.getRules()).anySatisfy(rule -> {
            assertThat(rule.getResources()).containsExactly("fireflyaccounts");
            assertThat(rule.getVerbs()).contains("create", "update", "patch", "delete");
        });
        assertThat(chart.all(ClusterRoleBinding.class)).noneSatisfy(binding ->
                assertThat(binding.getRoleRef().getName()).isEqualTo(admin.getMetadata().getName()));
        assertThat(ChartRbac.grants(chart, ChartRbac.CLUSTER)).noneMatch(call -> call.resource().equals("fireflyaccounts")
                && List.of("create", "update", "patch", "delete").contains(call.verb()));
    }

    private static Set<KubernetesApiCall> union(Set<KubernetesApiCall> a, Set<KubernetesApiCall> b) {
        Set<KubernetesApiCall> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static void assertEveryBindingGivesARenderedRoleToTheOperatorOnly(RenderedChart chart) {
        for (RoleBinding binding : chart.all(RoleBinding.class)) {
            String namespace = binding.getMetadata().getNamespace();
            assertThat(chart.find(Role.class, namespace, binding.getRoleRef().getName()))
                    .as("Role %s/%s bound by %s", namespace, binding.getRoleRef().getName(), binding.getMetadata().getName())
                    .isPresent();
            assertRoleKindAndSubjects(binding.getRoleRef(), "Role", binding.getSubjects());
        }
        for (ClusterRoleBinding binding : chart.all(ClusterRoleBinding.class)) {
            assertThat(chart.find(ClusterRole.class, null, binding.getRoleRef().getName())).isPresent();
            assertRoleKindAndSubjects(binding.getRoleRef(), "ClusterRole", binding.getSubjects());
        }
    }

    private static void assertRoleKindAndSubjects(RoleRef roleRef, String kind, List<Subject> subjects) {
        assertThat(roleRef.getKind()).isEqualTo(kind);
        assertThat(subjects).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(SERVICE_ACCOUNT);
            assertThat(subject.getNamespace()).isEqualTo(ChartRenderer.RELEASE_NAMESPACE);
        });
    }

    private static Set<KubernetesApiCall> calls(String group, String resource, String... verbs) {
        return Stream.of(verbs).map(verb -> new KubernetesApiCall(group, resource, verb))
                .collect(Collectors.toUnmodifiableSet());
    }
}
