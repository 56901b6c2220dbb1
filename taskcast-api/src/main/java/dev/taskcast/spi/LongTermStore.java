package dev.taskcast.spi;

import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import java.util.List;
import java.util.Optional;

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

    /** Long-term cursor rules: index, then timestamp, then id; ordered by index. */
    List<TaskEvent> getEvents(String taskId, EventQuery query);

    @Override
    default void close() {
    }
}
