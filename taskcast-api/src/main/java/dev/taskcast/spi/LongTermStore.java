package dev.taskcast.spi;

import dev.taskcast.api.EventQuery;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Durable archive of tasks and compacted events (storage.md §3). */
public interface LongTermStore extends HealthReporting, AutoCloseable {
    /** Upsert. */
    void saveTask(Task task);

    Optional<Task> getTask(String taskId);

    /** Insert; an event whose id already exists is silently ignored. */
    void saveEvent(TaskEvent event);

    /** Latest-series compaction: one row per series keeping the first row's id and index. */
    void replaceLastSeriesEvent(String taskId, String seriesId, TaskEvent event);

    /** Accumulate-series compaction; returns the accumulated event as stored. */
    TaskEvent accumulateSeries(String taskId, String seriesId, TaskEvent event, String field);

    /**
     * The archive write of one emitted event, chosen by its series mode (model.md §8.5):
     * {@link #accumulateSeries} for an accumulate series, {@link #replaceLastSeriesEvent} for a
     * latest series, {@link #saveEvent} otherwise. Static, not a default method: a wrapper (the
     * server's store timing) sees the call the store actually receives.
     */
    static void archive(LongTermStore store, TaskEvent event) {
        if (event.inSeries() && event.seriesMode() == SeriesMode.ACCUMULATE) {
            store.accumulateSeries(event.taskId(), event.seriesId(), event, event.accumulationField());
        } else if (event.inSeries() && event.seriesMode() == SeriesMode.LATEST) {
            store.replaceLastSeriesEvent(event.taskId(), event.seriesId(), event);
        } else {
            store.saveEvent(event);
        }
    }

    /**
     * Writes emitted events, given in emission order (per task), with exactly the outcome of one
     * {@link #archive} call each in that order, but all or nothing: when it throws, none of them is
     * stored. The archive writer hands over what it has queued, so a store can write many events
     * in one transaction (a series' compaction once for all its events). Default: unsupported, and
     * the writer then makes the single calls.
     *
     * @throws UnsupportedOperationException if the store does not write batches (the default)
     */
    default void saveEvents(List<TaskEvent> events) {
        throw unsupported("saveEvents");
    }

    /** Long-term cursor rules: index, then timestamp, then id; ordered by index. */
    List<TaskEvent> getEvents(String taskId, EventQuery query);

    // ---- deletion (cleanup rules, webhooks-hooks-cleanup.md §3.3) ---------------------------
    //
    // Called by the cleanup sweep, possibly from several instances at once: both must be
    // idempotent (deleting what is already gone is a no-op) and leave every other task untouched.
    // They are default methods so that stores written before they existed still compile; such a
    // store cannot execute cleanup rules that touch the long-term store.

    /**
     * Removes the task row and every event row of the task (in PostgreSQL the events go by the
     * foreign key's {@code ON DELETE CASCADE}): afterwards {@link #getTask} answers empty and
     * {@link #getEvents} answers no event. Unknown ids are a no-op.
     *
     * @throws UnsupportedOperationException if the store does not support deletion (the default)
     */
    default void deleteTask(String taskId) {
        throw unsupported("deleteTask");
    }

    /**
     * Removes the task's event rows whose id is in {@code eventIds} (for a compacted series, the
     * one row that carries the series' first id). Ids that belong to no row of this task, including
     * rows of other tasks, are ignored; the task row is kept.
     *
     * @throws UnsupportedOperationException if the store does not support deletion (the default)
     */
    default void deleteEvents(String taskId, Set<String> eventIds) {
        throw unsupported("deleteEvents");
    }

    private UnsupportedOperationException unsupported(String operation) {
        return new UnsupportedOperationException(operation + " is not supported by " + getClass().getName());
    }

    @Override
    default void close() {
    }
}
