package dev.taskcast.server.sse;

import static dev.taskcast.server.sse.SseTests.WAIT;
import static dev.taskcast.server.sse.SseTests.delta;
import static dev.taskcast.server.sse.SseTests.event;
import static dev.taskcast.server.sse.SseTests.publish;
import static dev.taskcast.server.sse.SseTests.runningTask;
import static dev.taskcast.server.sse.SseTests.types;
import static dev.taskcast.server.testing.JsonAssert.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.testing.SseClient;
import dev.taskcast.server.testing.SseClient.Frame;
import dev.taskcast.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** http-api.md §8: the global stream {@code GET /events}. */
class GlobalEventsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ServerConfig.builder().sseKeepaliveMs(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Opens /events + query and checks §8's start: SSE headers, then exactly ":keepalive\n\n". */
    private static SseClient global(String query) {
        SseClient sse = SseClient.open(server.port(), "/events" + query);
        assertEquals(200, sse.status(), () -> sse.body(WAIT));
        assertEquals("text/event-stream", sse.header("Content-Type"));
        assertEquals("no-cache", sse.header("Cache-Control"));
        assertEquals("keep-alive", sse.header("Connection"));
        assertEquals(":keepalive\n\n", sse.next(WAIT).raw(), "the first thing written is the keepalive comment");
        return sse;
    }

    /**
     * §8: events (status events included) of tasks created after the connection opened, as
     * envelopes with filteredIndex 0 and the stored delta as data, no snapshot flag, no done.
     */
    @Test
    void streamsTasksCreatedAfterConnectingOnly() {
        String before = runningTask(server);
        try (SseClient sse = global("")) {
            publish(server, before, "old-task-event");
            String after = server.createTask("{}").get("id").asText();
            JsonNode running = server.transition(after, "running");
            JsonNode d1 = server.publish(after, delta("s", "Hel"));
            JsonNode d2 = server.publish(after, delta("s", "lo"));
            publish(server, before, "old-task-event");
            server.transition(after, "completed");
            String third = server.createTask("{}").get("id").asText();
            JsonNode marker = server.publish(third, event("marker", "info", null));

            List<Frame> frames = new ArrayList<>();
            Frame f;
            do {
                f = sse.nextEvent(WAIT);
                frames.add(f);
            } while (!marker.get("id").asText().equals(f.id()));
            List<JsonNode> got = frames.stream().map(Frame::json).toList();
            assertEquals(List.of("taskcast:status", "llm.delta", "llm.delta", "taskcast:status", "marker"), types(got),
                    "only tasks created after connecting; no done after the completed status");
            frames.forEach(fr -> assertEquals("taskcast.event", fr.event()));
            got.forEach(e -> assertEquals(0, e.get("filteredIndex").asLong()));
            got.forEach(e -> assertFalse(e.has("seriesSnapshot")));
            assertEquals(List.of(0L, 1L, 2L, 3L, 0L), SseTests.rawIndexes(got));
            assertEquals(d2.get("id").asText(), frames.get(2).id());
            assertJson("{\"delta\":\"lo\"}", got.get(2).get("data"));
            assertEquals("event: taskcast.event\ndata: {\"filteredIndex\":0,\"rawIndex\":1,\"eventId\":\""
                    + d1.get("id").asText() + "\",\"taskId\":\"" + after + "\",\"type\":\"llm.delta\",\"timestamp\":"
                    + d1.get("timestamp").asLong() + ",\"level\":\"info\",\"data\":{\"delta\":\"Hel\"},"
                    + "\"seriesId\":\"s\",\"seriesMode\":\"accumulate\"}\nid: " + d1.get("id").asText() + "\n\n",
                    frames.get(1).raw());
            assertEquals("running", running.get("status").asText());
            assertEquals("completed", got.get(3).get("data").get("status").asText());
            assertEquals(third, got.get(4).get("taskId").asText());
            SseTests.assertNoTransientField(frames);
            assertTrue(sse.received().stream().noneMatch(Frame::isDone));
            assertFalse(sse.hasEnded(), "the global stream never ends by itself");
        }
    }

    /** §8: types/levels filters (parsed as §7.1), status events subject to them. */
    @Test
    void typesAndLevelsFilter() {
        try (SseClient sse = global("?types=llm.*,marker&levels=warn,info")) {
            String id = runningTask(server);
            server.publish(id, event("llm.a", "warn", null));
            server.publish(id, event("llm.b", "error", null));
            server.publish(id, event("llmx", "warn", null));
            server.publish(id, event("llm.c", "info", null));
            String marker = server.publish(id, event("marker", "info", null)).get("id").asText();
            List<JsonNode> got = untilId(sse, marker);
            assertEquals(List.of("llm.a", "llm.c", "marker"), types(got));
        }
    }

    /** §8: an empty types/levels value means no filter on this endpoint (unlike §7.1). */
    @Test
    void emptyFilterValuesMeanNoFilter() {
        try (SseClient sse = global("?types=&levels=")) {
            String id = runningTask(server);
            String marker = server.publish(id, event("marker", "debug", null)).get("id").asText();
            assertEquals(List.of("taskcast:status", "marker"), types(untilId(sse, marker)));
        }
    }

    /** §8: several global subscribers each get the events; closing one does not disturb the other. */
    @Test
    void independentSubscribers() {
        SseClient first = global("");
        try (SseClient second = global("")) {
            String id = server.createTask("{}").get("id").asText();
            String m1 = server.publish(id, event("m1", "info", null)).get("id").asText();
            assertEquals(List.of("m1"), types(untilId(first, m1)));
            first.close();
            String m2 = server.publish(id, event("m2", "info", null)).get("id").asText();
            assertEquals(List.of("m1", "m2"), types(untilId(second, m2)));
        } finally {
            first.close();
        }
    }

    private static List<JsonNode> untilId(SseClient sse, String id) {
        List<JsonNode> out = new ArrayList<>();
        Frame f;
        do {
            f = sse.nextEvent(WAIT);
            assertEquals("taskcast.event", f.event(), f.raw());
            out.add(f.json());
        } while (!id.equals(f.id()));
        return out;
    }
}
