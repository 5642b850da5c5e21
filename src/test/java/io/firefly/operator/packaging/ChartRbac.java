package io.firefly.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.firefly.demo.KubernetesApiCall;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** What the rendered chart lets the operator's ServiceAccount do, call by call. */
public final class ChartRbac {
    /** Scope of the ClusterRoles, beside namespace names for the Roles. */
    public static final String CLUSTER = "<cluster>";
    public static final String RELEASE_NAMESPACE = ChartRenderer.RELEASE_NAMESPACE;

    private ChartRbac() {
    }

    /** The chart rendered with its defaults: every watched namespace, every optional grant on. */
    public static RenderedChart defaults(Path workDir) {
        return ChartRenderer.render(workDir, "");
    }

    /**
     * Every (group, resource, verb) a Role in {@code scope} or, for {@link #CLUSTER}, a ClusterRole the chart binds
     * grants. Fails on a wildcard or a non-resource URL: the chart names each thing it grants.
     */
    public static Set<KubernetesApiCall> grants(RenderedChart chart, String scope) {
        Set<String> bound = new HashSet<>();
        chart.all(ClusterRoleBinding.class).forEach(binding -> bound.add(binding.getRoleRef().getName()));
        Stream<PolicyRule> rules = CLUSTER.equals(scope)
                ? chart.all(ClusterRole.class).stream().filter(role -> bound.contains(role.getMetadata().getName()))
                        .flatMap(role -> role.getRules().stream())
                : chart.all(Role.class).stream().filter(role -> scope.equals(role.getMetadata().getNamespace()))
                        .flatMap(role -> role.getRules().stream());
        Set<KubernetesApiCall> granted = new HashSet<>();
        rules.forEach(rule -> {
            assertThat(rule.getNonResourceURLs()).as("non-resource URLs in %s", rule).isNullOrEmpty();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        assertThat(List.of(group, resource, verb)).as("wildcard in %s", rule).doesNotContain("*");
                        granted.add(new KubernetesApiCall(group, resource, verb));
                    }
                }
            }
        });
        return granted;
    }
}
