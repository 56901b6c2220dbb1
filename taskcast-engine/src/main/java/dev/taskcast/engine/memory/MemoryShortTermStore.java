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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The in-process short-term store (storage.md §2.2): single-instance, nothing ever expires or is
 * evicted, and every operation is atomic with respect to the others on the same task.
 *
 * <p>All per-task state lives in one {@link TaskRecord} so that each operation costs one hash
 * lookup; operations on different tasks never contend. History entries are kept in a compact
 * encoded form ({@link StoredEvent}) and decoded on read: the histories are what grows.
 *
 * <p>The delete operations of the cleanup sweep drop a record once it is empty (see
 * {@link TaskRecord}), so deleted tasks cost nothing afterwards.
 */
public final class MemoryShortTermStore implements ShortTermStore {
    private final ConcurrentHashMap<String, TaskRecord> records = new ConcurrentHashMap<>();
    /** Records in the order their task was first stored: the order listTasks answers in. */
    private final Queue<TaskRecord> taskSet = new ConcurrentLinkedQueue<>();
    private final DeadlineIndex deadlines = new DeadlineIndex();

    @Override
    public boolean createTask(Task task) {
        return write(task.id(), record -> {
            if (!record.createTask(task)) {
                return false;
            }
            taskSet.add(record);
            return true;
        });
    }

    @Override
    public void saveTask(Task task) {
        write(task.id(), record -> {
            if (record.saveTask(task)) {
                taskSet.add(record);
            }
            return null;
        });
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
        return write(taskId, TaskRecord::nextIndex);
    }

    @Override
    public long[] nextIndexes(String taskId, int count) {
        return write(taskId, record -> record.nextIndexes(count));
    }

    @Override
    public void appendEvent(String taskId, TaskEvent event) {
        write(taskId, record -> {
            record.append(event);
            return null;
        });
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
        write(taskId, record -> {
            record.setSeriesLatest(seriesId, event);
            return null;
        });
    }

    @Override
    public TaskEvent accumulateSeries(String taskId, String seriesId, TaskEvent event, String field) {
        return write(taskId, record -> record.accumulate(seriesId, event, field));
    }

    /** Both writes under the record's monitor; the accumulated event is built only on demand. */
    @Override
    public Supplier<TaskEvent> appendAccumulated(String taskId, String seriesId, TaskEvent event, String field) {
        return write(taskId, record -> record.appendAccumulated(seriesId, event, field));
    }

    @Override
    public void replaceLastSeriesEvent(String taskId, String seriesId, TaskEvent event) {
        write(taskId, record -> {
            record.replaceLatest(seriesId, event);
            return null;
        });
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
            if (task != null && q.matches(task)) {
                out.add(task);
            }
        }
        return out;
    }

    @Override
    public void setDeadline(String taskId, long epochMs) {
        write(taskId, record -> {
            record.setDeadline(epochMs, deadlines);
            return null;
        });
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

    @Override
    public void deleteTask(String taskId) {
        TaskRecord record = records.get(taskId);
        if (record == null) {
            return;
        }
        synchronized (record) {
            record.deleteTask(deadlines);
            // Inside the monitor, like the add in createTask/saveTask, so the set and the task agree.
            taskSet.remove(record);
            dropIfEmpty(taskId, record);
        }
    }

    @Override
    public void deleteEvents(String taskId, Set<String> eventIds) {
        TaskRecord record = records.get(taskId);
        if (record == null || eventIds.isEmpty()) {
            return;
        }
        synchronized (record) {
            record.deleteEvents(eventIds);
            dropIfEmpty(taskId, record);
        }
    }

    @Override
    public void deleteHistory(String taskId) {
        TaskRecord record = records.get(taskId);
        if (record == null) {
            return;
        }
        synchronized (record) {
            record.deleteHistory();
            dropIfEmpty(taskId, record);
        }
    }

    /** Task ids the store holds anything for (tests: deleted tasks must leave nothing behind). */
    int recordCount() {
        return records.size();
    }

    /** The caller holds {@code record}'s monitor. */
    private void dropIfEmpty(String taskId, TaskRecord record) {
        if (record.retireIfEmpty()) {
            records.remove(taskId, record);
        }
    }

    /**
     * Runs a write on the id's record under its monitor. A record that a delete retired between
     * the lookup and the lock is already out of the map: look the id up again, which creates a
     * fresh record, rather than write into one nobody can see.
     */
    private <T> T write(String taskId, Function<TaskRecord, T> operation) {
        while (true) {
            TaskRecord record = recordFor(taskId);
            synchronized (record) {
                if (!record.isRetired()) {
                    return operation.apply(record);
                }
            }
        }
    }

    /** Writes create the record; reads never do, so probing unknown ids allocates nothing. */
    private TaskRecord recordFor(String taskId) {
        TaskRecord record = records.get(taskId);
        return record != null ? record : records.computeIfAbsent(taskId, TaskRecord::new);
    }
}
