package dev.taskcast.spi;

import dev.taskcast.api.EventQuery;
import dev.taskcast.api.SinceCursor;
import dev.taskcast.api.TaskEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The short-term store's cursor and limit rules (model.md §9.5), shared by every short-term store
 * that reads a whole history list and filters it in the server.
 */
public final class ShortTermCursor {
    private ShortTermCursor() {
    }

    /**
     * Apply {@code query} to a history in list order: only the first present cursor among a
     * non-empty id, index, timestamp is used; an unknown id filters nothing; NaN matches nothing;
     * then the first {@code limit} events are kept.
     */
    public static List<TaskEvent> apply(List<TaskEvent> history, EventQuery query) {
        List<TaskEvent> selected = history;
        SinceCursor since = query == null ? null : query.since();
        if (since != null) {
            if (since.id() != null && !since.id().isEmpty()) {
                int pos = -1;
                for (int i = 0; i < history.size(); i++) {
                    if (since.id().equals(history.get(i).id())) {
                        pos = i;
                        break;
                    }
                }
                selected = pos < 0 ? history : history.subList(pos + 1, history.size());
            } else if (since.index() != null) {
                double n = since.index();
                selected = new ArrayList<>();
                for (TaskEvent e : history) {
                    if (e.index() > n) {
                        selected.add(e);
                    }
                }
            } else if (since.timestamp() != null) {
                double t = since.timestamp();
                selected = new ArrayList<>();
                for (TaskEvent e : history) {
                    if (e.timestamp() > t) {
                        selected.add(e);
                    }
                }
            }
        }
        Integer limit = query == null ? null : query.limit();
        if (limit != null && limit < selected.size()) {
            selected = selected.subList(0, limit);
        }
        return List.copyOf(selected);
    }
}
