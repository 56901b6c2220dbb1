package dev.taskcast.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed view of a task's {@code authConfig} (http-api.md §2.6): rules that further restrict who may
 * act on the task. Rules only restrict, never widen.
 */
public record TaskAuthConfig(List<Rule> rules) {
    public static final TaskAuthConfig NONE = new TaskAuthConfig(List.of());

    /** {@code match.scope} selects the rule; {@code require} lists what the principal must have. */
    public record Rule(List<String> matchScopes, Map<String, JsonNode> requiredClaims, List<String> requiredSubs) {
    }

    public static TaskAuthConfig from(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("rules").isArray()) {
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonNode r : node.get("rules")) {
            List<String> scopes = SubscribeFilter.strings(r.path("match").get("scope"));
            JsonNode require = r.path("require");
            Map<String, JsonNode> claims = new LinkedHashMap<>();
            if (require.path("claims").isObject()) {
                require.get("claims").fields().forEachRemaining(e -> claims.put(e.getKey(), e.getValue()));
            }
            rules.add(new Rule(scopes == null ? List.of() : scopes, claims,
                    SubscribeFilter.strings(require.get("sub"))));
        }
        return new TaskAuthConfig(rules);
    }
}
