package dev.taskcast.engine.memory;

import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskQuery;
import dev.taskcast.spi.ShortTermCursor;
import dev.taskcast.spi.ShortTermStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The in-process short-term store (storage.md §2.2): single-instance, nothing ever expires or is
 * evicted, and every operation is atomic with respect to the others on the same task.
 *
 * <p>All per-task state lives in one {@link TaskRecord} so that each operation costs one hash
 * lookup; operations on different tasks never contend. History entries are kept in a compact
 * encoded form ({@link StoredEvent}) and decoded on read: the histories are what grows.
 */
public final class MemoryShortTermStore implements ShortTermStore {
    private final ConcurrentHashMap<String, TaskRecord> records = new ConcurrentHashMap<>();
    /** Records in the order their task was first stored: the order listTasks answers in. */
    private final Queue<TaskRecord> taskSet = new ConcurrentLinkedQueue<>();
    private final DeadlineIndex deadlines = new DeadlineIndex();

    @Override
    public boolean createTask(Task task) {
        TaskRecord record = recordFor(task.id());
        if (!record.createTask(task)) {
            return false;
        }
        taskSet.add(record);
        return true;
    }

    @Override
    public void saveTask(Task task) {
        TaskRecord record = recordFor(task.id());
        if (record.saveTask(task)) {
            taskSet.add(record);
        }
    }

    @Override
    public boolean compareAndSaveTask(Task expected, Task updated) {
        Objects.requireNonNull(expected, "expected");
        if (!expected.id().equals(updated.id())) {
            throw new IllegalArgumentException(
                    "compareAndSaveTask across ids: " + expected.id() + " -> " + updated.id());
        }
        TaskRecord record = records.get(expected.id());
        return record != null && record.compareAndSaveTask(expected, updated);
    }

    @Override
    public Optional<Task> getTask(String taskId) {
        TaskRecord record = records.get(taskId);
        return record == null ? Optional.empty() : Optional.ofNullable(record.task());
    }

    @Override
    public long nextIndex(String taskId) {
        return recordFor(taskId).nextIndex();
    }

    @Override
    public void appendEvent(String taskId, TaskEvent event) {
        recordFor(taskId).append(event);
    }

    @Override
    public List<TaskEvent> getEvents(String taskId, EventQuery query) {
        TaskRecord record = records.get(taskId);
        return record == null ? List.of()
                : ShortTermCursor.apply(new DecodedHistory(record.historySnapshot()), query);
    }

    @Override
    public Optional<TaskEvent> getSeriesLatest(String taskId, String seriesId) {
        TaskRecord record = records.get(taskId);
        return record == null ? Optional.empty() : Optional.ofNullable(record.seriesLatest(seriesId));
    }

    @Override
    public void setSeriesLatest(String taskId, String seriesId, TaskEvent event) {
        recordFor(taskId).setSeriesLatest(seriesId, event);
    }

    @Override
    public TaskEvent accumulateSeries(String taskId, String seriesId, TaskEvent event, String field) {
        return recordFor(taskId).accumulate(seriesId, event, field);
    }

    @Override
    public void replaceLastSeriesEvent(String taskId, String seriesId, TaskEvent event) {
        recordFor(taskId).replaceLatest(seriesId, event);
    }

    /** Tasks in the order they were first stored; a {@code limit} of null or below 1 means all. */
    @Override
    public List<Task> listTasks(TaskQuery query) {
        TaskQuery q = query == null ? TaskQuery.ALL : query;
        int limit = q.limit() == null || q.limit() < 1 ? Integer.MAX_VALUE : q.limit();
        List<Task> out = new ArrayList<>();
        for (TaskRecord record : taskSet) {
            if (out.size() >= limit) {
                break;
            }
            Task task = record.task();
            if (q.matches(task)) {
                out.add(task);
            }
        }
        return out;
    }

    @Override
    public void setDeadline(String taskId, long epochMs) {
        recordFor(taskId).setDeadline(epochMs, deadlines);
    }

    @Override
    public void clearDeadline(String taskId) {
        TaskRecord record = records.get(taskId);
        if (record != null) {
            record.clearDeadline(deadlines);
        }
    }

    @Override
    public List<String> dueDeadlines(long now, int limit) {
        return deadlines.due(now, limit);
    }

    /** Writes create the record; reads never do, so probing unknown ids allocates nothing. */
    private TaskRecord recordFor(String taskId) {
        TaskRecord record = records.get(taskId);
        return record != null ? record : records.computeIfAbsent(taskId, TaskRecord::new);
    }
}
