package dev.taskcast.engine.filter;

import dev.taskcast.api.SubscribeFilter;
import dev.taskcast.api.TaskEvent;
import java.util.ArrayList;
import java.util.List;

/** {@code applyFilteredIndex} of model.md §9.4. */
public final class FilteredIndex {
    private FilteredIndex() {
    }

    /**
     * Numbers matching events 0, 1, 2, ... in list order, then drops those numbered at or below
     * {@code filter.since.index} (their numbers stay used). A NaN cursor drops nothing.
     */
    public static List<FilteredEvent> apply(List<TaskEvent> events, SubscribeFilter filter) {
        Double sinceIndex = filter == null || filter.since() == null ? null : filter.since().index();
        List<FilteredEvent> out = new ArrayList<>();
        long next = 0;
        for (TaskEvent e : events) {
            if (!EventFilter.matches(e, filter)) {
                continue;
            }
            long n = next++;
            if (sinceIndex != null && n <= sinceIndex) {
                continue;
            }
            out.add(new FilteredEvent(e, n));
        }
        return out;
    }

    /** How many events of the list match the filter, ignoring any since cursor. */
    public static long countMatching(List<TaskEvent> events, SubscribeFilter filter) {
        long n = 0;
        for (TaskEvent e : events) {
            if (EventFilter.matches(e, filter)) {
                n++;
            }
        }
        return n;
    }
}
