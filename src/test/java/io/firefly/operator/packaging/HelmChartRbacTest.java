package io.firefly.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
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
 * The chart grants the operator exactly the Kubernetes API calls it makes, in the scope it makes
 * them: a cluster administrator reviewing the release sees nothing more.
 */
class HelmChartRbacTest {
    private static final String CLUSTER = "<cluster>";
    private static final String SERVICE_ACCOUNT = "firefly-firefly-operator";

    /** What the reconciler does with FireflyStacks and the objects around them, per watched namespace. */
    private static final Set<Permission> STACKS = Stream.of(
            permissions("firefly.io", "fireflystacks", "get", "list", "watch", "patch", "update"),
            permissions("firefly.io", "fireflystacks/status", "get", "patch", "update"),
            permissions("firefly.io", "fireflystacks/finalizers", "update"),
            permissions("", "configmaps", "get", "list", "watch", "create", "update", "patch", "delete"),
            permissions("", "secrets", "get", "list", "watch"),
            permissions("", "events", "create", "patch"),
            permissions("events.k8s.io", "events", "create", "patch"))
            .flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    private static final Set<Permission> LEADER_ELECTION = permissions("coordination.k8s.io", "leases", "get", "create", "update");
    private static final Set<Permission> CRD_READ = permissions("apiextensions.k8s.io", "customresourcedefinitions", "get", "list");

    @TempDir
    Path workDir;

    @Test
    void allNamespacesInstallGrantsExactlyTheOperatorsCalls() {
        RenderedChart chart = ChartRenderer.render(workDir, "");

        assertThat(grants(chart, CLUSTER)).isEqualTo(union(STACKS, CRD_READ));
        assertThat(grants(chart, ChartRenderer.RELEASE_NAMESPACE)).isEqualTo(LEADER_ELECTION);
        assertEveryBindingGivesARenderedRoleToTheOperatorOnly(chart);
    }

    @Test
    void namespacedInstallGrantsStacksOnlyInTheWatchedNamespaces() {
        RenderedChart chart = ChartRenderer.render(workDir, "watchNamespaces: [a, b]");

        assertThat(grants(chart, "a")).isEqualTo(STACKS);
        assertThat(grants(chart, "b")).isEqualTo(STACKS);
        assertThat(grants(chart, ChartRenderer.RELEASE_NAMESPACE)).isEqualTo(LEADER_ELECTION);
        assertThat(grants(chart, CLUSTER)).isEqualTo(CRD_READ);
        assertEveryBindingGivesARenderedRoleToTheOperatorOnly(chart);
    }

    @Test
    void crdReadIsLimitedToTheFireflyStackDefinition() {
        RenderedChart chart = ChartRenderer.render(workDir, "");

        List<PolicyRule> crdRules = chart.all(ClusterRole.class).stream().flatMap(role -> role.getRules().stream())
                .filter(rule -> rule.getResources().contains("customresourcedefinitions")).toList();
        assertThat(crdRules).singleElement()
                .satisfies(rule -> assertThat(rule.getResourceNames()).containsExactly("fireflystacks.firefly.io"));
    }

    @Test
    void optionalGrantsCanBeTurnedOff() {
        RenderedChart withoutSecretsOrCrd = ChartRenderer.render(workDir, "rbac: {secrets: false, readCrd: false}");
        Set<Permission> expected = new HashSet<>(STACKS);
        expected.removeIf(permission -> permission.resource().equals("secrets"));
        assertThat(grants(withoutSecretsOrCrd, CLUSTER)).isEqualTo(expected);
        assertEveryBindingGivesARenderedRoleToTheOperatorOnly(withoutSecretsOrCrd);

        RenderedChart withoutRbac = ChartRenderer.render(workDir, "rbac: {create: false}");
        assertThat(withoutRbac.objects()).extracting(HasMetadata::getKind)
                .doesNotContain("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");
    }

    /** Every (group, resource, verb) a Role in {@code scope} or, for CLUSTER, a ClusterRole grants. */
    private static Set<Permission> grants(RenderedChart chart, String scope) {
        Stream<PolicyRule> rules = CLUSTER.equals(scope)
                ? chart.all(ClusterRole.class).stream().flatMap(role -> role.getRules().stream())
                : chart.all(Role.class).stream().filter(role -> scope.equals(role.getMetadata().getNamespace()))
                        .flatMap(role -> role.getRules().stream());
        Set<Permission> granted = new HashSet<>();
        rules.forEach(rule -> {
            assertThat(rule.getNonResourceURLs()).as("non-resource URLs in %s", rule).isNullOrEmpty();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        assertThat(List.of(group, resource, verb)).as("wildcard in %s", rule).doesNotContain("*");
                        granted.add(new Permission(group, resource, verb));
                    }
                }
            }
        });
        return granted;
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

    private static Set<Permission> permissions(String group, String resource, String... verbs) {
        return Stream.of(verbs).map(verb -> new Permission(group, resource, verb))
                .collect(Collectors.toUnmodifiableSet());
    }

    private static Set<Permission> union(Set<Permission> first, Set<Permission> second) {
        Set<Permission> all = new HashSet<>(first);
        all.addAll(second);
        return all;
    }

    private record Permission(String group, String resource, String verb) {
    }
}
