package dev.taskcast.spi;

import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskQuery;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Task state and the ordered event history (storage.md §2). Operations marked atomic must be
 * atomic across every instance sharing the store.
 */
public interface ShortTermStore extends HealthReporting, AutoCloseable {

    /** Insert only if no task with this id exists (atomic). Returns whether it was inserted. */
    boolean createTask(Task task);

    /** Replace the stored task and register its id in the task set. */
    void saveTask(Task task);

    /**
     * Atomically replace {@code expected} by {@code updated}: succeeds only if the stored task is
     * still exactly {@code expected} (compared as JSON). Returns whether the write happened.
     */
    boolean compareAndSaveTask(Task expected, Task updated);

    Optional<Task> getTask(String taskId);

    /** Atomically allocate the task's next event index: 0, 1, 2, ... */
    long nextIndex(String taskId);

    /**
     * Allocates the task's next {@code count} indexes, in order, for a batch publish: as
     * {@code count} calls of {@link #nextIndex}, but a store may take them at once (Redis: one
     * {@code INCRBY} instead of a round trip per event). Default: those calls.
     */
    default long[] nextIndexes(String taskId, int count) {
        long[] indexes = new long[count];
        for (int i = 0; i < count; i++) {
            indexes[i] = nextIndex(taskId);
        }
        return indexes;
    }

    /**
     * The publish path's first step: the task, and when it can take events (not terminal) its next
     * {@code count} indexes, allocated as {@link #nextIndexes} allocates them. A store may take both
     * in one step (Redis: one script instead of two round trips). Empty when this store does not
     * hold the task; a terminal task comes with no indexes, and allocates none.
     */
    default Optional<IndexedTask> reserveIndexes(String taskId, int count) {
        Optional<Task> task = getTask(taskId);
        if (task.isEmpty() || task.get().isTerminal()) {
            return task.map(t -> new IndexedTask(t, new long[0]));
        }
        return Optional.of(new IndexedTask(task.get(), nextIndexes(taskId, count)));
    }

    /** A task as read by {@link #reserveIndexes} and the indexes allocated for its new events. */
    record IndexedTask(Task task, long[] indexes) {
    }

    /** Append to the task's ordered history. */
    void appendEvent(String taskId, TaskEvent event);

    /** History in list order with the short-term cursor rules and first-N limit (model.md §9.5). */
    List<TaskEvent> getEvents(String taskId, EventQuery query);

    Optional<TaskEvent> getSeriesLatest(String taskId, String seriesId);

    void setSeriesLatest(String taskId, String seriesId, TaskEvent event);

    /**
     * Atomically merge {@code event} into the series pointer (model.md §8.2, see
     * {@link SeriesAccumulation}), store the result as the pointer and return it.
     */
    TaskEvent accumulateSeries(String taskId, String seriesId, TaskEvent event, String field);

    /**
     * The store step of publishing an accumulate-series event (model.md §8.2): {@link
     * #accumulateSeries} then {@link #appendEvent} of {@code event} as published. Returns the
     * accumulated event as of this call; a store may build it only when the supplier is first
     * called (the memory store appends the text in place and most publishes never ask), so the
     * supplier must answer the same value however late it is called. A store may also do both
     * writes in one round trip. Default: the two calls, and the accumulated event at once.
     */
    default Supplier<TaskEvent> appendAccumulated(String taskId, String seriesId, TaskEvent event, String field) {
        TaskEvent accumulated = accumulateSeries(taskId, seriesId, event, field);
        appendEvent(taskId, event);
        return () -> accumulated;
    }

    /**
     * Latest-series replacement (model.md §8.3): replace the pointer's event in place in the
     * history (or append when there is no pointer), then make {@code event} the pointer.
     */
    void replaceLastSeriesEvent(String taskId, String seriesId, TaskEvent event);

    List<Task> listTasks(TaskQuery query);

    /** Arm (or move) the task's TTL deadline, epoch milliseconds. */
    void setDeadline(String taskId, long epochMs);

    void clearDeadline(String taskId);

    /** Ids of tasks whose deadline is at or before {@code now}, earliest first, at most {@code limit}. */
    List<String> dueDeadlines(long now, int limit);

    // ---- deletion (cleanup rules, webhooks-hooks-cleanup.md §3.3) ---------------------------
    //
    // The cleanup sweep calls these on terminal tasks only, possibly from several instances at
    // once: every one of them must be idempotent (deleting what is already gone is a no-op) and
    // must leave every other task untouched. They are default methods so that stores written
    // before they existed still compile; such a store cannot execute cleanup rules.

    /**
     * Removes the task record: the stored task (so {@link #getTask} answers empty and
     * {@link #compareAndSaveTask} fails), its id in the task set (so {@link #listTasks} no longer
     * returns it) and its TTL deadline (so {@link #dueDeadlines} no longer returns it). The
     * history, the series pointers and the index counter are left as they are
     * ({@link #deleteHistory} removes those). A task saved again under the same id afterwards is
     * a new entry of the task set. Unknown ids are a no-op.
     *
     * @throws UnsupportedOperationException if the store does not support deletion (the default)
     */
    default void deleteTask(String taskId) {
        throw unsupported("deleteTask");
    }

    /**
     * Removes from the task's history every event whose id is in {@code eventIds}, keeping the
     * others in their order, and drops every series pointer that points at one of those ids (so
     * {@link #getSeriesLatest} answers empty for that series). Ids that are not in the history
     * are ignored; the index counter is not changed.
     *
     * @throws UnsupportedOperationException if the store does not support deletion (the default)
     */
    default void deleteEvents(String taskId, Set<String> eventIds) {
        throw unsupported("deleteEvents");
    }

    /**
     * Removes the task's whole history, all its series pointers and its index counter (the next
     * {@link #nextIndex} answers 0 again). The task record itself is left as it is
     * ({@link #deleteTask} removes that). Unknown ids are a no-op.
     *
     * @throws UnsupportedOperationException if the store does not support deletion (the default)
     */
    default void deleteHistory(String taskId) {
        throw unsupported("deleteHistory");
    }

    private UnsupportedOperationException unsupported(String operation) {
        return new UnsupportedOperationException(operation + " is not supported by " + getClass().getName());
    }

    @Override
    default void close() {
    }
}
