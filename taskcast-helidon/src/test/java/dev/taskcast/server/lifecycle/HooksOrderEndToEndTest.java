package dev.taskcast.server.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.testing.RecordingHooks;
import dev.taskcast.server.testing.RecordingHooks.Call;
import dev.taskcast.server.testing.RecordingHooksFactory;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hook order for one transition (webhooks-hooks-cleanup.md §2): status event emitted →
 * {@code onTaskFailed} / {@code onTaskTimeout} → {@code onTaskTransitioned}. The hooks come from a
 * provider found through ServiceLoader ({@code META-INF/services/dev.taskcast.spi.HooksFactory} in
 * the test resources) and enabled by name in the server config. Each task hook probes the task's
 * history over HTTP when it runs, which shows whether the status event had been emitted by then.
 */
class HooksOrderEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static TestServer server;
    private static RecordingHooks hooks;

    @BeforeAll
    static void start() {
        hooks = RecordingHooksFactory.newRecorder();
        server = TestServer.start(ServerConfig.builder().ttlSweepIntervalSeconds(1)
                .hooks(List.of(RecordingHooksFactory.selection(hooks))));
        // The statuses of the task's status events in its history when the hook runs, e.g. "running,failed".
        // Hooks run asynchronously (after the call that fired them), so later transitions may show
        // too; what matters is that the event of the hook's own transition is already there.
        hooks.probe(id -> {
            Response r = server.get("/tasks/" + id + "/events/history");
            List<String> statuses = new ArrayList<>();
            r.json().forEach(e -> statuses.add(e.path("data").path("status").asText("-")));
            return String.join(",", statuses);
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void failedTransitionFiresOnTaskFailedThenOnTaskTransitionedAfterTheStatusEvent() {
        String id = server.createTask("{\"type\":\"e2e.hooks\"}").get("id").asText();
        server.transition(id, "running");
        assertEquals(200, server.patch("/tasks/" + id + "/status",
                "{\"status\":\"failed\",\"error\":{\"code\":\"E42\",\"message\":\"boom\"}}").status());

        List<Call> calls = awaitCalls(id, 4);
        assertEquals(List.of("onTaskCreated", "onTaskTransitioned", "onTaskFailed", "onTaskTransitioned"),
                calls.stream().map(Call::hook).toList(), hooks::describe);
        assertEquals("pending", calls.get(0).detail());
        assertEquals("pending->running", calls.get(1).detail());
        assertSeen("running", calls.get(1));
        assertEquals("boom", calls.get(2).detail());
        assertSeen("failed", calls.get(2));
        assertEquals("failed", calls.get(2).task().status().wireName());
        assertNotNull(calls.get(2).task().completedAt());
        assertEquals("running->failed", calls.get(3).detail());
        assertSeen("failed", calls.get(3));
    }

    /** Failing without an error: no onTaskFailed, only onTaskTransitioned. */
    @Test
    void failingWithoutAnErrorFiresOnlyOnTaskTransitioned() {
        String id = server.createTask("{\"type\":\"e2e.hooks\"}").get("id").asText();
        server.transition(id, "running");
        server.transition(id, "failed");
        List<Call> calls = awaitCalls(id, 3);
        assertEquals(List.of("onTaskCreated", "onTaskTransitioned", "onTaskTransitioned"),
                calls.stream().map(Call::hook).toList(), hooks::describe);
        assertEquals("running->failed", calls.get(2).detail());
        assertSeen("failed", calls.get(2));
    }

    /** PATCH to timeout: onTaskTimeout then onTaskTransitioned, both after the status event. */
    @Test
    void timeoutByPatchFiresOnTaskTimeoutThenOnTaskTransitioned() {
        String id = server.createTask("{\"type\":\"e2e.hooks\"}").get("id").asText();
        server.transition(id, "running");
        server.transition(id, "timeout");
        List<Call> calls = awaitCalls(id, 4);
        assertEquals(List.of("onTaskCreated", "onTaskTransitioned", "onTaskTimeout", "onTaskTransitioned"),
                calls.stream().map(Call::hook).toList(), hooks::describe);
        assertSeen("timeout", calls.get(2));
        assertEquals("running->timeout", calls.get(3).detail());
        assertSeen("timeout", calls.get(3));
    }

    /** Auto-timeout by the TTL sweep fires the same hooks in the same order. */
    @Test
    void autoTimeoutFiresOnTaskTimeoutThenOnTaskTransitioned() {
        String id = server.createTask("{\"type\":\"e2e.hooks\",\"ttl\":1}").get("id").asText();
        server.transition(id, "running");
        List<Call> calls = awaitCalls(id, 4);
        assertEquals(List.of("onTaskCreated", "onTaskTransitioned", "onTaskTimeout", "onTaskTransitioned"),
                calls.stream().map(Call::hook).toList(), hooks::describe);
        assertSeen("timeout", calls.get(2));
        assertEquals("timeout", calls.get(2).task().status().wireName());
        assertEquals("running->timeout", calls.get(3).detail());
        assertSeen("timeout", calls.get(3));
    }

    /** The status event of {@code status} was in the history when the hook ran. */
    private static void assertSeen(String status, Call call) {
        assertTrue(Arrays.asList(call.observation().split(",")).contains(status),
                () -> call.hook() + " " + call.detail() + " ran before the " + status + " status event was emitted: "
                        + call.observation());
    }

    /** Waits for {@code n} task hook calls on {@code id} and checks no more follow promptly. */
    private static List<Call> awaitCalls(String id, int n) {
        hooks.await(WAIT, n + " task hook calls for " + id, calls -> taskCalls(calls, id).size() >= n);
        List<Call> calls = taskCalls(hooks.calls(), id);
        assertTrue(calls.size() == n, () -> "exactly " + n + " calls expected:" + hooks.describe());
        return calls;
    }

    private static List<Call> taskCalls(List<Call> calls, String id) {
        return calls.stream().filter(c -> id.equals(c.taskId()) && c.hook().startsWith("onTask")).toList();
    }
}
