package dev.taskcast.api;

/**
 * A history query: an optional cursor and an optional limit that keeps the <em>first</em> N
 * events after the cursor (model.md §9.5).
 */
public record EventQuery(SinceCursor since, Integer limit) {
    public static final EventQuery ALL = new EventQuery(null, null);

    public EventQuery {
        if (limit != null && limit <= 0) {
            limit = null;
        }
    }

    public static EventQuery since(SinceCursor since) {
        return new EventQuery(since, null);
    }
}
