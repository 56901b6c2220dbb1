package dev.taskcast.engine.memory;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.taskcast.api.EventQuery;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.SinceCursor;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.spi.LongTermStore;
import dev.taskcast.spi.SeriesAccumulation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A test double of the PostgreSQL long-term store (storage.md §5.3, §5.4) so that engine tests can
 * exercise the long-term paths without a database. It keeps the observable row semantics: the
 * upsert's create-only columns and terminal guard, no columns for suspended-state fields, the
 * foreign key from events to tasks, unique event ids and (task, index) pairs, {@code null} for
 * absent data, one row per compacted series keeping the first row's id and index, and the
 * index → timestamp → id cursor precedence.
 *
 * <p>Every operation holds the store's monitor, which stands in for PostgreSQL's transactions and
 * row locks.
 */
public final class MemoryLongTermStore implements LongTermStore {
    private final Map<String, Task> tasks = new HashMap<>();
    private final Map<String, TaskEvent> eventsById = new HashMap<>();

    @Override
    public synchronized void saveTask(Task task) {
        Task row = withoutColumnlessFields(task);
        Task existing = tasks.get(task.id());
        if (existing == null) {
            tasks.put(task.id(), row);
            return;
        }
        if (existing.status().isTerminal() && existing.status() != row.status()) {
            return;
        }
        tasks.put(task.id(), row.toBuilder()
                .type(existing.type())
                .params(existing.params())
                .authConfig(existing.authConfig())
                .webhooks(existing.webhooks())
                .cleanup(existing.cleanup())
                .createdAt(existing.createdAt())
                .build());
    }

    @Override
    public synchronized Optional<Task> getTask(String taskId) {
        return Optional.ofNullable(tasks.get(taskId));
    }

    @Override
    public synchronized void saveEvent(TaskEvent event) {
        insert(event);
    }

    @Override
    public synchronized void replaceLastSeriesEvent(String taskId, String seriesId, TaskEvent event) {
        List<TaskEvent> series = seriesRows(taskId, seriesId, SeriesMode.LATEST);
        if (series.isEmpty()) {
            insert(event);
        } else {
            collapseInto(series, event);
        }
    }

    @Override
    public synchronized TaskEvent accumulateSeries(String taskId, String seriesId, TaskEvent event, String field) {
        List<TaskEvent> series = seriesRows(taskId, seriesId, SeriesMode.ACCUMULATE);
        TaskEvent previous = series.isEmpty() ? null : series.get(series.size() - 1);
        TaskEvent accumulated = SeriesAccumulation.merge(previous == null ? null : previous.data(), event, field);
        if (series.isEmpty()) {
            insert(accumulated);
        } else {
            collapseInto(series, accumulated);
        }
        return accumulated;
    }

    @Override
    public synchronized List<TaskEvent> getEvents(String taskId, EventQuery query) {
        Stream<TaskEvent> rows = rowsOf(taskId).stream();
        SinceCursor since = query == null ? null : query.since();
        if (since != null) {
            if (since.index() != null) {
                double n = since.index();
                rows = rows.filter(e -> e.index() > n);
            } else if (since.timestamp() != null) {
                double t = since.timestamp();
                rows = rows.filter(e -> e.timestamp() > t);
            } else if (since.id() != null && !since.id().isEmpty()) {
                TaskEvent anchorRow = eventsById.get(since.id());
                long anchor = anchorRow == null ? -1 : anchorRow.index();
                rows = rows.filter(e -> e.index() > anchor);
            }
        }
        if (query != null && query.limit() != null) {
            rows = rows.limit(query.limit());
        }
        return rows.toList();
    }

    /** DELETE FROM tasks WHERE id = ?; the event rows go with it (ON DELETE CASCADE). */
    @Override
    public synchronized void deleteTask(String taskId) {
        if (tasks.remove(taskId) != null) {
            eventsById.values().removeIf(e -> e.taskId().equals(taskId));
        }
    }

    /** DELETE FROM events WHERE task_id = ? AND id = ANY(?). */
    @Override
    public synchronized void deleteEvents(String taskId, Set<String> eventIds) {
        for (String id : eventIds) {
            TaskEvent row = eventsById.get(id);
            if (row != null && row.taskId().equals(taskId)) {
                eventsById.remove(id);
            }
        }
    }

    /** INSERT … ON CONFLICT (id) DO NOTHING, with the foreign key and the (task_id, idx) constraint. */
    private void insert(TaskEvent event) {
        if (eventsById.containsKey(event.id())) {
            return;
        }
        if (!tasks.containsKey(event.taskId())) {
            throw new IllegalStateException("foreign key violation: no task row " + event.taskId());
        }
        boolean indexTaken = eventsById.values().stream()
                .anyMatch(e -> e.taskId().equals(event.taskId()) && e.index() == event.index());
        if (indexTaken) {
            throw new IllegalStateException("duplicate key (task_id, idx) = (" + event.taskId() + ", "
                    + event.index() + ")");
        }
        eventsById.put(event.id(), asRow(event));
    }

    /** Updates the first row of the series with {@code content} (keeping its id and index) and deletes the rest. */
    private void collapseInto(List<TaskEvent> series, TaskEvent content) {
        TaskEvent first = series.get(0);
        eventsById.put(first.id(), asRow(new TaskEvent(first.id(), first.taskId(), first.index(), content.timestamp(),
                content.type(), content.level(), content.data(), content.seriesId(), content.seriesMode(),
                content.seriesAccField(), null)));
        series.subList(1, series.size()).forEach(e -> eventsById.remove(e.id()));
    }

    private List<TaskEvent> seriesRows(String taskId, String seriesId, SeriesMode mode) {
        return rowsOf(taskId).stream()
                .filter(e -> seriesId.equals(e.seriesId()) && e.seriesMode() == mode)
                .toList();
    }

    private List<TaskEvent> rowsOf(String taskId) {
        List<TaskEvent> rows = new ArrayList<>();
        for (TaskEvent e : eventsById.values()) {
            if (e.taskId().equals(taskId)) {
                rows.add(e);
            }
        }
        rows.sort(Comparator.comparingLong(TaskEvent::index));
        return rows;
    }

    /** What reading the row back yields: SQL NULL data is JSON null, and there is no snapshot column. */
    private static TaskEvent asRow(TaskEvent event) {
        TaskEvent row = event.withoutSnapshotFlag();
        return row.data() == null ? row.withData(NullNode.getInstance()) : row;
    }

    /** §5.1: reason, resumeAt and blockedRequest have no column. */
    private static Task withoutColumnlessFields(Task task) {
        return task.toBuilder().reason(null).resumeAt(null).blockedRequest(null).build();
    }
}
