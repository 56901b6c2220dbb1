package dev.taskcast.engine.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.spi.SeriesAccumulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything the memory store keeps about one task id: the task, its index counter, its history,
 * its series pointers and its deadline. Keeping them in one small object means one map lookup per
 * store operation instead of one entry in each of five maps.
 *
 * <p>A record may exist without a task: indexes, events and pointers can be written for an id
 * whose task was never saved, exactly as the Redis layout allows.
 *
 * <p>A record emptied by the delete operations is <em>retired</em> and dropped from the store's
 * map, so that cleaned-up tasks leave nothing behind; the store never writes to a retired record
 * (it looks the id up again), so a write racing the removal lands in a fresh record instead of
 * being lost.
 *
 * <p>Every mutation is guarded by the record's monitor. The guarded sections only touch memory and
 * never block, which is the case where {@code synchronized} suits virtual threads (JEP 444), and it
 * costs no extra object per task, unlike a {@code ReentrantLock}.
 */
final class TaskRecord {
    private final String taskId;
    /** Read without the monitor by getTask and listTasks; written only under it. */
    private volatile Task task;
    private long nextIndex;
    private final ArrayList<StoredEvent> history = new ArrayList<>();
    /**
     * Created on the first pointer: most tasks never use a series. A value is the pointer's
     * {@link TaskEvent}, or an {@link Accumulation} for an accumulate series whose text is kept in place.
     */
    private Map<String, Object> seriesPointers;
    /** The entry this task currently has in the deadline index, if any. */
    private Deadline deadline;
    /** Set (under the monitor) when the record was emptied and dropped from the store's map. */
    private boolean retired;

    TaskRecord(String taskId) {
        this.taskId = taskId;
    }

    Task task() {
        return task;
    }

    /** Sets the task only if there is none; returns whether it did. */
    synchronized boolean createTask(Task newTask) {
        if (task != null) {
            return false;
        }
        task = newTask;
        return true;
    }

    /** Replaces the task; returns whether the id had no task before (so it is new to the task set). */
    synchronized boolean saveTask(Task newTask) {
        boolean first = task == null;
        task = newTask;
        return first;
    }

    /** Replaces the task only if it still equals {@code expected} by value. */
    synchronized boolean compareAndSaveTask(Task expected, Task updated) {
        if (task == null || !task.equals(expected)) {
            return false;
        }
        task = updated;
        return true;
    }

    synchronized long nextIndex() {
        return nextIndex++;
    }

    synchronized long[] nextIndexes(int count) {
        long[] indexes = new long[count];
        for (int i = 0; i < count; i++) {
            indexes[i] = nextIndex++;
        }
        return indexes;
    }

    synchronized void append(TaskEvent event) {
        history.add(encode(event));
    }

    /** The history as of now; decoding and cursor filtering then run without holding the monitor. */
    synchronized StoredEvent[] historySnapshot() {
        return history.toArray(new StoredEvent[0]);
    }

    synchronized TaskEvent seriesLatest(String seriesId) {
        return seriesPointers == null ? null : pointerEvent(seriesPointers.get(seriesId));
    }

    synchronized void setSeriesLatest(String seriesId, TaskEvent event) {
        pointers().put(seriesId, event);
    }

    /** model.md §8.2 read-merge-write of the pointer, atomic with respect to every other writer. */
    synchronized TaskEvent accumulate(String seriesId, TaskEvent event, String field) {
        return pointerEvent(mergeIntoPointer(seriesId, event, null, field));
    }

    /**
     * {@link #accumulate} and {@link #append} under one monitor. The accumulated event is built
     * only if the supplier is called, from the text as it was at this call (it only grows, so
     * that is a prefix of the current text).
     */
    synchronized Supplier<TaskEvent> appendAccumulated(String seriesId, TaskEvent event, String field) {
        StoredEvent stored = encode(event);
        history.add(stored);
        Object pointer = mergeIntoPointer(seriesId, event, stored, field);
        if (pointer instanceof Accumulation a) {
            int length = a.text.length();
            return () -> {
                synchronized (this) {
                    return a.build(event, length);
                }
            };
        }
        TaskEvent accumulated = (TaskEvent) pointer;
        return () -> accumulated;
    }

    /**
     * The §8.2 merge with the result stored as the pointer: appended in place when the pointer
     * already accumulates {@code field} and the event brings text for it, otherwise computed by
     * {@link SeriesAccumulation#merge} and stored, in place from then on when it holds text.
     * Returns the new pointer value. {@code stored} is the event's history entry if it has one
     * (the pointer then shares it).
     */
    private Object mergeIntoPointer(String seriesId, TaskEvent event, StoredEvent stored, String field) {
        Map<String, Object> pointers = pointers();
        Object current = pointers.get(seriesId);
        String next = textAt(event.data(), field);
        StoredEvent latest = stored != null ? stored : next == null ? null : StoredEvent.of(event, taskId, null);
        if (current instanceof Accumulation a && next != null && a.field.equals(field)) {
            a.text.append(next);
            a.latest = latest;
            return a;
        }
        TaskEvent previous = pointerEvent(current);
        TaskEvent accumulated = SeriesAccumulation.merge(previous == null ? null : previous.data(), event, field);
        Object pointer = next == null ? accumulated
                : new Accumulation(field, accumulated.data().get(field).textValue(), latest);
        pointers.put(seriesId, pointer);
        return pointer;
    }

