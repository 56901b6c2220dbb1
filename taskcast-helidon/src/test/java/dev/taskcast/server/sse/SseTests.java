package dev.taskcast.server.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.server.testing.SseClient;
import dev.taskcast.server.testing.SseClient.Frame;
import dev.taskcast.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** Helpers shared by the SSE integration tests of this package. */
final class SseTests {
    /** Generous deadline for anything that should happen "now". */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** For blocking helpers run in the background (never the common pool: it may have one thread). */
    static final ExecutorService ASYNC = Executors.newVirtualThreadPerTaskExecutor();

    private SseTests() {
    }

    /** A new task moved to {@code running}: its history holds the status event with index 0. */
    static String runningTask(TestServer server) {
        String id = server.createTask("{}").get("id").asText();
        server.transition(id, "running");
        return id;
    }

    static String pendingTask(TestServer server) {
        return server.createTask("{}").get("id").asText();
    }

    /** Publish body with {@code data} given as JSON text ({@code null}: no data key). */
    static String event(String type, String level, String dataJson) {
        return "{\"type\":\"" + type + "\",\"level\":\"" + level + "\""
                + (dataJson == null ? "" : ",\"data\":" + dataJson) + "}";
    }

    static String delta(String seriesId, String text) {
        return "{\"type\":\"llm.delta\",\"level\":\"info\",\"data\":{\"delta\":\"" + text
                + "\"},\"seriesId\":\"" + seriesId + "\",\"seriesMode\":\"accumulate\"}";
    }

    static JsonNode publish(TestServer server, String taskId, String type) {
        return server.publish(taskId, event(type, "info", "{\"t\":\"" + type + "\"}"));
    }

    /** Opens the task stream {@code /tasks/{id}/events} + {@code query} ("" or "?..."). */
    static SseClient stream(TestServer server, String taskId, String query, String... headers) {
        SseClient sse = SseClient.open(server.port(), "/tasks/" + TestServer.seg(taskId) + "/events" + query, headers);
        assertEquals(200, sse.status(), () -> "SSE status; body " + sse.body(WAIT));
        return sse;
    }

    /** Waits until {@code GET /tasks/{id}} reports {@code n} open streams (§5.1 subscriberCount). */
    static void awaitSubscribers(TestServer server, String taskId, int n) {
        eventually(WAIT, "subscriberCount " + n + " for " + taskId,
                () -> task(server, taskId).get("subscriberCount").asInt() == n);
    }

    /** Event frames up to and including {@code taskcast.done}; the stream must then end. */
    static List<Frame> untilDone(SseClient sse) {
        List<Frame> out = new ArrayList<>();
        while (true) {
            Frame f = sse.nextEvent(WAIT);
            out.add(f);
            if (f.isDone()) {
                List<Frame> after = sse.awaitEnd(WAIT);
                assertTrue(after.isEmpty(), () -> "frames after taskcast.done: " + after);
                return out;
            }
        }
    }

    /** The payload JSON of {@code taskcast.event} frames (fails on any other frame). */
    static List<JsonNode> payloads(List<Frame> frames) {
        List<JsonNode> out = new ArrayList<>();
        for (Frame f : frames) {
            assertEquals("taskcast.event", f.event(), () -> "not an event frame: " + f.raw());
            out.add(f.json());
        }
        return out;
    }

    /** Asserts the last frame is {@code taskcast.done} with {@code reason} and returns the others. */
    static List<Frame> withoutDone(List<Frame> frames, String reason) {
        Frame last = frames.getLast();
        assertEquals("event: taskcast.done\ndata: {\"reason\":\"" + reason + "\"}\n\n", last.raw());
        return frames.subList(0, frames.size() - 1);
    }

    static List<Long> rawIndexes(List<JsonNode> envelopes) {
        return envelopes.stream().map(e -> e.get("rawIndex").asLong()).toList();
    }

    static List<Long> filteredIndexes(List<JsonNode> envelopes) {
        return envelopes.stream().map(e -> e.get("filteredIndex").asLong()).toList();
    }

    static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.get("type").asText()).toList();
    }

    /** Polls {@code condition} until true or the deadline; fails with {@code what}. */
    static void eventually(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static JsonNode task(TestServer server, String taskId) {
        var r = server.get("/tasks/" + TestServer.seg(taskId));
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    static void assertNoTransientField(List<Frame> frames) {
        for (Frame f : frames) {
            assertFalse(f.raw().contains("_accumulatedData"), () -> "transient field on the wire: " + f.raw());
        }
    }
}
