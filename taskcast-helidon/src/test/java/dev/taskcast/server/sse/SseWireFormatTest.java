package dev.taskcast.server.sse;

import static dev.taskcast.server.sse.SseTests.WAIT;
import static dev.taskcast.server.sse.SseTests.runningTask;
import static dev.taskcast.server.sse.SseTests.stream;
import static dev.taskcast.server.testing.JsonAssert.assertError;
import static dev.taskcast.server.testing.JsonAssert.assertJsonContentType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.SseClient;
import dev.taskcast.server.testing.SseClient.Frame;
import dev.taskcast.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** http-api.md §7.2 / §7.4 / §7.6: headers, exact frame bytes, JSON errors before streaming. */
class SseWireFormatTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ServerConfig.builder().sseKeepaliveMs(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** §7.2: 200 with Content-Type text/event-stream, Cache-Control no-cache, Connection keep-alive, chunked. */
    @Test
    void headers() {
        String id = runningTask(server);
        try (SseClient sse = stream(server, id, "")) {
            assertEquals("text/event-stream", sse.header("Content-Type"));
            assertEquals("no-cache", sse.header("Cache-Control"));
            assertEquals("keep-alive", sse.header("Connection"));
            assertEquals("chunked", sse.header("Transfer-Encoding"));
        }
    }

    /**
     * §7.2/§7.4/§7.6: field order event, data, id, blank line; envelope fields in the documented
     * order; JSON on one line (line breaks escaped, U+2028 not a line break); {@code taskcast.done}
     * without an id line; nothing else on the wire (no retry:, no comments, no taskcast.status).
     */
    @Test
    void exactBytesOfReplayedLiveAndDoneFrames() {
        String id = runningTask(server);
        JsonNode status = server.history(id, null).get(0);
        JsonNode replayed = server.publish(id,
                "{\"type\":\"note\",\"level\":\"warn\",\"data\":{\"text\":\"a\\nb\u2028c\",\"n\":1.5}}");
        try (SseClient sse = stream(server, id, "")) {
            String first = "event: taskcast.event\n"
                    + "data: {\"filteredIndex\":0,\"rawIndex\":0,\"eventId\":\"" + status.get("id").asText()
                    + "\",\"taskId\":\"" + id + "\",\"type\":\"taskcast:status\",\"timestamp\":"
                    + status.get("timestamp").asLong() + ",\"level\":\"info\",\"data\":{\"status\":\"running\"}}\n"
                    + "id: " + status.get("id").asText() + "\n\n";
            String second = "event: taskcast.event\n"
                    + "data: {\"filteredIndex\":1,\"rawIndex\":1,\"eventId\":\"" + replayed.get("id").asText()
                    + "\",\"taskId\":\"" + id + "\",\"type\":\"note\",\"timestamp\":" + replayed.get("timestamp").asLong()
                    + ",\"level\":\"warn\",\"data\":{\"text\":\"a\\nb\u2028c\",\"n\":1.5}}\n"
                    + "id: " + replayed.get("id").asText() + "\n\n";
            assertEquals(first, sse.next(WAIT).raw());
            assertEquals(second, sse.next(WAIT).raw());

            // A live event without data (no "data" key) and with series fields.
            JsonNode live = server.publish(id, "{\"type\":\"p\",\"level\":\"debug\",\"seriesId\":\"s\","
                    + "\"seriesMode\":\"keep-all\",\"seriesAccField\":\"f\"}");
            String third = "event: taskcast.event\n"
                    + "data: {\"filteredIndex\":2,\"rawIndex\":2,\"eventId\":\"" + live.get("id").asText()
                    + "\",\"taskId\":\"" + id + "\",\"type\":\"p\",\"timestamp\":" + live.get("timestamp").asLong()
                    + ",\"level\":\"debug\",\"seriesId\":\"s\",\"seriesMode\":\"keep-all\",\"seriesAccField\":\"f\"}\n"
                    + "id: " + live.get("id").asText() + "\n\n";
            assertEquals(third, sse.next(WAIT).raw());

            Response done = server.patch("/tasks/" + id + "/status", "{\"status\":\"completed\",\"result\":{\"ok\":true}}");
            assertEquals(200, done.status(), done::toString);
            JsonNode completed = server.history(id, null).get(3);
            String fourth = "event: taskcast.event\n"
                    + "data: {\"filteredIndex\":3,\"rawIndex\":3,\"eventId\":\"" + completed.get("id").asText()
                    + "\",\"taskId\":\"" + id + "\",\"type\":\"taskcast:status\",\"timestamp\":"
                    + completed.get("timestamp").asLong()
                    + ",\"level\":\"info\",\"data\":{\"status\":\"completed\",\"result\":{\"ok\":true}}}\n"
                    + "id: " + completed.get("id").asText() + "\n\n";
            String close = "event: taskcast.done\ndata: {\"reason\":\"completed\"}\n\n";
            assertEquals(fourth, sse.next(WAIT).raw());
            assertEquals(close, sse.next(WAIT).raw());
            assertEquals(List.of(), sse.awaitEnd(WAIT));
            assertEquals(first + second + third + fourth + close, sse.body(WAIT), "the whole body, byte for byte");
        }
    }

    /** §7.2: there is no taskcast.status event name; status changes are taskcast.event messages. */
    @Test
    void statusChangesAreTaskcastEventMessages() {
        String id = runningTask(server);
        try (SseClient sse = stream(server, id, "")) {
            Frame f = sse.nextEvent(WAIT);
            assertEquals("taskcast.event", f.event());
            assertEquals("taskcast:status", f.json().get("type").asText());
            assertEquals("running", f.json().get("data").get("status").asText());
            server.transition(id, "cancelled");
            assertEquals("taskcast:status", sse.nextEvent(WAIT).json().get("type").asText());
            assertEquals("event: taskcast.done\ndata: {\"reason\":\"cancelled\"}\n\n", sse.nextEvent(WAIT).raw());
            sse.awaitEnd(WAIT);
        }
    }

    /** §7.2: errors before streaming are JSON; unknown task → 404 {"error":"Task not found"}. */
    @Test
    void unknownTaskIs404Json() {
        assertError(404, "Task not found", server.get("/tasks/no-such-task/events"));
        assertError(404, "Task not found", server.get("/tasks/no-such-task/events?types=a&since.id=x"));
    }

    /** §7.1/§3.2: a repeated declared parameter → 400 JSON naming it, not a stream. */
    @Test
    void repeatedParameterIs400Json() {
        String id = runningTask(server);
        for (String param : List.of("since.index", "types", "limit", "wrap", "since.id")) {
            Response r = server.get("/tasks/" + id + "/events?" + param + "=1&" + param + "=2");
            assertEquals(400, r.status(), r::toString);
            assertJsonContentType(r);
            assertTrue(r.body().contains("\"" + param + "\""), r::toString);
            assertTrue(r.json().isObject(), r::toString);
        }
        Response g = server.get("/events?levels=info&levels=warn");
        assertEquals(400, g.status(), g::toString);
        assertJsonContentType(g);
        assertTrue(g.body().contains("\"levels\""), g::toString);
    }

    /** §7.1: undeclared parameters are ignored (not an error), even repeated. */
    @Test
    void undeclaredParameterIgnored() {
        String id = runningTask(server);
        server.transition(id, "completed");
        try (SseClient sse = stream(server, id, "?foo=1&foo=2")) {
            List<Frame> frames = SseTests.untilDone(sse);
            assertEquals(3, frames.size());
        }
    }
}
