package io.firefly.demo;

import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyStack;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The columns {@code kubectl get fireflystacks} prints: NAME, STACK, PHASE, CFN-STATUS, READY. */
final class StackTable {
    private StackTable() {
    }

    static String render(List<FireflyStack> stacks) {
        String format = "%-32s %-44s %-24s %-22s %-6s%n";
        StringBuilder out = new StringBuilder(String.format(format, "NAME", "STACK", "PHASE", "CFN-STATUS", "READY"));
        stacks.stream().sorted(Comparator.comparing(s -> s.getMetadata().getName())).forEach(s -> out.append(String.format(
                format, s.getMetadata().getName(), s.getSpec().getStackName(),
                s.getStatus() == null || s.getStatus().getPhase() == null ? "" : s.getStatus().getPhase(),
                s.getStatus() == null ? "" : Optional.ofNullable(s.getStatus().getStackStatus()).orElse(""),
                s.getStatus() == null ? "" : s.getStatus().condition(ConditionType.Ready).map(c -> c.getStatus()).orElse(""))));
        return out.toString();
    }
}
