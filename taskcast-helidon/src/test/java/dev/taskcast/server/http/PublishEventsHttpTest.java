package dev.taskcast.server.http;

import static dev.taskcast.server.testing.JsonAssert.assertError;
import static dev.taskcast.server.testing.JsonAssert.assertJson;
import static dev.taskcast.server.testing.JsonAssert.assertJsonContentType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code POST /tasks/{id}/events} (http-api.md §6.1; model.md §4, §5.4, §8.2). */
class PublishEventsHttpTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Response publish(String id, String body) {
        return server.post("/tasks/" + TestServer.seg(id) + "/events", body);
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The event without its generated id and timestamp (checked to be a ULID and an integer). */
    static ObjectNode stable(JsonNode event) {
        ObjectNode copy = (ObjectNode) event.deepCopy();
        assertTrue(CreateTaskHttpTest.ULID.matcher(copy.remove("id").asText()).matches(), event::toString);
        JsonNode ts = copy.remove("timestamp");
        assertTrue(ts.isIntegralNumber() && ts.asLong() > 1_600_000_000_000L, event::toString);
        return copy;
    }

    @Test
    @DisplayName("§6.1 single body → 201 event object; publishing to a pending task is allowed (index 0)")
    void singleEventOnPendingTask() {
        server.createTask("{\"id\":\"pe-single\"}");
        Response r = publish("pe-single", "{\"type\":\"log\",\"level\":\"warn\",\"data\":{\"msg\":\"hi\"}}");
        assertEquals(201, r.status(), r::toString);
        assertJsonContentType(r);
        assertJson("{\"taskId\":\"pe-single\",\"index\":0,\"type\":\"log\",\"level\":\"warn\",\"data\":{\"msg\":\"hi\"}}",
                stable(r.json()));
        assertEquals("pending", server.get("/tasks/pe-single").json().get("status").asText());
        assertEquals(r.json(), server.history("pe-single", null).get(0));
    }

    @Test
    @DisplayName("§6.1 array body → array in request order with consecutive indexes; 1-element array → array")
    void arrayBody() {
        server.createTask("{\"id\":\"pe-array\"}");
        server.transition("pe-array", "running");
        Response r = publish("pe-array", "[{\"type\":\"a\",\"level\":\"debug\",\"data\":1},"
                + "{\"type\":\"b\",\"level\":\"info\",\"data\":2},{\"type\":\"c\",\"level\":\"error\",\"data\":3}]");
        assertEquals(201, r.status(), r::toString);
        JsonNode events = r.json();
        assertTrue(events.isArray(), r::toString);
        assertEquals(3, events.size());
        String[] types = {"a", "b", "c"};
        for (int i = 0; i < 3; i++) {
            assertEquals(types[i], events.get(i).get("type").asText());
            assertEquals(i + 1, events.get(i).get("index").asInt(), "status event took index 0");
            assertEquals(i + 1, events.get(i).get("data").asInt());
        }
        Response one = publish("pe-array", "[{\"type\":\"d\",\"level\":\"info\"}]");
        assertEquals(201, one.status(), one::toString);
        assertTrue(one.json().isArray() && one.json().size() == 1, one::toString);
        assertEquals(4, one.json().get(0).get("index").asInt());
        assertEquals(5, server.history("pe-array", null).size());
    }

    @Test
    @DisplayName("§6.1 empty array → 201 [] and nothing published")
    void emptyArray() {
        server.createTask("{\"id\":\"pe-empty\"}");
        Response r = publish("pe-empty", "[]");
        assertEquals(201, r.status(), r::toString);
        assertJson("[]", r.json());
        assertEquals(0, server.history("pe-empty", null).size());
    }

    @Test
    @DisplayName("§6.1 / model §4.1 absent data → no data key; \"data\":null is kept as null")
    void absentVersusNullData() {
        server.createTask("{\"id\":\"pe-data\"}");
        JsonNode absent = publish("pe-data", "{\"type\":\"x\",\"level\":\"info\"}").json();
        JsonNode nul = publish("pe-data", "{\"type\":\"y\",\"level\":\"info\",\"data\":null}").json();
        assertFalse(absent.has("data"), absent::toString);
        assertTrue(nul.has("data") && nul.get("data").isNull(), nul::toString);
        JsonNode history = server.history("pe-data", null);
        assertFalse(history.get(0).has("data"), history::toString);
        assertTrue(history.get(1).has("data") && history.get(1).get("data").isNull(), history::toString);
        assertEquals(Set.of("id", "taskId", "index", "timestamp", "type", "level"), fieldNames(absent));
        for (String d : new String[] {"0", "false", "\"\"", "[]", "{}", "[1,{\"a\":null}]", "\"text\""}) {
            assertJson(d, publish("pe-data", "{\"type\":\"z\",\"level\":\"info\",\"data\":" + d + "}").json().get("data"));
        }
    }

