package dev.taskcast.plugin.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.EventQuery;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.SinceCursor;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.spi.DependencyHealth;
import dev.taskcast.spi.LongTermStore;
import dev.taskcast.spi.SeriesAccumulation;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The PostgreSQL long-term store (storage.md §3, §5.3, §5.4) on the original's tables. Statements are
 * those of the spec; compaction runs in one transaction that locks the series' rows
 * ({@code FOR UPDATE}) so that concurrent writers of one series, on this or another instance, lose
 * no update.
 */
public final class PostgresLongTermStore implements LongTermStore {
    /**
     * Bound on one health probe: below the readiness endpoint's own two-second deadline (http-api.md
     * §4.3), as Redis' is. At two seconds both deadlines raced, and when the endpoint's fired first
     * the readiness body named the dependency "unknown" instead of "postgres".
     */
    static final Duration HEALTH_DEADLINE = Duration.ofMillis(1500);

    static final String SAVE_TASK = "INSERT INTO taskcast_tasks (id, type, status, params, result, error, metadata,"
            + " auth_config, webhooks, cleanup, created_at, updated_at, completed_at, ttl, tags, assign_mode, cost,"
            + " assigned_worker, disconnect_policy)"
            + " VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?,"
            + " ?::jsonb, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, result = EXCLUDED.result,"
            + " error = EXCLUDED.error, metadata = EXCLUDED.metadata, updated_at = EXCLUDED.updated_at,"
            + " completed_at = EXCLUDED.completed_at, ttl = EXCLUDED.ttl, tags = EXCLUDED.tags,"
            + " assign_mode = EXCLUDED.assign_mode, cost = EXCLUDED.cost, assigned_worker = EXCLUDED.assigned_worker,"
            + " disconnect_policy = EXCLUDED.disconnect_policy"
            // §5.3 SHOULD: a terminal row is only overwritten with the same status, so a late or
            // reordered write cannot resurrect a finished task.
            + " WHERE taskcast_tasks.status NOT IN ('completed', 'failed', 'timeout', 'cancelled')"
            + " OR taskcast_tasks.status = EXCLUDED.status";

    private static final String SAVE_EVENT_PREFIX = "INSERT INTO taskcast_events (id, task_id, idx, timestamp, type,"
            + " level, data, series_id, series_mode, series_acc_field) VALUES ";
    private static final String EVENT_VALUES = "(?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)";
    private static final String ON_CONFLICT_DO_NOTHING = " ON CONFLICT (id) DO NOTHING";
    private static final int EVENT_COLUMN_COUNT = 10;
    /** Rows per multi-row insert: 10 parameters each, far below the protocol's 32767. */
    private static final int INSERT_CHUNK = 500;

    static final String SAVE_EVENT = SAVE_EVENT_PREFIX + EVENT_VALUES + ON_CONFLICT_DO_NOTHING;

    private static final String SERIES_ROWS = "SELECT id, data::text AS data FROM taskcast_events"
            + " WHERE task_id = ? AND series_id = ? AND series_mode = ? ORDER BY idx FOR UPDATE";

    private static final String UPDATE_CONTENT = "UPDATE taskcast_events SET timestamp = ?, type = ?, level = ?,"
            + " data = ?::jsonb, series_id = ?, series_mode = ?, series_acc_field = ? WHERE id = ?";

    private static final String DELETE_OTHERS = "DELETE FROM taskcast_events"
            + " WHERE task_id = ? AND series_id = ? AND series_mode = ? AND id <> ?";

    private static final int DELETE_CHUNK = 500;

    private final DbClient client;
    private final String target;

    PostgresLongTermStore(DbClient client, String target) {
        this.client = client;
        this.target = target;
    }

    /** {@code host:port/db} this store writes to (no credentials). */
    public String target() {
        return target;
    }

    @Override
    public void saveTask(Task task) {
        run(() -> client.execute().dml(SAVE_TASK, PostgresRows.taskParams(task)));
    }

    @Override
    public Optional<Task> getTask(String taskId) {
        return run(() -> client.execute()
                .get("SELECT " + PostgresRows.TASK_COLUMNS + " FROM taskcast_tasks WHERE id = ?", taskId)
                .map(PostgresRows::toTask));
    }

    @Override
    public void saveEvent(TaskEvent event) {
        run(() -> client.execute().dml(SAVE_EVENT, PostgresRows.eventParams(event.withoutSnapshotFlag())));
    }

