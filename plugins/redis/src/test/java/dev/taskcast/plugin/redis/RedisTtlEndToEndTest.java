package dev.taskcast.plugin.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.EventQuery;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.hooks.HookDispatcher;
import dev.taskcast.engine.storage.contract.Concurrently;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.engine.task.NewTask;
import dev.taskcast.engine.task.TaskEngine;
import dev.taskcast.server.testing.RecordingHooks;
import dev.taskcast.server.testing.RecordingHooksFactory;
import dev.taskcast.server.testing.SseClient;
import dev.taskcast.server.testing.SseClient.Frame;
import dev.taskcast.server.testing.TestServer;
import dev.taskcast.plugin.redis.RedisTestSupport.RawRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TTL with Redis storage end to end (model.md §6, storage.md §4.3): the deadline lives in
 * {@code P:ttlDeadlines}, so it survives the server that set it, and sweeps of several servers on
 * one prefix time a task out exactly once. Each test has its own prefix and deletes its keys.
 */
class RedisTtlEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private String url;
    private String prefix;
    private RawRedis raw;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp() {
        url = RedisTestSupport.url();
        prefix = RedisTestSupport.newPrefix();
        raw = new RawRedis(url);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
        if (raw != null) {
            raw.deleteKeysUnder(prefix);
            raw.close();
        }
    }

    private TestServer server(int sweepSeconds, RecordingHooks hooks) {
        var config = RedisServers.config(url, prefix).ttlSweepIntervalSeconds(sweepSeconds).sseKeepaliveMs(0);
        if (hooks != null) {
            config.hooks(List.of(RecordingHooksFactory.selection(hooks)));
        }
        TestServer s = TestServer.start(config);
        closeables.add(s);
        return s;
    }

    private Double deadlineOf(String taskId) {
        return raw.redis().zscore(prefix + ":ttlDeadlines", taskId);
    }

    /**
     * A task with ttl=2 created on server A, which is stopped before the deadline; server B, started
     * on the same prefix, times it out: status timeout, the status event in the history (and on B's
     * SSE stream), the deadline gone from {@code P:ttlDeadlines}.
     */
    @Test
    void deadlineSurvivesTheServerThatSetIt() {
        // A never sweeps during the test: whatever times the task out, it is not A.
        TestServer a = server(3600, null);
        JsonNode created = a.createTask("{\"type\":\"e2e.ttl\",\"ttl\":2}");
        String id = created.get("id").asText();
        long deadline = created.get("createdAt").asLong() + 2000;
        a.transition(id, "running");
        assertEquals((double) deadline, deadlineOf(id), "deadline = createdAt + ttl x 1000 in P:ttlDeadlines");
        a.close();
        closeables.remove(a);
        assertEquals("running", TaskcastJson.tree(raw.redis().get(prefix + ":task:" + id)).get("status").asText(),
                "still running when A is gone");

        RecordingHooks hooks = RecordingHooksFactory.newRecorder();
        TestServer b = server(1, hooks);
        try (SseClient sse = SseClient.open(b.port(), "/tasks/" + id + "/events")) {
            assertEquals(200, sse.status());
            assertEquals("running", sse.nextEvent(WAIT).json().get("data").get("status").asText());
            Frame timeout = sse.nextEvent(WAIT);
            assertEquals("taskcast:status", timeout.json().get("type").asText());
            assertEquals(TaskcastJson.tree("{\"status\":\"timeout\"}"), timeout.json().get("data"));
            assertEquals("event: taskcast.done\ndata: {\"reason\":\"timeout\"}\n\n", sse.nextEvent(WAIT).raw());
        }
        JsonNode task = b.get("/tasks/" + id).json();
        assertEquals("timeout", task.get("status").asText());
        assertTrue(task.get("completedAt").asLong() >= deadline, () -> "timed out before the deadline: " + task);
        JsonNode history = b.history(id, null);
        assertEquals(2, history.size(), history::toString);
        assertEquals("running", history.get(0).get("data").get("status").asText());
        assertEquals(TaskcastJson.tree("{\"status\":\"timeout\"}"), history.get(1).get("data"));
        assertEquals(2L, raw.redis().llen(prefix + ":events:" + id), "the status event is stored in P:events:");
        assertNull(deadlineOf(id), "deadline removed from P:ttlDeadlines");
        hooks.await(WAIT, "timeout hooks on B", calls -> calls.stream()
                .anyMatch(c -> c.hook().equals("onTaskTransitioned") && id.equals(c.taskId())));
        assertEquals(List.of("onTaskTimeout", "onTaskTransitioned"),
                hooks.callsFor(id).stream().map(RecordingHooks.Call::hook).filter(h -> h.startsWith("onTask")).toList(),
                hooks::describe);
    }

    /**
     * Two servers sweeping the same prefix every second: every overdue task gets exactly one timeout
     * status event and one onTaskTimeout across both, and no sweep reports an error.
     */
    @Test
    void twoSweepingServersTimeEachTaskOutOnce() {
        RecordingHooks hooksX = RecordingHooksFactory.newRecorder();
        RecordingHooks hooksY = RecordingHooksFactory.newRecorder();
        TestServer x = server(1, hooksX);
        TestServer y = server(1, hooksY);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            TestServer on = i % 2 == 0 ? x : y;
            String id = on.createTask("{\"type\":\"e2e.ttl\",\"ttl\":1}").get("id").asText();
            on.transition(id, "running");
            ids.add(id);
        }
        for (String id : ids) {
            Eventually.await(WAIT, () -> "timeout".equals(x.get("/tasks/" + id).json().get("status").asText()),
                    () -> id + " timed out");
        }
        for (String id : ids) {
            assertEquals(List.of("running", "timeout"), statuses(y.history(id, null)), id);
            assertEquals(2L, raw.redis().llen(prefix + ":events:" + id), id);
            assertNull(deadlineOf(id));
        }
        // Hooks fire after the status event, on the instance that won the transition: one per task.
        for (String id : ids) {
            Eventually.await(WAIT, () -> timeouts(hooksX, id) + timeouts(hooksY, id) >= 1, () -> "hook for " + id);
        }
        for (String id : ids) {
            assertEquals(1, timeouts(hooksX, id) + timeouts(hooksY, id), () -> "one onTaskTimeout for " + id
                    + hooksX.describe() + hooksY.describe());
        }
        assertTrue(hooksX.callsOf("onUnhandledError").isEmpty(), hooksX::describe);
        assertTrue(hooksY.callsOf("onUnhandledError").isEmpty(), hooksY::describe);
        System.out.println("[redis ttl] timeouts by X: " + hooksX.callsOf("onTaskTimeout").size()
                + ", by Y: " + hooksY.callsOf("onTaskTimeout").size());
    }

    /**
     * The same guarantee under forced contention: two engines, each with its own Redis connections,
     * sweep the same overdue tasks at the same instant, several rounds over fresh tasks.
     */
    @Test
    void simultaneousSweepsOfTwoInstancesTimeEachTaskOutOnce() {
        RedisSettings settings = new RedisSettings(url, prefix);
        RedisShortTermStore storeA = new RedisShortTermStore(settings);
        RedisShortTermStore storeB = new RedisShortTermStore(settings);
        RedisBroadcast broadcastA = new RedisBroadcast(settings);
        RedisBroadcast broadcastB = new RedisBroadcast(settings);
        closeables.addAll(List.of(storeA, storeB, broadcastA, broadcastB));
        // Their clocks run 10 s ahead, so tasks created with ttl=1 are overdue at once.
        TaskEngine creator = TaskEngine.builder(storeA, broadcastA).build();
        TaskEngine engineA = TaskEngine.builder(storeA, broadcastA).hooks(HookDispatcher.none())
                .clock(() -> System.currentTimeMillis() + 10_000).build();
        TaskEngine engineB = TaskEngine.builder(storeB, broadcastB).hooks(HookDispatcher.none())
                .clock(() -> System.currentTimeMillis() + 10_000).build();
        closeables.addAll(List.of(creator, engineA, engineB));
        int total = 0;
        for (int round = 0; round < 5; round++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ids.add(creator.createTask(new NewTask(null, "e2e.race", null, null, 1, null, null, null, null, null,
                        null, null)).id());
            }
            List<Integer> counts = Concurrently.run(2, WAIT, t -> (t == 0 ? engineA : engineB).sweepDeadlines(1000));
            assertEquals(ids.size(), counts.get(0) + counts.get(1), () -> "timeouts per engine " + counts);
            for (String id : ids) {
                assertEquals(TaskStatus.TIMEOUT, storeB.getTask(id).orElseThrow().status());
                List<TaskEvent> events = storeA.getEvents(id, EventQuery.ALL);
                assertEquals(1, events.size(), () -> id + " events " + events);
                assertEquals(TaskcastJson.tree("{\"status\":\"timeout\"}"), events.getFirst().data());
                assertNull(deadlineOf(id));
            }
            total += ids.size();
        }
        assertEquals(List.of(), storeA.dueDeadlines(Long.MAX_VALUE, 1000), "no deadline left");
        assertEquals(150, total);
    }

    private static int timeouts(RecordingHooks hooks, String id) {
        return (int) hooks.callsFor(id).stream().filter(c -> c.hook().equals("onTaskTimeout")).count();
    }

    private static List<String> statuses(JsonNode history) {
        List<String> out = new ArrayList<>();
        history.forEach(e -> out.add(e.get("data").get("status").asText()));
        return out;
    }
}
