package dev.taskcast.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is making the request (http-api.md §2.4).
 *
 * @param taskIds which tasks may be addressed
 * @param scopes  granted scope strings; {@code "*"} grants every scope, unknown strings never match
 * @param sub     the token's {@code sub} when it is a string, else {@code null}
 * @param claims  the verified token payload, for per-task {@code authConfig} rules (§2.6); empty for
 *                the open principal. Values are shared Jackson nodes: treat them as read-only.
 */
public record Principal(TaskIds taskIds, Set<String> scopes, String sub, Map<String, JsonNode> claims)
        implements AuthResult {

    /** Served for every request in {@code none} mode: all tasks, scope {@code ["*"]}. */
    public static final Principal OPEN = new Principal(TaskIds.all(), Set.of(Scope.WILDCARD), null, Map.of());

    public Principal {
        scopes = Set.copyOf(scopes);
        // LinkedHashMap keeps the token's claim order for diagnostics; unmodifiable for sharing.
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    /** Whether the scopes contain {@code "*"} or the given scope. */
    public boolean hasScope(Scope scope) {
        return scopes.contains(Scope.WILDCARD) || scopes.contains(scope.value());
    }

    /** The raw value of a token claim, if the token carried it (a JSON {@code null} is present). */
    public Optional<JsonNode> claim(String name) {
        return Optional.ofNullable(claims.get(name));
    }

    /** Builds the principal from a verified JWT payload (§2.4, including its claim-type fix). */
    static Principal fromClaims(ObjectNode payload) {
        Map<String, JsonNode> claims = new LinkedHashMap<>();
        payload.properties().forEach(e -> claims.put(e.getKey(), e.getValue()));
        JsonNode sub = payload.get("sub");
        return new Principal(
                TaskIds.fromClaim(payload.get("taskIds")),
                scopesFromClaim(payload.get("scope")),
                sub != null && sub.isTextual() ? sub.textValue() : null,
                claims);
    }

    /**
     * Absent → no scope; a string → exactly that scope ({@code "*"} thus still grants everything,
     * but {@code "task:manage"} no longer grants its substring {@code "task"}); an array → its
     * string elements; any other type → no scope.
     */
    private static Set<String> scopesFromClaim(JsonNode claim) {
        if (claim == null) {
            return Set.of();
        }
        if (claim.isTextual()) {
            return Set.of(claim.textValue());
        }
        if (claim.isArray()) {
            return new LinkedHashSet<>(ClaimStrings.elements(claim));
        }
        return Set.of();
    }
}
