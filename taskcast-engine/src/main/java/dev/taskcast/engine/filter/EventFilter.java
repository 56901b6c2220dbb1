package dev.taskcast.engine.filter;

import dev.taskcast.api.SubscribeFilter;
import dev.taskcast.api.TaskEvent;
import java.util.List;

/** Type wildcards, level and status filtering of model.md §9.2–§9.3. */
public final class EventFilter {
    private EventFilter() {
    }

    /**
     * {@code patterns == null} matches everything, an empty list nothing. {@code *} matches all;
     * {@code prefix.*} matches types starting with {@code prefix.}; anything else is exact.
     */
    public static boolean matchesType(String type, List<String> patterns) {
        if (patterns == null) {
            return true;
        }
        for (String p : patterns) {
            if (p.equals("*") || p.equals(type)) {
                return true;
            }
            if (p.endsWith(".*") && type.startsWith(p.substring(0, p.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    public static boolean matches(TaskEvent event, SubscribeFilter filter) {
        if (filter == null) {
            return true;
        }
        if (!filter.includesStatus() && TaskEvent.STATUS_TYPE.equals(event.type())) {
            return false;
        }
        if (!matchesType(event.type(), filter.types())) {
            return false;
        }
        return filter.levels() == null || filter.levels().contains(event.level().wireName());
    }
}
