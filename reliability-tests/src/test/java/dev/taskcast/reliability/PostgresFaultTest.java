package dev.taskcast.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.engine.config.AdapterSelection;
import dev.taskcast.engine.config.AdapterSettings;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 4 (docs/reliability.md): PostgreSQL cut away through a TCP proxy owned by the test.
 * Meanwhile creating, transitioning, publishing, reading and streaming keep working from Redis,
 * quickly; readiness reports PostgreSQL unhealthy; long-term writes (task rows and events) are held
 * and retried; after the proxy is restored the long-term store holds every event and the final state
 * of every task, as it would have without the outage.
 */
class PostgresFaultTest {
    private static final Duration RECOVERY = Duration.ofSeconds(60);
    private String prefix;
    private String schema;
    private TcpProxy proxy;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        prefix = Env.unique("tc-rel-pg-");
        schema = Env.unique("tc_rel_pg_");
        Env.createSchema(schema);
        proxy = new TcpProxy("127.0.0.1", Env.postgresPort());
        server = TestServer.start(ServerConfig.builder()
                .adapters(new AdapterSettings(
                        new AdapterSelection("redis", Map.of("url", Env.redisUrl(), "prefix", prefix)),
                        new AdapterSelection("redis", Map.of("url", Env.redisUrl(), "prefix", prefix)),
                        new AdapterSelection("postgres", Map.of("url", Env.postgresUrlVia(proxy.port(), schema)))))
                .pluginsDir(Env.pluginsDir())
                .autoMigrate(true)
                .sseKeepaliveMs(500));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        MiniRedis.cleanup(prefix);
        Env.dropSchema(schema);
    }

    @Test
    void outageKeepsTheServerWorkingAndTheArchiveCatchesUpAfterwards() throws Exception {
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = server.createTask("{\"id\":\"before-" + i + "\",\"type\":\"pg\"}").get("id").asText();
            server.transition(id, "running");
            publish(id, 10);
            tasks.add(id);
        }
        awaitArchived(tasks);

        proxy.cut();
        Eventually.await(RECOVERY, () -> server.get("/health/ready").status() == 503, () -> "still ready");
        Response ready = server.get("/health/ready");
        assertEquals("unhealthy", ready.json().get("dependencies").get("postgres").get("state").asText(), ready::toString);
        assertEquals("healthy", ready.json().get("dependencies").get("redisCommand").get("state").asText());

        String live = tasks.getFirst();
        try (ResumingSubscriber sub = new ResumingSubscriber(server.port(), "/tasks/" + live + "/events")) {
            Eventually.await(RECOVERY, sub::connected, () -> "stream during the outage");
            int seen = sub.count();
            long[] latencies = new long[200];
            for (int i = 0; i < latencies.length; i++) {
                String task = tasks.get(i % tasks.size());
                long t0 = System.nanoTime();
                Response r = server.post("/tasks/" + task + "/events", "{\"type\":\"during\",\"level\":\"info\",\"data\":{\"i\":"
                        + i + "}}");
                latencies[i] = (System.nanoTime() - t0) / 1000;
                assertEquals(201, r.status(), r::toString);
            }
            Figures.record("PostgresFaultTest", "publish latency during the PostgreSQL outage p50/p99 (us)",
                    Figures.percentile(latencies.clone(), 50) + " / " + Figures.percentile(latencies, 99));
            Eventually.await(RECOVERY, () -> sub.count() >= seen + 67, () -> "live events during the outage: " + sub.count());
            // Creating (explicit and generated ids), transitioning and reading keep working.
            long t0 = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                String id = server.createTask("{\"id\":\"during-" + i + "\"}").get("id").asText();
                server.transition(id, "running");
                publish(id, 5);
                tasks.add(id);
            }
            String generated = server.createTask("{}").get("id").asText();
            server.transition(generated, "running");
            server.transition(generated, "completed");
            tasks.add(generated);
            server.transition(tasks.get(1), "completed");
            server.transition(tasks.get(2), "failed");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            Figures.record("PostgresFaultTest", "4 creates + 7 transitions + 15 publishes during the outage (ms)", ms);
            assertTrue(ms < 10_000, "operations during the outage took " + ms + " ms");
            assertEquals(200, server.get("/tasks/" + live).status());
            assertEquals(200, server.get("/tasks/" + live + "/events/history").status());
            // A caught-up reader (cursor at the end) is answered from Redis, not failed by PostgreSQL.
            JsonNode h = server.history(live, null);
            String lastId = h.get(h.size() - 1).get("id").asText();
            Response caughtUp = server.get("/tasks/" + live + "/events/history?since.id=" + lastId);
            assertEquals(200, caughtUp.status(), caughtUp::toString);
        }

        proxy.restore();
        long restoredAt = System.nanoTime();
        Eventually.await(RECOVERY, () -> server.get("/health/ready").status() == 200, () -> "not ready again");
        awaitArchived(tasks);
        Figures.record("PostgresFaultTest", "archive complete after restore (ms)", (System.nanoTime() - restoredAt) / 1_000_000);
    }

    private String status(String task) {
        return server.get("/tasks/" + task).json().get("status").asText();
    }

    private void publish(String task, int n) {
        for (int i = 0; i < n; i++) {
            server.publish(task, "{\"type\":\"e\",\"level\":\"info\",\"data\":{\"i\":" + i + "}}");
        }
    }

    /** PostgreSQL holds, for every task, its current status and exactly the events of its Redis history. */
    private void awaitArchived(List<String> tasks) {
        Eventually.await(RECOVERY, () -> tasks.stream().allMatch(this::archived), () -> "archive incomplete: "
                + tasks.stream().filter(t -> !archived(t)).toList());
    }

    private boolean archived(String task) {
        JsonNode history = server.history(task, null);
        List<String> expected = new ArrayList<>();
        history.forEach(e -> expected.add(e.get("id").asText()));
        String status = status(task);
        try (Connection c = Env.jdbc()) {
            List<String> stored = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM " + schema
                    + ".taskcast_events WHERE task_id = ? ORDER BY idx")) {
                s.setString(1, task);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        stored.add(r.getString(1));
                    }
                }
            }
            String storedStatus = null;
            try (PreparedStatement s = c.prepareStatement("SELECT status FROM " + schema + ".taskcast_tasks WHERE id = ?")) {
                s.setString(1, task);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        storedStatus = r.getString(1);
                    }
                }
            }
            return expected.equals(stored) && status.equals(storedStatus);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
