package dev.taskcast.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which tasks a principal may address: every task ({@code "*"}) or exactly the listed ids.
 *
 * @param allTasks whether every task id is admitted; {@code ids} is then empty and irrelevant
 * @param ids      the admitted task ids when {@code allTasks} is false (possibly empty: nothing admitted)
 */
public record TaskIds(boolean allTasks, Set<String> ids) {

    private static final TaskIds ALL = new TaskIds(true, Set.of());
    private static final TaskIds NONE = new TaskIds(false, Set.of());

    public TaskIds {
        ids = allTasks ? Set.of() : Set.copyOf(ids);
    }

    public static TaskIds all() {
        return ALL;
    }

    public static TaskIds none() {
        return NONE;
    }

    public static TaskIds of(Collection<String> ids) {
        return new TaskIds(false, new LinkedHashSet<>(ids));
    }

    /** Exact membership: unlike the original's JavaScript {@code includes}, never a substring match. */
    public boolean admits(String taskId) {
        return allTasks || ids.contains(taskId);
    }

    /**
     * Maps the token's {@code taskIds} claim (http-api.md §2.4 with its security fix): absent or
     * {@code "*"} → all; any other string → that single id; an array → its string elements; any
     * other type (number, boolean, object, null) → nothing, so a malformed claim fails closed.
     *
     * @param claim the claim value, or {@code null} when the claim is absent
     */
    static TaskIds fromClaim(JsonNode claim) {
        if (claim == null) {
            return ALL;
        }
        if (claim.isTextual()) {
            return Scope.WILDCARD.equals(claim.textValue()) ? ALL : of(Set.of(claim.textValue()));
        }
        if (claim.isArray()) {
            return of(ClaimStrings.elements(claim));
        }
        return NONE;
    }
}
