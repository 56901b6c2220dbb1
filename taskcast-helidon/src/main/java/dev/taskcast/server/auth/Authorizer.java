package dev.taskcast.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.TaskAuthConfig;
import java.util.Comparator;
import java.util.Map;

/**
 * The authorization checks of http-api.md §2.4–§2.6. A denied check answers
 * {@link AuthFailure#FORBIDDEN}.
 */
public final class Authorizer {

    /**
     * JSON equality as JavaScript sees it: numbers compare by value ({@code 1} equals {@code 1.0},
     * which Jackson's IntNode and DoubleNode do not), everything else structurally (object member
     * order is irrelevant, array order matters). Comparing as doubles is deliberate: JSON numbers
     * are doubles to token issuers written in JavaScript, so integers beyond 2^53 that they cannot
     * tell apart are equal here too. Jackson only asks "== 0", so non-equal is simply 1.
     */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private Authorizer() {
    }

    /**
     * The global check (§2.4): when a task id is given and the principal is restricted to listed
     * tasks, the id must be one of them; then the scopes must contain {@code "*"} or the required scope.
     *
     * @param taskId the addressed task, or {@code null} for endpoints without a task-id check
     */
    public static boolean allowed(Principal principal, Scope required, String taskId) {
        if (taskId != null && !principal.taskIds().admits(taskId)) {
            return false;
        }
        return principal.hasScope(required);
    }

    /** Whether the task belongs in the principal's {@code GET /tasks} listing (§2.5). */
    public static boolean admitsTask(Principal principal, String taskId) {
        return principal.taskIds().admits(taskId);
    }

    /**
     * The per-task rules (§2.6), checked after {@link #allowed} passed and the task was found.
     * Every rule whose {@code match.scope} contains the required scope or {@code "*"} must hold:
     * {@code require.sub}, when present, must list the token's {@code sub}; each
     * {@code require.claims} entry must equal the token claim of that name.
     * Only call this when {@link Authenticator#enforcesTaskAuthConfig()}: in {@code none} mode
     * there is no identity to check.
     *
     * @param config the task's typed {@code authConfig}; {@code null} or no rules → allowed
     */
    public static boolean satisfiesTaskAuthConfig(Principal principal, Scope required, TaskAuthConfig config) {
        if (config == null) {
            return true;
        }
        for (TaskAuthConfig.Rule rule : config.rules()) {
            if (matches(rule, required) && !satisfies(principal, rule)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(TaskAuthConfig.Rule rule, Scope required) {
        return rule.matchScopes().contains(Scope.WILDCARD) || rule.matchScopes().contains(required.value());
    }

    private static boolean satisfies(Principal principal, TaskAuthConfig.Rule rule) {
        if (rule.requiredSubs() != null
                && (principal.sub() == null || !rule.requiredSubs().contains(principal.sub()))) {
            return false;
        }
        for (Map.Entry<String, JsonNode> required : rule.requiredClaims().entrySet()) {
            JsonNode actual = principal.claims().get(required.getKey());
            if (actual == null || !required.getValue().equals(NUMBERS_BY_VALUE, actual)) {
                return false;
            }
        }
        return true;
    }
}
