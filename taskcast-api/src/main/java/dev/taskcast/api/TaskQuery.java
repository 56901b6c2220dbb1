package dev.taskcast.api;

import java.util.List;

/**
 * Filter for listing tasks: statuses (wire names; unknown names match nothing), exact types, and
 * an optional maximum count. A {@code null} list means no filter on that field.
 */
public record TaskQuery(List<String> statuses, List<String> types, Integer limit) {
    public static final TaskQuery ALL = new TaskQuery(null, null, null);

    public TaskQuery {
        statuses = statuses == null ? null : List.copyOf(statuses);
        types = types == null ? null : List.copyOf(types);
    }

    public boolean matches(Task task) {
        if (statuses != null && !statuses.contains(task.status().wireName())) {
            return false;
        }
        return types == null || (task.type() != null && types.contains(task.type()));
    }
}
