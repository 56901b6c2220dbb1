package dev.taskcast.server.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.server.testing.RecordingHooks;
import dev.taskcast.server.testing.RecordingHooksFactory;
import dev.taskcast.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cleanup rules end to end (webhooks-hooks-cleanup.md §3.3) on a memory-store server sweeping every
 * second: a global rule from the config and per-task rules from {@code POST /tasks}.
 */
class CleanupEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String GLOBAL_RULES = """
            [{"name":"drop-tmp","match":{"taskTypes":["tmp.*"],"status":["completed"]},"target":"all"}]
            """;
    private static final String DROP_DEBUG = """
            {"rules":[{"name":"drop-debug","match":{"status":["completed"]},"target":"events",
                       "eventFilter":{"levels":["debug"]}}]}
            """;

    private static TestServer server;
    private static RecordingHooks hooks;

    @BeforeAll
    static void start() {
        hooks = RecordingHooksFactory.newRecorder();
        server = TestServer.start(ServerConfig.builder()
                .cleanupIntervalSeconds(1)
                .cleanupRules(TaskcastJson.tree(GLOBAL_RULES))
                .hooks(List.of(RecordingHooksFactory.selection(hooks))));
    }

    @AfterAll
    static void stop() {
        server.close();
        assertTrue(hooks.callsOf("onUnhandledError").isEmpty(), hooks::describe);
    }

    /**
     * Global rule, target all, for completed tasks of type tmp.*: the matching task becomes 404
     * (record and history) while a completed task of another type, a running tmp task and a failed
     * tmp task stay exactly as they were.
     */
    @Test
    void globalRuleDeletesOnlyMatchingTerminalTasks() {
        String otherType = server.createTask("{\"type\":\"keep.report\"}").get("id").asText();
        server.transition(otherType, "running");
        server.publish(otherType, "{\"type\":\"x\",\"level\":\"info\"}");
        server.transition(otherType, "completed");
        String running = server.createTask("{\"type\":\"tmp.running\"}").get("id").asText();
        server.transition(running, "running");
        server.publish(running, "{\"type\":\"x\",\"level\":\"info\"}");
        String failed = server.createTask("{\"type\":\"tmp.failed\"}").get("id").asText();
        server.transition(failed, "running");
        server.transition(failed, "failed");
        List<JsonNode> keptBefore = List.of(task(otherType), task(running), task(failed));
        List<JsonNode> keptHistories = List.of(server.history(otherType, null), server.history(running, null),
                server.history(failed, null));

        // Completed last: any sweep that sees it completed also sees the others in their final state.
        String doomed = server.createTask("{\"type\":\"tmp.scratch\"}").get("id").asText();
        server.transition(doomed, "running");
        server.publish(doomed, "{\"type\":\"x\",\"level\":\"info\"}");
        server.transition(doomed, "completed");
        assertEquals(200, server.get("/tasks/" + doomed).status());

        Eventually.await(WAIT, () -> server.get("/tasks/" + doomed).status() == 404,
                () -> "completed tmp.* task " + doomed + " deleted by the global rule");
        assertEquals(404, server.get("/tasks/" + doomed + "/events/history").status());
        assertFalse(ids(server.get("/tasks").json().get("tasks")).contains(doomed), "gone from the task list");

        assertEquals(keptBefore, List.of(task(otherType), task(running), task(failed)), "other tasks untouched");
        assertEquals(keptHistories, List.of(server.history(otherType, null), server.history(running, null),
                server.history(failed, null)), "other histories untouched");
    }

    /**
     * Per-task rule, target events, eventFilter levels [debug]: exactly the debug events leave the
     * history once the task completes; the same rule on a task still running does nothing.
     */
    @Test
    void perTaskRuleRemovesExactlyTheDebugEvents() {
        String stillRunning = server.createTask("{\"type\":\"job.a\",\"cleanup\":" + DROP_DEBUG + "}").get("id").asText();
        server.transition(stillRunning, "running");
        server.publish(stillRunning, "{\"type\":\"trace\",\"level\":\"debug\"}");

        String id = server.createTask("{\"type\":\"job.b\",\"cleanup\":" + DROP_DEBUG + "}").get("id").asText();
        server.transition(id, "running");
        server.publish(id, "{\"type\":\"step\",\"level\":\"info\",\"data\":{\"n\":1}}");
        server.publish(id, "{\"type\":\"trace\",\"level\":\"debug\",\"data\":{\"n\":2}}");
        server.publish(id, "{\"type\":\"careful\",\"level\":\"warn\",\"data\":{\"n\":3}}");
        server.publish(id, "{\"type\":\"trace\",\"level\":\"debug\",\"data\":{\"n\":4}}");
        server.publish(id, "{\"type\":\"oops\",\"level\":\"error\",\"data\":{\"n\":5}}");
        server.transition(id, "completed");
        JsonNode before = server.history(id, null);
        assertEquals(7, before.size());
        List<JsonNode> expected = new ArrayList<>();
        before.forEach(e -> {
            if (!"debug".equals(e.get("level").asText())) {
                expected.add(e);
            }
        });
        assertEquals(5, expected.size());

        Eventually.await(WAIT, () -> levels(server.history(id, null)).stream().noneMatch("debug"::equals),
                () -> "debug events of " + id + " deleted");
        List<JsonNode> after = new ArrayList<>();
        server.history(id, null).forEach(after::add);
        assertEquals(expected, after, "exactly the debug events are gone, the rest unchanged and in order");
        assertEquals("completed", task(id).get("status").asText(), "target events keeps the task");
        assertEquals(List.of("info", "debug"), levels(server.history(stillRunning, null)),
                "a running task is never cleaned");
    }

    /** Per-task rule, target task, without a long-term store: the task and its history become 404. */
    @Test
    void perTaskRuleWithTargetTaskDeletesTheRecord() {
        String id = server.createTask("{\"type\":\"job.c\",\"cleanup\":{\"rules\":[{\"match\":{\"status\":[\"cancelled\"]},"
                + "\"target\":\"task\"}]}}").get("id").asText();
        String completed = server.createTask("{\"type\":\"job.c\",\"cleanup\":{\"rules\":[{\"match\":{\"status\":[\"cancelled\"]},"
                + "\"target\":\"task\"}]}}").get("id").asText();
        server.transition(completed, "running");
        server.transition(completed, "completed");
        server.transition(id, "running");
        server.publish(id, "{\"type\":\"x\",\"level\":\"info\"}");
        server.transition(id, "cancelled");

        Eventually.await(WAIT, () -> server.get("/tasks/" + id).status() == 404, () -> id + " deleted by its own rule");
        assertEquals(404, server.get("/tasks/" + id + "/events/history").status());
        assertEquals(List.of("running", "completed"), statuses(server.history(completed, null)),
                "the rule's status does not match a completed task");
    }

    private static List<String> statuses(JsonNode history) {
        List<String> out = new ArrayList<>();
        history.forEach(e -> out.add(e.get("data").get("status").asText()));
        return out;
    }

    private static JsonNode task(String id) {
        var r = server.get("/tasks/" + id);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private static List<String> levels(JsonNode events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.get("level").asText()));
        return out;
    }

    private static List<String> ids(JsonNode tasks) {
        List<String> out = new ArrayList<>();
        tasks.forEach(t -> out.add(t.get("id").asText()));
        return out;
    }
}
