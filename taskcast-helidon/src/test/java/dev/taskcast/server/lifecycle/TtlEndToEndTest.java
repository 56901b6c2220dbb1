package dev.taskcast.server.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.SseClient;
import dev.taskcast.server.testing.SseClient.Frame;
import dev.taskcast.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TTL end to end over HTTP and SSE (model.md §6) with the memory store and a one-second sweep. */
class TtlEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ServerConfig.builder().ttlSweepIntervalSeconds(1).sseKeepaliveMs(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * A running task with ttl=1: the SSE subscriber sees the status event {"status":"timeout"}, then
     * taskcast.done with reason timeout, then the stream ends; GET shows the task timed out.
     */
    @Test
    void subscriberSeesTimeoutStatusThenDone() {
        JsonNode created = server.createTask("{\"type\":\"e2e.ttl\",\"ttl\":1}");
        String id = created.get("id").asText();
        long createdAt = created.get("createdAt").asLong();
        server.transition(id, "running");
        try (SseClient sse = SseClient.open(server.port(), "/tasks/" + id + "/events")) {
            assertEquals(200, sse.status());
            Frame running = sse.nextEvent(WAIT);
            assertEquals("taskcast.event", running.event());
            assertEquals("running", running.json().get("data").get("status").asText());

            Frame timeout = sse.nextEvent(WAIT);
            assertEquals("taskcast.event", timeout.event());
            JsonNode envelope = timeout.json();
            assertEquals("taskcast:status", envelope.get("type").asText());
            assertEquals("info", envelope.get("level").asText());
            assertEquals(TaskcastJson.tree("{\"status\":\"timeout\"}"), envelope.get("data"),
                    "the timeout status event carries exactly {\"status\":\"timeout\"}");
            assertEquals(1, envelope.get("filteredIndex").asInt());

            Frame done = sse.nextEvent(WAIT);
            assertEquals("event: taskcast.done\ndata: {\"reason\":\"timeout\"}\n\n", done.raw());
            List<Frame> after = sse.awaitEnd(WAIT);
            assertTrue(after.isEmpty(), () -> "nothing after taskcast.done: " + after);
        }
        JsonNode task = server.get("/tasks/" + id).json();
        assertEquals("timeout", task.get("status").asText());
        long completedAt = task.get("completedAt").asLong();
        assertEquals(completedAt, task.get("updatedAt").asLong());
        assertTrue(completedAt >= createdAt + 1000, () -> "timed out at " + completedAt + ", deadline " + (createdAt + 1000));
        JsonNode history = server.history(id, null);
        assertEquals(2, history.size(), history::toString);
        assertEquals(TaskcastJson.tree("{\"status\":\"timeout\"}"), history.get(1).get("data"));
    }

    /**
     * A pending task times out too; a task that completed before its deadline is left alone, and a
     * task without ttl never times out (checked after the sweep that timed the pending one out,
     * whose deadline is no earlier than theirs).
     */
    @Test
    void onlyOverdueNonTerminalTasksTimeOut() {
        String finished = server.createTask("{\"type\":\"e2e.ttl\",\"ttl\":1}").get("id").asText();
        String noTtl = server.createTask("{\"type\":\"e2e.ttl\"}").get("id").asText();
        server.transition(noTtl, "running");
        String pending = server.createTask("{\"type\":\"e2e.ttl\",\"ttl\":1}").get("id").asText();
        server.transition(finished, "running");
        server.transition(finished, "completed");
        JsonNode finishedBefore = server.get("/tasks/" + finished).json();

        Eventually.await(WAIT, () -> "timeout".equals(status(pending)), () -> "pending task " + pending + " timed out");
        assertEquals(List.of("timeout"), statuses(server.history(pending, null)));
        assertEquals(finishedBefore, server.get("/tasks/" + finished).json(), "a completed task is never timed out");
        assertEquals(List.of("running", "completed"), statuses(server.history(finished, null)));
        assertEquals("running", status(noTtl));
        assertFalse(statuses(server.history(noTtl, null)).contains("timeout"));
    }

    private static String status(String id) {
        Response r = server.get("/tasks/" + id);
        assertEquals(200, r.status(), r::toString);
        return r.json().get("status").asText();
    }

    private static List<String> statuses(JsonNode history) {
        List<String> out = new ArrayList<>();
        history.forEach(e -> out.add(e.get("data").get("status").asText()));
        return out;
    }
}
