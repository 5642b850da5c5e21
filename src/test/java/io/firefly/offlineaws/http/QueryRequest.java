package io.firefly.offlineaws.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of an AWS Query request ({@code Action=...&Version=...}, form encoded), with the
 * Query protocol's flattening: list {@code X.member.N}, structure {@code X.member.N.Field}, map
 * {@code X.entry.N.key} / {@code X.entry.N.value}. A scoped view ({@link #members}) reads one member's
 * fields by their short names.
 */
public final class QueryRequest implements AwsService.Call {

    private final Map<String, String> params;
    private final String prefix;

    private QueryRequest(Map<String, String> params, String prefix) {
        this.params = params;
        this.prefix = prefix;
    }

    public static QueryRequest parse(String form) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.put(key, value);
        }
        return new QueryRequest(params, "");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String action() {
        return params.getOrDefault("Action", "");
    }

    public String version() {
        return params.get("Version");
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(params.get(prefix + name));
    }

    /** The value, or null: for fields that the reply echoes as absent when absent. */
    public String value(String name) {
        return params.get(prefix + name);
    }

    public boolean flag(String name) {
        return get(name).map(Boolean::parseBoolean).orElse(false);
    }

    public boolean has(String name) {
        return params.containsKey(prefix + name);
    }

    /** A list of plain values: {@code name.member.1}, {@code name.member.2}, ... */
    public List<String> list(String name) {
        List<String> values = new ArrayList<>();
        for (int i = 1; params.containsKey(prefix + name + ".member." + i); i++) {
            values.add(params.get(prefix + name + ".member." + i));
        }
        return values;
    }

    /** A list of structures, each read through a view scoped to its member. */
    public List<QueryRequest> members(String name) {
        List<QueryRequest> members = new ArrayList<>();
        for (int i = 1; ; i++) {
            String memberPrefix = prefix + name + ".member." + i + ".";
            if (params.keySet().stream().noneMatch(k -> k.startsWith(memberPrefix))) {
                return members;
            }
            members.add(new QueryRequest(params, memberPrefix));
        }
    }

    /** A map: {@code name.entry.N.key} and {@code name.entry.N.value}. */
    public Map<String, String> map(String name) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 1; params.containsKey(prefix + name + ".entry." + i + ".key"); i++) {
            String entry = prefix + name + ".entry." + i;
            entries.put(params.get(entry + ".key"), params.getOrDefault(entry + ".value", ""));
        }
        return entries;
    }
}