    @Test
    @DisplayName("§6.1 unknown fields (id, index, timestamp, taskId, …) are ignored; empty type allowed")
    void unknownFieldsIgnored() {
        server.createTask("{\"id\":\"pe-unknown\"}");
        JsonNode e = publish("pe-unknown", "{\"type\":\"\",\"level\":\"info\",\"id\":\"mine\",\"index\":99,"
                + "\"timestamp\":5,\"taskId\":\"other\",\"seriesSnapshot\":true,\"_accumulatedData\":1,\"x\":1}").json();
        assertJson("{\"taskId\":\"pe-unknown\",\"index\":0,\"type\":\"\",\"level\":\"info\"}", stable(e));
    }

    @Test
    @DisplayName("§6.1 series fields are echoed only when supplied; one without the other is still stored")
    void seriesFieldsEchoed() {
        server.createTask("{\"id\":\"pe-series\"}");
        JsonNode onlyId = publish("pe-series", "{\"type\":\"t\",\"level\":\"info\",\"seriesId\":\"s\"}").json();
        assertJson("{\"taskId\":\"pe-series\",\"index\":0,\"type\":\"t\",\"level\":\"info\",\"seriesId\":\"s\"}",
                stable(onlyId));
        JsonNode all = publish("pe-series", "{\"type\":\"t\",\"level\":\"info\",\"data\":{\"t\":\"a\"},\"seriesId\":\"s2\","
                + "\"seriesMode\":\"keep-all\",\"seriesAccField\":\"t\"}").json();
        assertJson("{\"taskId\":\"pe-series\",\"index\":1,\"type\":\"t\",\"level\":\"info\",\"data\":{\"t\":\"a\"},"
                + "\"seriesId\":\"s2\",\"seriesMode\":\"keep-all\",\"seriesAccField\":\"t\"}", stable(all));
    }

    @Test
    @DisplayName("§6.1 / model §8.2 an accumulate publish returns the delta as sent; history keeps deltas")
    void accumulateReturnsDelta() {
        server.createTask("{\"id\":\"pe-acc\"}");
        String tpl = "{\"type\":\"llm.delta\",\"level\":\"info\",\"data\":{\"delta\":\"%s\"},\"seriesId\":\"resp\","
                + "\"seriesMode\":\"accumulate\"}";
        publish("pe-acc", tpl.formatted("Hello"));
        Response r = publish("pe-acc", tpl.formatted(" world"));
        assertEquals(201, r.status(), r::toString);
        assertJson("{\"taskId\":\"pe-acc\",\"index\":1,\"type\":\"llm.delta\",\"level\":\"info\","
                + "\"data\":{\"delta\":\" world\"},\"seriesId\":\"resp\",\"seriesMode\":\"accumulate\"}", stable(r.json()));
        JsonNode history = server.history("pe-acc", null);
        assertJson("{\"delta\":\"Hello\"}", history.get(0).get("data"));
        assertJson("{\"delta\":\" world\"}", history.get(1).get("data"));
        assertFalse(server.get("/tasks/pe-acc/events/history").body().contains("_accumulatedData"));
    }

    @Test
    @DisplayName("§6.1 the whole batch is validated first: one bad element → 400 and nothing published")
    void batchValidatedFirst() {
        server.createTask("{\"id\":\"pe-batch\"}");
        for (String bad : new String[] {
                "[{\"type\":\"a\",\"level\":\"info\"},{\"type\":\"b\"}]",
                "[{\"type\":\"a\",\"level\":\"info\"},{\"type\":\"b\",\"level\":\"verbose\"}]",
                "[{\"type\":\"a\",\"level\":\"info\"},{\"type\":\"b\",\"level\":\"info\",\"seriesMode\":\"all\"}]",
                "[{\"type\":\"a\",\"level\":\"info\"},5]",
                "[{\"type\":\"a\",\"level\":\"info\"},{\"type\":1,\"level\":\"info\"}]",
                "{\"type\":\"a\",\"level\":\"info\",\"seriesId\":7}",
                "{\"level\":\"info\"}",
                "\"text\"", "5", "null"}) {
            Response r = publish("pe-batch", bad);
            assertEquals(400, r.status(), () -> bad + ": " + r);
        }
        assertEquals(0, server.history("pe-batch", null).size());
    }

    @Test
    @DisplayName("§6.1 level is required (no default); §3.1 terminal task → 400 with the exact message")
    void levelRequiredAndTerminal() {
        server.createTask("{\"id\":\"pe-term\"}");
        assertEquals(400, publish("pe-term", "{\"type\":\"x\"}").status());
        server.transition("pe-term", "cancelled");
        assertError(400, "Cannot publish to task in terminal status: cancelled",
                publish("pe-term", "{\"type\":\"x\",\"level\":\"info\"}"));
        assertError(400, "Cannot publish to task in terminal status: cancelled",
                publish("pe-term", "[{\"type\":\"x\",\"level\":\"info\"}]"));
        assertError(404, "Task not found: pe-nothing", publish("pe-nothing", "[]"));
    }
}
