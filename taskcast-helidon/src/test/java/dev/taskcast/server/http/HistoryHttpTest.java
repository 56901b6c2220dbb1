package dev.taskcast.server.http;

import static dev.taskcast.server.testing.JsonAssert.assertError;
import static dev.taskcast.server.testing.JsonAssert.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code GET /tasks/{id}/events/history} (http-api.md §6.2; model.md §8.3, §8.6, §9.5). */
class HistoryHttpTest {
    static final String DELTA = "{\"type\":\"llm.delta\",\"level\":\"info\",\"data\":{\"delta\":\"%s\"},"
            + "\"seriesId\":\"resp\",\"seriesMode\":\"accumulate\"}";

    static TestServer server;
    /** Task {@code h-plain}: running status (0) then events e1..e6 (indexes 1..6). */
    static JsonNode plain;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.createTask("{\"id\":\"h-plain\"}");
        server.transition("h-plain", "running");
        for (int i = 1; i <= 6; i++) {
            server.publish("h-plain", "{\"type\":\"e" + i + "\",\"level\":\"" + (i % 2 == 0 ? "debug" : "info") + "\"}");
        }
        plain = server.history("h-plain", null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<Integer> indexes(JsonNode events) {
        List<Integer> out = new ArrayList<>();
        events.forEach(e -> out.add(e.get("index").asInt()));
        return out;
    }

    static List<Integer> plain(String query) {
        return indexes(server.history("h-plain", query));
    }

    @Test
    @DisplayName("§6.2 no parameters: every event in store order")
    void everything() {
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), indexes(plain));
        assertEquals("taskcast:status", plain.get(0).get("type").asText());
        assertEquals(plain, server.history("h-plain", "?seriesFormat=delta"));
        assertEquals(plain, server.history("h-plain", "?seriesFormat=bogus"));
        assertEquals(plain, server.history("h-plain", "?types=e1&levels=error"), "types/levels accepted, ignored");
    }

    @Test
    @DisplayName("§6.2 since.index is a raw index cursor (index > N) parsed with Number()")
    void sinceIndex() {
        assertEquals(List.of(3, 4, 5, 6), plain("?since.index=2"));
        assertEquals(List.of(), plain("?since.index=6"));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), plain("?since.index=-1"));
        assertEquals(List.of(1, 2, 3, 4, 5, 6), plain("?since.index="), "empty string → 0");
        assertEquals(List.of(2, 3, 4, 5, 6), plain("?since.index=%201%20"), "whitespace ignored");
        assertEquals(List.of(3, 4, 5, 6), plain("?since.index=2.5"));
        assertEquals(List.of(5, 6), plain("?since.index=0x4"));
    }

    @Test
    @DisplayName("§6.2 a NaN since.index or since.timestamp (without since.id) → []")
    void nanCursor() {
        assertEquals(List.of(), plain("?since.index=abc"));
        assertEquals(List.of(), plain("?since.index=5abc"));
        assertEquals(List.of(), plain("?since.timestamp=nope"));
    }

    @Test
    @DisplayName("§6.2 since.id: events after that event; unknown id → everything; id wins over index")
    void sinceId() {
        String id2 = plain.get(2).get("id").asText();
        assertEquals(List.of(3, 4, 5, 6), plain("?since.id=" + id2));
        assertEquals(List.of(), plain("?since.id=" + plain.get(6).get("id").asText()));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), plain("?since.id=01UNKNOWN0000000000000000"));
        assertEquals(List.of(3, 4, 5, 6), plain("?since.id=" + id2 + "&since.index=5"));
        assertEquals(List.of(3, 4, 5, 6), plain("?since.id=" + id2 + "&since.index=abc"));
        assertEquals(List.of(6), plain("?since.id=&since.index=5"), "an empty since.id is not applied");
    }

    @Test
    @DisplayName("§6.2 since.timestamp: events with timestamp > T")
    void sinceTimestamp() {
        long t = plain.get(3).get("timestamp").asLong();
        List<Integer> expected = new ArrayList<>();
        plain.forEach(e -> {
            if (e.get("timestamp").asLong() > t) {
                expected.add(e.get("index").asInt());
            }
        });
        assertEquals(expected, plain("?since.timestamp=" + t));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), plain("?since.timestamp=0"));
        assertEquals(List.of(), plain("?since.timestamp=" + (plain.get(6).get("timestamp").asLong())));
    }

    @Test
    @DisplayName("§6.2 limit keeps the first N (parseInt: '5abc' → 5); ignored unless > 0")
    void limit() {
        assertEquals(List.of(0, 1), plain("?limit=2"));
        assertEquals(List.of(0, 1, 2, 3, 4), plain("?limit=5abc"));
        assertEquals(List.of(0, 1, 2), plain("?limit=3.9"));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), plain("?limit=0"));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), plain("?limit=-3"));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), plain("?limit=abc"));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), plain("?limit=100"));
        assertEquals(List.of(3, 4), plain("?since.index=2&limit=2"));
    }

    @Test
    @DisplayName("§6.2 unknown task → 404 Task not found")
    void unknownTask() {
        assertError(404, "Task not found", server.get("/tasks/h-none/events/history"));
        assertError(404, "Task not found", server.get("/tasks/h-none/events/history?since.index=1"));
    }

    @Test
    @DisplayName("§6.2 / model §8.3 latest series: one slot at the first position with the newest event (0,1,4,3)")
    void latestSeriesOrder() {
        server.createTask("{\"id\":\"h-latest\"}");
        server.transition("h-latest", "running");
        server.publish("h-latest", "{\"type\":\"log\",\"level\":\"info\"}");
        String p = "{\"type\":\"progress\",\"level\":\"info\",\"data\":{\"p\":%d},\"seriesId\":\"p\",\"seriesMode\":\"latest\"}";
        JsonNode first = server.publish("h-latest", p.formatted(1));
        server.publish("h-latest", "{\"type\":\"x\",\"level\":\"info\"}");
        JsonNode second = server.publish("h-latest", p.formatted(2));
        assertEquals(2, first.get("index").asInt());
        assertEquals(4, second.get("index").asInt(), "every publish is returned with its own fresh index");
        JsonNode history = server.history("h-latest", null);
        assertEquals(List.of(0, 1, 4, 3), indexes(history));
        assertEquals(second, history.get(2));
        assertJson("{\"p\":2}", history.get(2).get("data"));
        assertEquals(List.of(4, 3), indexes(server.history("h-latest", "?since.index=1")));
        assertEquals(List.of(3), indexes(server.history("h-latest", "?since.id=" + second.get("id").asText())));
    }

    @Test
    @DisplayName("§6.2 / model §8.6 seriesFormat=accumulated collapses accumulate series into one snapshot")
    void accumulatedCollapse() {
        server.createTask("{\"id\":\"h-acc\"}");
        server.transition("h-acc", "running");
        server.publish("h-acc", DELTA.formatted("Hel"));
        server.publish("h-acc", "{\"type\":\"log\",\"level\":\"info\"}");
        server.publish("h-acc", DELTA.formatted("lo"));
        JsonNode last = server.publish("h-acc", DELTA.formatted(" world"));
        server.transition("h-acc", "completed");
        JsonNode raw = server.history("h-acc", null);
        assertEquals(List.of(0, 1, 2, 3, 4, 5), indexes(raw));

        JsonNode collapsed = server.history("h-acc", "?seriesFormat=accumulated");
        assertEquals(List.of(0, 4, 2, 5), indexes(collapsed), collapsed::toString);
        ObjectNode snapshot = (ObjectNode) collapsed.get(1);
        assertEquals(last.get("id"), snapshot.get("id"), "the snapshot carries the newest delta's id");
        assertEquals(last.get("timestamp"), snapshot.get("timestamp"));
        assertJson("{\"taskId\":\"h-acc\",\"index\":4,\"type\":\"llm.delta\",\"level\":\"info\","
                + "\"data\":{\"delta\":\"Hello world\"},\"seriesId\":\"resp\",\"seriesMode\":\"accumulate\","
                + "\"seriesSnapshot\":true}", withoutIdAndTime(snapshot));
        assertEquals(raw.get(0), collapsed.get(0));
        assertEquals(raw.get(2), collapsed.get(2));
        assertEquals(raw.get(5), collapsed.get(3));
        assertFalse(raw.get(1).has("seriesSnapshot"), "snapshots are never stored");

        // with a cursor the result is collapsed too, the snapshot coming from the series pointer
        assertEquals(List.of(2, 4, 5), indexes(server.history("h-acc", "?since.index=1&seriesFormat=accumulated")));
        JsonNode cut = server.history("h-acc", "?limit=2&seriesFormat=accumulated");
        assertEquals(List.of(0, 4), indexes(cut), "limit cuts before collapse; the pointer is newer");
        assertJson("{\"delta\":\"Hello world\"}", cut.get(1).get("data"));
        assertEquals(List.of(5), indexes(server.history("h-acc", "?since.index=4&seriesFormat=accumulated")));
    }

    static ObjectNode withoutIdAndTime(JsonNode e) {
        ObjectNode copy = (ObjectNode) e.deepCopy();
        copy.remove("id");
        copy.remove("timestamp");
        return copy;
    }
}
