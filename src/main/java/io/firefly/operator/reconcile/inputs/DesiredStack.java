package io.firefly.operator.reconcile.inputs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A FireflyStack with every input resolved: the template text, parameter values read from other stacks,
 * ConfigMaps and Secrets. {@link #hash()} changes exactly when CloudFormation would be asked for
 * something different (the stack's name and region included: they say which stack), so an unchanged stack
 * costs no change set.
 */
public record DesiredStack(String stackName, String region, String templateBody, String templateUrl,
                    Map<String, String> parameters, List<String> capabilities, Map<String, String> tags,
                    String roleArn) {

    public DesiredStack {
        parameters = new TreeMap<>(parameters);
        tags = new TreeMap<>(tags);
        capabilities = capabilities.stream().sorted().toList();
    }

    public String hash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Object part : List.of(stackName, region, String.valueOf(templateBody), String.valueOf(templateUrl),
                    parameters, capabilities, tags, String.valueOf(roleArn))) {
                digest.update(part.toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