    /** The text at {@code field} of an object {@code data}, else {@code null}. */
    private static String textAt(JsonNode data, String field) {
        JsonNode value = data != null && data.isObject() ? data.get(field) : null;
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static TaskEvent pointerEvent(Object pointer) {
        return pointer instanceof Accumulation a ? a.build(a.latest.toEvent(), a.text.length()) : (TaskEvent) pointer;
    }

    private static String pointerId(Object pointer) {
        return pointer instanceof Accumulation a ? a.latest.id() : ((TaskEvent) pointer).id();
    }

    /**
     * An accumulate-series pointer kept in place: the series' latest event (its history entry when
     * it has one, so the pointer costs no copy of it) and the accumulated
     * text of its accumulation field, which is only ever appended to. The pointer event of
     * model.md §8.2 (the latest event's data with that field replaced by the text) is built when
     * read. Concatenating into a new string per event would copy the whole text every time, which
     * is quadratic over a long stream of deltas. Guarded by the record's monitor.
     */
    private static final class Accumulation {
        final String field;
        final StringBuilder text;
        StoredEvent latest;

        Accumulation(String field, String text, StoredEvent latest) {
            this.field = field;
            this.text = new StringBuilder(text.length() + 16).append(text);
            this.latest = latest;
        }

        /** The pointer event when {@code event} was the latest and the text had {@code length} chars. */
        TaskEvent build(TaskEvent event, int length) {
            ObjectNode data = ((ObjectNode) event.data()).deepCopy();
            data.put(field, text.substring(0, length)); // an existing key keeps its position
            return event.withData(data);
        }
    }

    /**
     * model.md §8.3: the pointer's event is replaced where it sits in the history (searching from
     * the end, where it most likely is); without a pointer the event is appended. If the pointer's
     * event is not in the history nothing is written to it. The pointer becomes the event.
     */
    synchronized void replaceLatest(String seriesId, TaskEvent event) {
        Object previous = pointers().get(seriesId);
        if (previous == null) {
            history.add(encode(event));
        } else {
            String previousId = pointerId(previous);
            for (int i = history.size() - 1; i >= 0; i--) {
                if (history.get(i).id().equals(previousId)) {
                    history.set(i, encode(event));
                    break;
                }
            }
        }
        seriesPointers.put(seriesId, event);
    }

    /** Moves this task's entry in {@code index} to {@code epochMs}. */
    synchronized void setDeadline(long epochMs, DeadlineIndex index) {
        Deadline next = new Deadline(epochMs, taskId);
        if (next.equals(deadline)) {
            return;
        }
        if (deadline != null) {
            index.remove(deadline);
        }
        index.add(next);
        deadline = next;
    }

    synchronized void clearDeadline(DeadlineIndex index) {
        if (deadline != null) {
            index.remove(deadline);
            deadline = null;
        }
    }

    /** Removes the task and its deadline; history, pointers and counter stay (storage SPI deleteTask). */
    synchronized void deleteTask(DeadlineIndex index) {
        task = null;
        clearDeadline(index);
    }

    /** Removes the history entries and the series pointers whose event id is in {@code ids}. */
    synchronized void deleteEvents(Set<String> ids) {
        if (history.removeIf(e -> ids.contains(e.id())) && history.isEmpty()) {
            history.trimToSize();
        }
        if (seriesPointers != null) {
            seriesPointers.values().removeIf(p -> ids.contains(pointerId(p)));
            if (seriesPointers.isEmpty()) {
                seriesPointers = null;
            }
        }
    }

    /** Removes the whole history, every series pointer and the index counter. */
    synchronized void deleteHistory() {
        history.clear();
        history.trimToSize();
        seriesPointers = null;
        nextIndex = 0;
    }

    /**
     * Marks the record retired if nothing is left in it; the caller holds the monitor and drops a
     * retired record from the store's map while still holding it.
     */
    boolean retireIfEmpty() {
        if (task == null && history.isEmpty() && seriesPointers == null && deadline == null && nextIndex == 0) {
            retired = true;
        }
        return retired;
    }

    /** Whether the record was dropped from the store; the caller holds the monitor. */
    boolean isRetired() {
        return retired;
    }

    private StoredEvent encode(TaskEvent event) {
        return StoredEvent.of(event, taskId, history.isEmpty() ? null : history.get(history.size() - 1));
    }

    private Map<String, Object> pointers() {
        if (seriesPointers == null) {
            // Most tasks have one or two series; start small instead of the default 16 buckets.
            seriesPointers = new HashMap<>(4);
        }
        return seriesPointers;
    }
}
