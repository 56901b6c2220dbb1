package dev.taskcast.plugin.postgres;

import static dev.taskcast.engine.storage.contract.StorageFixtures.T0;
import static dev.taskcast.engine.storage.contract.StorageFixtures.event;
import static dev.taskcast.engine.storage.contract.StorageFixtures.json;
import static dev.taskcast.engine.storage.contract.StorageFixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.engine.storage.contract.Concurrently;
import dev.taskcast.spi.LongTermStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compaction as stored rows (model.md §8.5, storage.md §5.4), including concurrent writers on two
 * pools as two server instances would be, and the terminal-status guard of §5.3.
 */
class PostgresCompactionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static TestDatabase db;
    private static LongTermStore store;
    /** A second store with its own pool: another server instance on the same database. */
    private static LongTermStore otherInstance;

    @BeforeAll
    static void open() {
        db = TestDatabase.create();
        db.migrate();
        store = new PostgresLongTermStoreFactory().create(db.context());
        otherInstance = new PostgresLongTermStoreFactory().create(db.context());
    }

    @AfterAll
    static void close() {
        for (LongTermStore s : new LongTermStore[] {store, otherInstance}) {
            if (s != null) {
                s.close();
            }
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void latestKeepsTheFirstIdAndIndexWithTheNewestContent() throws SQLException {
        String id = newTask();
        TaskEvent p1 = event(id, 1).type("progress").series("p", SeriesMode.LATEST).data("{\"v\":1}").build();
        TaskEvent p2 = event(id, 5).type("progress.v2").level(Level.WARN).series("p", SeriesMode.LATEST)
                .data("{\"v\":2}").build();
        store.replaceLastSeriesEvent(id, "p", p1);
        store.replaceLastSeriesEvent(id, "p", p2);

        assertEquals(List.of(p1.id() + "|1|" + p2.timestamp() + "|progress.v2|warn|{\"v\": 2}|p|latest|"),
                rows(id));
    }

    @Test
    void accumulateKeepsTheFirstIdAndIndexTheAccumulatedDataAndTheNewestTimestampTypeAndLevel() throws SQLException {
        String id = newTask();
        TaskEvent hel = event(id, 1).delta("s", "Hel").build();
        TaskEvent lo = event(id, 7).type("llm.delta").level(Level.DEBUG).delta("s", "lo").accField("delta").build();
        store.accumulateSeries(id, "s", hel, "delta");
        store.accumulateSeries(id, "s", lo, "delta");

        assertEquals(List.of(hel.id() + "|1|" + lo.timestamp() + "|llm.delta|debug|{\"delta\": \"Hello\"}|s|accumulate|delta"),
                rows(id));
    }

    /** The previous value is the stored row's data, whoever wrote it and in whatever key order. */
    @Test
    void accumulateContinuesARowTheOriginalWrote() throws SQLException {
        String id = newTask();
        db.sql("INSERT INTO taskcast_events (id, task_id, idx, timestamp, type, level, data, series_id, series_mode,"
                + " series_acc_field) VALUES ('orig-acc-" + id + "', '" + id + "', 0, 1, 'llm.delta', 'info',"
                + " '{\"x\":1,\"text\":\"ab\"}', 's', 'accumulate', 'text')");
        TaskEvent c = event(id, 3).series("s", SeriesMode.ACCUMULATE).accField("text").data("{\"text\":\"c\"}").build();

        TaskEvent accumulated = store.accumulateSeries(id, "s", c, "text");

        assertEquals(json("{\"text\":\"abc\"}"), accumulated.data(), "keys of the previous data are not carried over");
        assertEquals(List.of("orig-acc-" + id + "|0|" + c.timestamp() + "|log|info|{\"text\": \"abc\"}|s|accumulate|text"),
                rows(id));
    }

    @Test
    void eightConcurrentAccumulatorsOnTwoInstancesLoseNothing() throws SQLException {
        String id = newTask();
        TaskEvent seed = event(id, 0).delta("s", "").build();
        store.accumulateSeries(id, "s", seed, "delta");
        int threads = 8;
        int perThread = 25;

        Concurrently.runAll(threads, TIMEOUT, t -> {
            LongTermStore instance = t % 2 == 0 ? store : otherInstance;
            for (int n = 0; n < perThread; n++) {
                long index = 1 + (long) t * perThread + n;
                instance.accumulateSeries(id, "s", event(id, index).delta("s", Integer.toString(t)).build(), "delta");
            }
        });

        List<String> rows = rows(id);
        assertEquals(1, rows.size(), "one row per series");
        assertTrue(rows.get(0).startsWith(seed.id() + "|0|"), "first id and idx kept: " + rows.get(0));
        String delta = json(column("SELECT data::text FROM taskcast_events WHERE task_id = '" + id + "'").get(0))
                .get("delta").textValue();
        assertEquals(threads * perThread, delta.length());
        for (int t = 0; t < threads; t++) {
            String digit = Integer.toString(t);
            assertEquals(perThread, delta.chars().filter(ch -> ch == digit.charAt(0)).count(), "deltas of thread " + t);
        }
    }

    @Test
    void concurrentLatestWritersLeaveOneRow() throws SQLException {
        String id = newTask();
        TaskEvent first = event(id, 0).series("p", SeriesMode.LATEST).build();
        store.replaceLastSeriesEvent(id, "p", first);

        Concurrently.runAll(8, TIMEOUT, t -> {
            LongTermStore instance = t % 2 == 0 ? store : otherInstance;
            for (int n = 0; n < 20; n++) {
                long index = 1 + (long) t * 20 + n;
                instance.replaceLastSeriesEvent(id, "p", event(id, index).series("p", SeriesMode.LATEST).build());
            }
        });

        List<String> rows = rows(id);
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).startsWith(first.id() + "|0|"), rows.get(0));
    }

    @Test
    void aTerminalRowIsNotOverwrittenByAnotherStatus() throws SQLException {
        String id = "guard-" + UUID.randomUUID();
        store.saveTask(task(id, TaskStatus.CANCELLED).toBuilder().completedAt(T0 + 1).result(json("{\"v\":1}")).build());

        store.saveTask(task(id, TaskStatus.RUNNING).toBuilder().updatedAt(T0 + 5).build());
        store.saveTask(task(id, TaskStatus.COMPLETED).toBuilder().updatedAt(T0 + 6).result(json("{\"v\":2}")).build());

        assertEquals(List.of("cancelled|" + T0 + "|{\"v\": 1}"),
                column("SELECT status || '|' || updated_at || '|' || result::text FROM taskcast_tasks WHERE id = '"
                        + id + "'"));

        store.saveTask(task(id, TaskStatus.CANCELLED).toBuilder().updatedAt(T0 + 9).build());
        assertEquals(List.of("cancelled|" + (T0 + 9)),
                column("SELECT status || '|' || updated_at FROM taskcast_tasks WHERE id = '" + id + "'"),
                "the same terminal status may be rewritten");
    }

    private static String newTask() {
        String id = "compaction-" + UUID.randomUUID();
        store.saveTask(task(id, TaskStatus.RUNNING));
        return id;
    }

    /** Each row of the task as {@code id|idx|timestamp|type|level|data|series_id|series_mode|series_acc_field}. */
    private static List<String> rows(String taskId) throws SQLException {
        return column("SELECT concat_ws('|', id, idx, timestamp, type, level, data::text, series_id, series_mode,"
                + " COALESCE(series_acc_field, '')) FROM taskcast_events WHERE task_id = '" + taskId + "' ORDER BY idx");
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
