package dev.taskcast.plugin.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.plugin.redis.RedisTestSupport.RawRedis;
import dev.taskcast.server.testing.RecordingHooks;
import dev.taskcast.server.testing.RecordingHooksFactory;
import dev.taskcast.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cleanup on Redis end to end (webhooks-hooks-cleanup.md §3.3): a rule with target {@code all}
 * removes every key of the task ({@code P:task:}, {@code P:events:}, {@code P:idx:}, the series
 * pointers and their registry) and its id from {@code P:tasks}, and nothing of any other task.
 */
class RedisCleanupEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** afterMs leaves time to look at the keys before the sweep deletes them. */
    private static final String RULES = """
            [{"name":"drop-scratch","match":{"taskTypes":["scratch.*"],"status":["completed"]},
              "trigger":{"afterMs":1500},"target":"all"}]
            """;

    private String url;
    private String prefix;
    private RawRedis raw;
    private TestServer server;
    private RecordingHooks hooks;

    @BeforeEach
    void setUp() {
        url = RedisTestSupport.url();
        prefix = RedisTestSupport.newPrefix();
        raw = new RawRedis(url);
        hooks = RecordingHooksFactory.newRecorder();
        server = TestServer.start(RedisServers.config(url, prefix).cleanupIntervalSeconds(1)
                .cleanupRules(TaskcastJson.tree(RULES)).hooks(List.of(RecordingHooksFactory.selection(hooks))));
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (raw != null) {
            raw.deleteKeysUnder(prefix);
            raw.close();
        }
    }

    @Test
    void targetAllRemovesEveryKeyOfTheTaskAndOnlyThose() {
        String kept = populated("keep.report");
        String doomed = populated("scratch.job");
        Set<String> doomedKeys = keysOf(doomed);
        Set<String> keptKeys = keysOf(kept);
        assertEquals(Set.of(prefix + ":task:" + doomed, prefix + ":events:" + doomed, prefix + ":idx:" + doomed,
                prefix + ":series:" + doomed + ":text", prefix + ":series:" + doomed + ":progress",
                prefix + ":seriesIds:" + doomed), doomedKeys, "the key families of a task with series");
        assertTrue(raw.redis().sismember(prefix + ":tasks", doomed));

        Eventually.await(WAIT, () -> server.get("/tasks/" + doomed).status() == 404, () -> doomed + " cleaned up");
        Eventually.await(WAIT, () -> keysOf(doomed).isEmpty(), () -> "keys left: " + keysOf(doomed));
        assertFalse(raw.redis().sismember(prefix + ":tasks", doomed), "id removed from P:tasks");
        assertEquals(404, server.get("/tasks/" + doomed + "/events/history").status());
        for (String key : doomedKeys) {
            assertEquals(0L, raw.redis().exists(key), key);
        }

        assertEquals(keptKeys, keysOf(kept), "another task's keys are untouched");
        assertTrue(raw.redis().sismember(prefix + ":tasks", kept));
        assertEquals(6, server.history(kept, null).size());
        assertTrue(hooks.callsOf("onUnhandledError").isEmpty(), hooks::describe);
    }

    /** A completed task with plain, accumulate and latest events. */
    private String populated(String type) {
        String id = server.createTask("{\"type\":\"" + type + "\"}").get("id").asText();
        server.transition(id, "running");
        server.publish(id, "{\"type\":\"log\",\"level\":\"info\",\"data\":{\"line\":1}}");
        server.publish(id, "{\"type\":\"llm.delta\",\"level\":\"info\",\"data\":{\"delta\":\"Hel\"},"
                + "\"seriesId\":\"text\",\"seriesMode\":\"accumulate\"}");
        server.publish(id, "{\"type\":\"llm.delta\",\"level\":\"info\",\"data\":{\"delta\":\"lo\"},"
                + "\"seriesId\":\"text\",\"seriesMode\":\"accumulate\"}");
        server.publish(id, "{\"type\":\"progress\",\"level\":\"info\",\"data\":{\"pct\":50},"
                + "\"seriesId\":\"progress\",\"seriesMode\":\"latest\"}");
        server.transition(id, "completed");
        JsonNode task = server.get("/tasks/" + id).json();
        assertEquals("completed", task.get("status").asText());
        return id;
    }

    /** Every key under the prefix that belongs to {@code taskId} (its id is the last key segment or before a series id). */
    private Set<String> keysOf(String taskId) {
        Set<String> out = new TreeSet<>();
        for (String key : raw.keysUnder(prefix)) {
            if (key.endsWith(":" + taskId) || key.contains(":" + taskId + ":")) {
                out.add(key);
            }
        }
        return out;
    }
}
