package dev.taskcast.engine.cleanup;

import dev.taskcast.api.CleanupRule;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.engine.filter.EventFilter;
import java.util.ArrayList;
import java.util.List;

/** The pure cleanup matching functions of webhooks-hooks-cleanup.md §3.2. */
public final class CleanupMatching {
    private CleanupMatching() {
    }

    /** Whether {@code rule} applies to {@code task} at {@code now}; non-terminal tasks never match. */
    public static boolean matchesRule(Task task, CleanupRule rule, long now) {
        if (!task.isTerminal()) {
            return false;
        }
        if (rule.statuses() != null && !rule.statuses().contains(task.status().wireName())) {
            return false;
        }
        if (rule.taskTypes() != null && (task.type() == null || !EventFilter.matchesType(task.type(), rule.taskTypes()))) {
            return false;
        }
        if (rule.afterMs() != null) {
            long since = task.completedAt() != null ? task.completedAt() : task.updatedAt();
            return now - since >= rule.afterMs();
        }
        return true;
    }

    /**
     * The events a rule deletes: all of them without an event filter; otherwise those matching
     * every criterion present (an event without a series mode is not excluded by {@code seriesMode}).
     */
    public static List<TaskEvent> eventsToDelete(List<TaskEvent> events, CleanupRule rule, Long completedAt) {
        CleanupRule.EventFilter f = rule.eventFilter();
        if (f == null) {
            return List.copyOf(events);
        }
        List<TaskEvent> out = new ArrayList<>();
        for (TaskEvent e : events) {
            if (f.types() != null && !EventFilter.matchesType(e.type(), f.types())) {
                continue;
            }
            if (f.levels() != null && !f.levels().contains(e.level().wireName())) {
                continue;
            }
            if (f.seriesModes() != null && e.seriesMode() != null && !f.seriesModes().contains(e.seriesMode().wireName())) {
                continue;
            }
            if (f.olderThanMs() != null && completedAt != null && e.timestamp() >= completedAt - f.olderThanMs()) {
                continue;
            }
            out.add(e);
        }
        return out;
    }
}
