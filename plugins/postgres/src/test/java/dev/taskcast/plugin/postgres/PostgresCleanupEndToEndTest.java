package dev.taskcast.plugin.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.config.AdapterSelection;
import dev.taskcast.engine.config.AdapterSettings;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.server.testing.RecordingHooks;
import dev.taskcast.server.testing.RecordingHooksFactory;
import dev.taskcast.server.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cleanup with a PostgreSQL long-term store end to end (webhooks-hooks-cleanup.md §3.3): a real
 * server with memory short-term store and broadcast and the {@code postgres} long-term store, in a
 * fresh schema migrated with the plugin's migrator and dropped afterwards.
 */
class PostgresCleanupEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** afterMs lets the asynchronous long-term writes land (and be checked) before the sweep acts. */
    private static final String GLOBAL_RULES = """
            [{"name":"drop-scratch","match":{"taskTypes":["scratch.*"],"status":["completed"]},
              "trigger":{"afterMs":1500},"target":"all"},
             {"name":"archive-only","match":{"taskTypes":["archive.*"],"status":["completed"]},
              "trigger":{"afterMs":1500},"target":"task"}]
            """;
    private static final String DROP_DEBUG = """
            {"rules":[{"name":"drop-debug","match":{"status":["completed"]},"trigger":{"afterMs":1500},
                       "target":"events","eventFilter":{"levels":["debug"]}}]}
            """;

    private TestDatabase db;
    private TestServer server;
    private RecordingHooks hooks;

    @BeforeEach
    void setUp() {
        db = TestDatabase.create();
        db.migrate();
        hooks = RecordingHooksFactory.newRecorder();
        AdapterSelection postgres = new AdapterSelection("postgres", Map.of("provider", "postgres", "url", db.url()));
        server = TestServer.start(ServerConfig.builder()
                .adapters(new AdapterSettings(AdapterSelection.of("memory"), AdapterSelection.of("memory"), postgres))
                .autoMigrate(false)
                .cleanupIntervalSeconds(1)
                .cleanupRules(TaskcastJson.tree(GLOBAL_RULES))
                .hooks(List.of(RecordingHooksFactory.selection(hooks))));
    }

    @AfterEach
    void tearDown() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (db != null) {
                db.close();
            }
        }
    }

    /** Target all: the task row and every event row go; another task's rows stay. */
    @Test
    void targetAllDeletesTheTaskRowAndItsEventRows() throws SQLException {
        String kept = completedTask("keep.report", null);
        String doomed = completedTask("scratch.job", null);
        awaitArchived(kept);
        awaitArchived(doomed);
        List<String> keptRows = eventRows(kept);

        Eventually.await(WAIT, () -> server.get("/tasks/" + doomed).status() == 404, () -> doomed + " cleaned up");
        Eventually.await(WAIT, () -> taskRowStatus(doomed) == null && eventRows(doomed).isEmpty(),
                () -> "rows of " + doomed + " left: task " + taskRowStatus(doomed) + ", events " + eventRows(doomed));
        assertEquals(404, server.get("/tasks/" + doomed + "/events/history").status());

        assertEquals("completed", taskRowStatus(kept));
        assertEquals(keptRows, eventRows(kept), "another task's rows are untouched");
        assertEquals(200, server.get("/tasks/" + kept).status());
        assertTrue(hooks.callsOf("onUnhandledError").isEmpty(), hooks::describe);
        assertTrue(hooks.callsOf("onEventDropped").isEmpty(), hooks::describe);
    }

    /** Target events with levels [debug]: exactly the debug rows go, in both stores; the task stays. */
    @Test
    void targetEventsDeletesOnlyTheChosenRows() throws SQLException {
        String id = completedTask("job.report", DROP_DEBUG);
        awaitArchived(id);
        List<String[]> before = eventRowsWithLevel(id);
        List<String> expectedRows = new ArrayList<>();
        for (String[] row : before) {
            if (!row[1].equals("debug")) {
                expectedRows.add(row[0]);
            }
        }
        assertTrue(expectedRows.size() < before.size(), "the task has debug rows to delete");
        List<JsonNode> expectedHistory = new ArrayList<>();
        server.history(id, null).forEach(e -> {
            if (!e.get("level").asText().equals("debug")) {
                expectedHistory.add(e);
            }
        });

        Eventually.await(WAIT, () -> eventRows(id).equals(expectedRows),
                () -> "rows " + eventRows(id) + ", expected " + expectedRows);
        Eventually.await(WAIT, () -> history(id).equals(expectedHistory), () -> "history " + history(id));
        assertEquals("completed", taskRowStatus(id), "target events keeps the task row");
        assertEquals(200, server.get("/tasks/" + id).status());
        assertTrue(hooks.callsOf("onUnhandledError").isEmpty(), hooks::describe);
        assertTrue(hooks.callsOf("onEventDropped").isEmpty(), hooks::describe);
    }

    /**
     * Target task with a long-term store: the task leaves the short-term store (and the task list),
     * but stays readable from PostgreSQL, whose rows are untouched.
     */
    @Test
    void targetTaskLeavesTheArchivedRowsReadable() {
        String id = completedTask("archive.job", null);
        awaitArchived(id);
        List<String> rows = eventRows(id);

        Eventually.await(WAIT, () -> !taskIds().contains(id), () -> id + " removed from the short-term store");
        JsonNode task = server.get("/tasks/" + id).json();
        assertEquals(id, task.get("id").asText());
        assertEquals("completed", task.get("status").asText(), "served from the long-term store");
        assertEquals("completed", taskRowStatus(id));
        assertEquals(rows, eventRows(id), "the long-term rows are untouched");
        assertEquals(rows, history(id).stream().map(e -> e.get("id").asText()).toList(),
                "the history now comes from the long-term store");
        assertTrue(hooks.callsOf("onUnhandledError").isEmpty(), hooks::describe);
    }

    private List<String> taskIds() {
        List<String> out = new ArrayList<>();
        server.get("/tasks").json().get("tasks").forEach(t -> out.add(t.get("id").asText()));
        return out;
    }

    /** A completed task with info, debug and warn events and an accumulate series; returns its id. */
    private String completedTask(String type, String cleanup) {
        String id = server.createTask("{\"type\":\"" + type + "\"" + (cleanup == null ? "" : ",\"cleanup\":" + cleanup)
                + "}").get("id").asText();
        server.transition(id, "running");
        server.publish(id, "{\"type\":\"step\",\"level\":\"info\",\"data\":{\"n\":1}}");
        server.publish(id, "{\"type\":\"trace\",\"level\":\"debug\",\"data\":{\"n\":2}}");
        server.publish(id, "{\"type\":\"llm.delta\",\"level\":\"info\",\"data\":{\"delta\":\"Hel\"},"
                + "\"seriesId\":\"text\",\"seriesMode\":\"accumulate\"}");
        server.publish(id, "{\"type\":\"trace\",\"level\":\"debug\",\"data\":{\"n\":3}}");
        server.publish(id, "{\"type\":\"llm.delta\",\"level\":\"info\",\"data\":{\"delta\":\"lo\"},"
                + "\"seriesId\":\"text\",\"seriesMode\":\"accumulate\"}");
        server.publish(id, "{\"type\":\"careful\",\"level\":\"warn\",\"data\":{\"n\":4}}");
        server.transition(id, "completed");
        return id;
    }

    /** Waits until the task row says completed and the last (completed) status event row is written. */
    private void awaitArchived(String id) {
        Eventually.await(WAIT, () -> {
            try {
                List<String[]> rows = eventRowsWithLevel(id);
                return "completed".equals(taskRowStatus(id)) && !rows.isEmpty()
                        && rows.getLast()[2].equals("taskcast:status") && rows.getLast()[3].contains("completed");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, () -> "long-term rows of " + id);
    }

    private List<JsonNode> history(String id) {
        List<JsonNode> out = new ArrayList<>();
        server.history(id, null).forEach(out::add);
        return out;
    }

    private String taskRowStatus(String id) {
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement("SELECT status FROM taskcast_tasks WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> eventRows(String id) {
        try {
            return eventRowsWithLevel(id).stream().map(r -> r[0]).toList();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {id, level, type, data} of the task's event rows in index order. */
    private List<String[]> eventRowsWithLevel(String id) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT id, level, type, data::text FROM taskcast_events WHERE task_id = ? ORDER BY idx")) {
            s.setString(1, id);
            List<String[]> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), String.valueOf(rs.getString(4))});
                }
            }
            return out;
        }
    }
}