    @Override
    public void replaceLastSeriesEvent(String taskId, String seriesId, TaskEvent event) {
        TaskEvent stored = event.withoutSnapshotFlag();
        run(() -> DbSupport.inTransaction(client, tx -> {
            List<SeriesRow> rows = seriesRows(tx, taskId, seriesId, "latest");
            if (rows.isEmpty()) {
                return tx.dml(SAVE_EVENT, PostgresRows.eventParams(stored));
            }
            return compact(tx, taskId, seriesId, "latest", rows.get(0).id(), stored);
        }));
    }

    @Override
    public TaskEvent accumulateSeries(String taskId, String seriesId, TaskEvent event, String field) {
        TaskEvent incoming = event.withoutSnapshotFlag();
        return run(() -> DbSupport.inTransaction(client, tx -> {
            List<SeriesRow> rows = seriesRows(tx, taskId, seriesId, "accumulate");
            // model.md §8.5: the previous value is the data of the series' last row.
            JsonNode previous = rows.isEmpty() ? null : rows.get(rows.size() - 1).data();
            TaskEvent accumulated = SeriesAccumulation.merge(previous, incoming, field);
            if (rows.isEmpty()) {
                tx.dml(SAVE_EVENT, PostgresRows.eventParams(accumulated));
            } else {
                compact(tx, taskId, seriesId, "accumulate", rows.get(0).id(), accumulated);
            }
            return accumulated;
        }));
    }

    /**
     * One transaction for the batch: the plain events in multi-row inserts, and each series
     * (task, series id, mode) compacted once: its rows are locked and read, its events merged in
     * Java in order with the same rules as {@link #accumulateSeries} / {@link #replaceLastSeriesEvent},
     * and the result written as those calls would leave it (the first row keeps its id and idx; a
     * new series' row takes the first event's). A batch of N events of one series costs the
     * statements of one event instead of N transactions.
     */
    @Override
    public void saveEvents(List<TaskEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<TaskEvent> plain = new ArrayList<>();
        Map<SeriesKey, List<TaskEvent>> series = new LinkedHashMap<>();
        for (TaskEvent e : events) {
            TaskEvent stored = e.withoutSnapshotFlag();
            if (stored.inSeries()) {
                series.computeIfAbsent(new SeriesKey(stored.taskId(), stored.seriesId(), stored.seriesMode()),
                        k -> new ArrayList<>()).add(stored);
            } else {
                plain.add(stored);
            }
        }
        run(() -> DbSupport.inTransaction(client, tx -> {
            for (int from = 0; from < plain.size(); from += INSERT_CHUNK) {
                insertEvents(tx, plain.subList(from, Math.min(plain.size(), from + INSERT_CHUNK)));
            }
            series.forEach((key, list) -> writeSeries(tx, key, list));
            return null;
        }));
    }

