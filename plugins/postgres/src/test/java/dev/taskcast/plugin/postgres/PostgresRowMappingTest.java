package dev.taskcast.plugin.postgres;

import static dev.taskcast.engine.storage.contract.StorageFixtures.T0;
import static dev.taskcast.engine.storage.contract.StorageFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskError;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rows written by the original (raw SQL in its encoding) read back correctly, and rows this store
 * writes look like the original's (storage.md §5.1, §5.3, §5.4).
 */
class PostgresRowMappingTest {
    private static TestDatabase db;
    private static PostgresLongTermStore store;

    @BeforeAll
    static void open() {
        db = TestDatabase.create();
        db.migrate();
        store = (PostgresLongTermStore) new PostgresLongTermStoreFactory().create(db.context());
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aTaskRowWithNullsAndJsonbReadsAsTheTask() {
        db.sql("INSERT INTO taskcast_tasks (id, type, status, params, result, error, metadata, auth_config, webhooks,"
                + " cleanup, created_at, updated_at, completed_at, ttl, tags, assign_mode, cost, assigned_worker,"
                + " disconnect_policy) VALUES ('orig-1', NULL, 'failed', '{\"zz\":1,\"a\":{\"y\":[1,2.5,null],\"x\":true}}',"
                + " NULL, '{\"message\":\"boom\",\"code\":\"E1\"}', NULL, NULL, '[]', NULL, 1700000000000, 1700000000042,"
                + " 1700000000042, 60, '[\"gpu\"]', NULL, NULL, NULL, NULL)");

        Task expected = Task.builder("orig-1", TaskStatus.FAILED, 1_700_000_000_000L)
                .params(json("{\"a\":{\"x\":true,\"y\":[1,2.5,null]},\"zz\":1}"))
                .error(new TaskError("E1", "boom", null))
                .webhooks(json("[]"))
                .updatedAt(1_700_000_000_042L).completedAt(1_700_000_000_042L).ttl(60).tags(List.of("gpu"))
                .build();
        assertEquals(Optional.of(expected), store.getTask("orig-1"), "NULL columns are absent fields");
    }

    @Test
    void anEventRowWithNullDataReadsAsJsonNullAndNullSeriesColumnsAsAbsent() {
        db.sql(taskRow("orig-2"),
                "INSERT INTO taskcast_events (id, task_id, idx, timestamp, type, level, data, series_id, series_mode,"
                        + " series_acc_field) VALUES"
                        + " ('e0', 'orig-2', 0, 1700000000001, 'taskcast:status', 'info', NULL, NULL, NULL, NULL),"
                        + " ('e1', 'orig-2', 1, 1700000000002, 'llm.delta', 'debug', '{\"delta\":\"Hello\"}', 's',"
                        + " 'accumulate', 'delta'),"
                        + " ('e2', 'orig-2', 2, 1700000000003, 'log', 'warn', 'null', 'only-id', NULL, NULL)");

        List<TaskEvent> events = store.getEvents("orig-2", EventQuery.ALL);

        assertEquals(List.of(
                new TaskEvent("e0", "orig-2", 0, 1_700_000_000_001L, "taskcast:status", Level.INFO,
                        NullNode.getInstance(), null, null, null, null),
                new TaskEvent("e1", "orig-2", 1, 1_700_000_000_002L, "llm.delta", Level.DEBUG,
                        json("{\"delta\":\"Hello\"}"), "s", SeriesMode.ACCUMULATE, "delta", null),
                new TaskEvent("e2", "orig-2", 2, 1_700_000_000_003L, "log", Level.WARN, NullNode.getInstance(),
                        "only-id", null, null, null)), events);
    }

    @Test
    void absentTaskFieldsAreWrittenAsNullAndJsonFieldsAsJsonb() throws SQLException {
        store.saveTask(Task.builder("mine-1", TaskStatus.PENDING, T0).params(json("{\"p\":[1]}"))
                .tags(List.of("a")).build());

        Map<String, Object> row = row("SELECT type, jsonb_typeof(params) AS params, result, error, metadata,"
                + " auth_config, webhooks, cleanup, completed_at, ttl, jsonb_typeof(tags) AS tags, assign_mode, cost,"
                + " assigned_worker, disconnect_policy, created_at, updated_at FROM taskcast_tasks WHERE id = 'mine-1'");
        assertEquals("object", row.remove("params"));
        assertEquals("array", row.remove("tags"));
        assertEquals(T0, row.remove("created_at"));
        assertEquals(T0, row.remove("updated_at"));
        row.forEach((column, value) -> assertNull(value, column + " must be NULL for an absent field"));
    }

    @Test
    void eventDataIsNullWhenAbsentOrJsonNullAndJsonbOtherwise() throws SQLException {
        db.sql(taskRow("mine-2"));
        TaskEvent absent = new TaskEvent("m0", "mine-2", 0, T0, "log", Level.INFO, null, null, null, null, null);
        TaskEvent jsonNull = new TaskEvent("m1", "mine-2", 1, T0, "log", Level.INFO, NullNode.getInstance(),
                null, null, null, null);
        TaskEvent text = new TaskEvent("m2", "mine-2", 2, T0, "log", Level.INFO, json("\"x\""), "s",
                SeriesMode.KEEP_ALL, null, null);
        List.of(absent, jsonNull, text).forEach(store::saveEvent);

        assertEquals(List.of("m0:null", "m1:null", "m2:string"), column(
                "SELECT id || ':' || COALESCE(jsonb_typeof(data), 'null') FROM taskcast_events"
                        + " WHERE task_id = 'mine-2' ORDER BY idx"));
        assertEquals(List.of("keep-all"), column("SELECT series_mode FROM taskcast_events WHERE id = 'm2'"));
    }

    @Test
    void jsonbKeyOrderIsNotPreservedButTheValueIs() {
        store.saveTask(Task.builder("mine-3", TaskStatus.PENDING, T0)
                .metadata(json("{\"long-key\":1,\"b\":{\"d\":2,\"c\":3},\"a\":\"ü/ñ \\u0001\"}")).build());

        assertEquals(json("{\"a\":\"ü/ñ \\u0001\",\"b\":{\"c\":3,\"d\":2},\"long-key\":1}"),
                store.getTask("mine-3").orElseThrow().metadata());
    }

    @Test
    void theStoreWritesTheSameStatusEventRowAsTheOriginal() throws SQLException {
        db.sql(taskRow("mine-4"));
        store.saveEvent(new TaskEvent("s0", "mine-4", 0, T0, "taskcast:status", Level.INFO,
                json("{\"status\":\"running\"}"), null, null, null, null));

        Map<String, Object> row = row("SELECT id, task_id, idx, timestamp, type, level, data::text AS data,"
                + " series_id, series_mode, series_acc_field FROM taskcast_events WHERE id = 's0'");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", "s0");
        expected.put("task_id", "mine-4");
        expected.put("idx", 0);
        expected.put("timestamp", T0);
        expected.put("type", "taskcast:status");
        expected.put("level", "info");
        expected.put("data", "{\"status\": \"running\"}");
        expected.put("series_id", null);
        expected.put("series_mode", null);
        expected.put("series_acc_field", null);
        assertEquals(expected, row);
    }

    @Test
    void deletingATaskRowCascadesToItsEvents() {
        db.sql(taskRow("mine-5"));
        store.saveEvent(new TaskEvent("d0", "mine-5", 0, T0, "log", Level.INFO, null, null, null, null, null));
        assertEquals(1, store.getEvents("mine-5", EventQuery.ALL).size());

        db.sql("DELETE FROM taskcast_tasks WHERE id = 'mine-5'");

        assertTrue(store.getEvents("mine-5", EventQuery.ALL).isEmpty());
    }

    @Test
    void deleteEventsTakesMoreIdsThanOneStatementBinds() {
        db.sql(taskRow("mine-6"), "INSERT INTO taskcast_events (id, task_id, idx, timestamp, type, level)"
                + " SELECT 'bulk-' || n, 'mine-6', n, n, 'log', 'info' FROM generate_series(0, 1199) AS n");
        Set<String> ids = new HashSet<>();
        for (int n = 100; n < 1200; n++) {
            ids.add("bulk-" + n);
        }

        store.deleteEvents("mine-6", ids);

        List<TaskEvent> left = store.getEvents("mine-6", EventQuery.ALL);
        assertEquals(100, left.size());
        assertEquals("bulk-99", left.get(99).id());
    }

    private static String taskRow(String id) {
        return "INSERT INTO taskcast_tasks (id, status, created_at, updated_at) VALUES ('" + id
                + "', 'running', 1700000000000, 1700000000000)";
    }

    private static Map<String, Object> row(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), "one row expected");
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
            }
            return out;
        }
    }

    private static List<String> column(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