    private static void insertEvents(DbExecute tx, List<TaskEvent> rows) {
        StringBuilder sql = new StringBuilder(SAVE_EVENT_PREFIX);
        Object[] params = new Object[rows.size() * EVENT_COLUMN_COUNT];
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(EVENT_VALUES);
            System.arraycopy(PostgresRows.eventParams(rows.get(i)), 0, params, i * EVENT_COLUMN_COUNT, EVENT_COLUMN_COUNT);
        }
        tx.dml(sql.append(ON_CONFLICT_DO_NOTHING).toString(), params);
    }

    private static void writeSeries(DbTransaction tx, SeriesKey key, List<TaskEvent> events) {
        String mode = key.mode().wireName();
        List<SeriesRow> rows = seriesRows(tx, key.taskId(), key.seriesId(), mode);
        TaskEvent content;
        if (key.mode() == SeriesMode.ACCUMULATE) {
            JsonNode previous = rows.isEmpty() ? null : rows.get(rows.size() - 1).data();
            content = null;
            for (TaskEvent e : events) {
                content = SeriesAccumulation.merge(previous, e, e.accumulationField());
                previous = content.data();
            }
        } else {
            content = events.get(events.size() - 1);
        }
        if (rows.isEmpty()) {
            TaskEvent first = events.get(0);
            tx.dml(SAVE_EVENT, PostgresRows.eventParams(new TaskEvent(first.id(), first.taskId(), first.index(),
                    content.timestamp(), content.type(), content.level(), content.data(), content.seriesId(),
                    content.seriesMode(), content.seriesAccField(), null)));
        } else {
            compact(tx, key.taskId(), key.seriesId(), mode, rows.get(0).id(), content);
        }
    }

    @Override
    public List<TaskEvent> getEvents(String taskId, EventQuery query) {
        StringBuilder sql = new StringBuilder("SELECT ").append(PostgresRows.EVENT_COLUMNS)
                .append(" FROM taskcast_events WHERE task_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(taskId);
        SinceCursor since = query == null ? null : query.since();
        if (since != null && since.index() != null) {
            // Bound as float8: a fractional cursor compares as a number, NaN matches no row.
            sql.append(" AND idx > ?");
            params.add(since.index());
        } else if (since != null && since.timestamp() != null) {
            sql.append(" AND timestamp > ?");
            params.add(since.timestamp());
        } else if (since != null && since.id() != null && !since.id().isEmpty()) {
            // The anchor row is looked up by id alone, not restricted to the task (§5.4).
            sql.append(" AND idx > COALESCE((SELECT idx FROM taskcast_events WHERE id = ?), -1)");
            params.add(since.id());
        }
        sql.append(" ORDER BY idx ASC");
        Integer limit = query == null ? null : query.limit();
        if (limit != null && limit > 0) {
            sql.append(" LIMIT ?");
            params.add(limit);
        }
        return run(() -> DbSupport.list(client.execute().query(sql.toString(), params.toArray()),
                PostgresRows::toEvent));
    }

    /** The task row; its event rows go with it through the foreign key's {@code ON DELETE CASCADE}. */
    @Override
    public void deleteTask(String taskId) {
        run(() -> client.execute().dml("DELETE FROM taskcast_tasks WHERE id = ?", taskId));
    }

    /** Rows of this task only: an id of another task's row is ignored. */
    @Override
    public void deleteEvents(String taskId, Set<String> eventIds) {
        List<String> ids = List.copyOf(eventIds);
        // Chunked IN lists: one statement per chunk keeps the parameter count far below the
        // protocol's limit of 32767 bind parameters.
        for (int from = 0; from < ids.size(); from += DELETE_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + DELETE_CHUNK));
            Object[] params = new Object[chunk.size() + 1];
            params[0] = taskId;
            for (int i = 0; i < chunk.size(); i++) {
                params[i + 1] = chunk.get(i);
            }
            String placeholders = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            run(() -> client.execute().dml("DELETE FROM taskcast_events WHERE task_id = ? AND id IN ("
                    + placeholders + ")", params));
        }
    }

    /** {@code SELECT 1} within {@link #HEALTH_DEADLINE} (http-api.md §4.3). */
    @Override
    public List<DependencyHealth> checkHealth() {
        try {
            PostgresPool.within(HEALTH_DEADLINE, () -> client.execute().get("SELECT 1 AS ok"));
            return List.of(DependencyHealth.healthy(PostgresErrors.DEPENDENCY));
        } catch (TimeoutException e) {
            return List.of(DependencyHealth.unhealthy(PostgresErrors.DEPENDENCY, "timeout"));
        } catch (RuntimeException e) {
            String kind = PostgresErrors.connectionFailureKind(e);
            return List.of(DependencyHealth.unhealthy(PostgresErrors.DEPENDENCY, kind == null ? "unavailable" : kind));
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** The series' rows of one mode in index order, locked until the transaction ends. */
    private static List<SeriesRow> seriesRows(DbTransaction tx, String taskId, String seriesId, String mode) {
        return DbSupport.list(tx.query(SERIES_ROWS, taskId, seriesId, mode),
                r -> new SeriesRow(DbSupport.string(r, "id"), PostgresRows.jsonColumn(r, "data")));
    }

    /**
     * Keeps one row per series: the first row (its id and idx) takes {@code content}'s timestamp,
     * type, level, data and series fields; the series' other rows of that mode go.
     */
    private static long compact(DbExecute tx, String taskId, String seriesId, String mode, String firstId,
                                TaskEvent content) {
        Object[] set = PostgresRows.contentParams(content);
        Object[] params = new Object[set.length + 1];
        System.arraycopy(set, 0, params, 0, set.length);
        params[set.length] = firstId;
        long updated = tx.dml(UPDATE_CONTENT, params);
        tx.dml(DELETE_OTHERS, taskId, seriesId, mode, firstId);
        return updated;
    }

    /** Connection failures become {@link dev.taskcast.spi.DependencyUnavailableException}. */
    private static <T> T run(Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw PostgresErrors.translate(e);
        }
    }

    private record SeriesRow(String id, JsonNode data) {
    }

    private record SeriesKey(String taskId, String seriesId, SeriesMode mode) {
    }
}
