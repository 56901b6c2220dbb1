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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code POST /tasks} against a running server (auth none): http-api.md §5.2, model.md §2. */
class CreateTaskHttpTest {
    /** README.md JSON conventions: 26 characters of Crockford base32, upper case. */
    static final Pattern ULID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    @DisplayName("§5.2 empty body object: 201, generated ULID, only id/status/createdAt/updatedAt")
    void minimalCreate() {
        long before = System.currentTimeMillis();
        Response r = server.post("/tasks", "{}");
        long after = System.currentTimeMillis();
        assertEquals(201, r.status(), r::toString);
        assertJsonContentType(r);
        JsonNode task = r.json();
        assertEquals(Set.of("id", "status", "createdAt", "updatedAt"), fieldNames(task), task::toString);
        assertTrue(ULID.matcher(task.get("id").asText()).matches(), task::toString);
        assertEquals("pending", task.get("status").asText());
        assertTrue(task.get("createdAt").isIntegralNumber(), "createdAt is a JSON integer");
        long createdAt = task.get("createdAt").asLong();
        assertTrue(createdAt >= before && createdAt <= after, task::toString);
        assertEquals(task.get("createdAt"), task.get("updatedAt"));
        // model.md §5.2: the created task is readable afterwards
        assertEquals(200, server.get("/tasks/" + task.get("id").asText()).status());
    }

    @Test
    @DisplayName("§5.2 generated ids are distinct ULIDs whose time prefix is the creation time")
    void generatedIdsAreUlids() {
        Set<String> ids = new TreeSet<>();
        for (int i = 0; i < 20; i++) {
            JsonNode t = server.createTask("{\"type\":\"ulid\"}");
            String id = t.get("id").asText();
            assertTrue(ULID.matcher(id).matches(), id);
            assertEquals(t.get("createdAt").asLong(), decodeUlidTime(id), 5, "ULID time prefix vs createdAt");
            ids.add(id);
        }
        assertEquals(20, ids.size());
    }

    static long decodeUlidTime(String ulid) {
        String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        long t = 0;
        for (int i = 0; i < 10; i++) {
            t = t * 32 + alphabet.indexOf(ulid.charAt(i));
        }
        return t;
    }

    @Test
    @DisplayName("§5.2 every optional field is echoed; unknown top-level fields ignored; cleanup extra keys dropped")
    void allOptionalFieldsEchoed() {
        String body = """
                {"id":"create-all","type":"llm.chat","params":{"prompt":"Hello","nested":{"a":[1,2,{"b":null}]}},
                 "metadata":{"owner":"me","n":1.5},"ttl":3600,
                 "webhooks":[{"url":"https://example.invalid/hook","secret":"s","unknownKey":{"kept":true}}],
                 "cleanup":{"rules":[{"anything":"goes"}],"extra":"dropped"},
                 "authConfig":{"rules":[{"match":{"scope":["event:publish"]},"require":{"sub":["alice"]}}]},
                 "tags":["gpu","fast"],"assignMode":"ws-race","cost":3,"disconnectPolicy":"reassign",
                 "unknownField":"ignored","status":"running","createdAt":1}
                """;
        Response r = server.post("/tasks", body);
        assertEquals(201, r.status(), r::toString);
        ObjectNode task = (ObjectNode) r.json();
        long createdAt = task.get("createdAt").asLong();
        assertTrue(createdAt > 1_600_000_000_000L, "createdAt is the server's clock, not the body's");
        assertEquals(task.get("createdAt"), task.get("updatedAt"));
        task.remove("createdAt");
        task.remove("updatedAt");
        assertJson("""
                {"id":"create-all","status":"pending","type":"llm.chat",
                 "params":{"prompt":"Hello","nested":{"a":[1,2,{"b":null}]}},
                 "metadata":{"owner":"me","n":1.5},"ttl":3600,
                 "webhooks":[{"url":"https://example.invalid/hook","secret":"s","unknownKey":{"kept":true}}],
                 "cleanup":{"rules":[{"anything":"goes"}]},
                 "authConfig":{"rules":[{"match":{"scope":["event:publish"]},"require":{"sub":["alice"]}}]},
                 "tags":["gpu","fast"],"assignMode":"ws-race","cost":3,"disconnectPolicy":"reassign"}
                """, task);
        // and the stored task is identical apart from the GET-only fields (§5.1)
        ObjectNode got = (ObjectNode) server.get("/tasks/create-all").json();
        assertEquals(false, got.remove("hot").asBoolean());
        assertEquals(0, got.remove("subscriberCount").asInt());
        got.remove("createdAt");
        got.remove("updatedAt");
        assertEquals(task, got);
    }

    @Test
    @DisplayName("§5.2 only supplied fields appear (no nulls for absent optionals)")
    void onlySuppliedFields() {
        JsonNode t = server.createTask("{\"id\":\"create-some\",\"type\":\"x\",\"params\":{}}");
        assertEquals(Set.of("id", "status", "createdAt", "updatedAt", "type", "params"), fieldNames(t), t::toString);
        assertJson("{}", t.get("params"));
    }

    @Test
    @DisplayName("§5.2 / model.md §1 the empty string is an accepted explicit id")
    void emptyStringId() {
        Response r = server.post("/tasks", "{\"id\":\"\"}");
        assertEquals(201, r.status(), r::toString);
        assertEquals("", r.json().get("id").asText());
    }

    @Test
    @DisplayName("§5.2 / §3.1 duplicate explicit id: 409 Task already exists: <id>, first task unchanged")
    void duplicateId() {
        JsonNode first = server.createTask("{\"id\":\"dup-1\",\"type\":\"first\"}");
        Response r = server.post("/tasks", "{\"id\":\"dup-1\",\"type\":\"second\"}");
        assertError(409, "Task already exists: dup-1", r);
        JsonNode got = server.get("/tasks/dup-1").json();
        assertEquals("first", got.get("type").asText());
        assertEquals(first.get("createdAt"), got.get("createdAt"));
    }

    @Test
    @DisplayName("§5.2 / model.md §5.1 20 concurrent creates with one id: exactly one 201, the rest 409")
    void concurrentCreatesWithOneId() {
        List<CompletableFuture<Response>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(server.request("POST", "/tasks").json("{\"id\":\"race-create\",\"type\":\"n" + i + "\"}")
                    .sendAsync());
        }
        List<Response> responses = futures.stream().map(CompletableFuture::join).toList();
        List<Response> created = responses.stream().filter(r -> r.status() == 201).toList();
        assertEquals(1, created.size(), responses::toString);
        for (Response r : responses) {
            if (r.status() != 201) {
                assertError(409, "Task already exists: race-create", r);
            }
        }
        JsonNode got = server.get("/tasks/race-create").json();
        assertEquals(created.getFirst().json().get("type"), got.get("type"), "the winner's task is stored");
    }

    @Test
    @DisplayName("§5.2 ttl must be an integer > 0; numeric strings, floats, 0 and negatives are 400")
    void ttlRules() {
        for (String ttl : new String[] {"\"60\"", "1.5", "0", "-5"}) {
            Response r = server.post("/tasks", "{\"ttl\":" + ttl + "}");
            assertEquals(400, r.status(), () -> ttl + ": " + r);
            assertEquals(false, r.json().get("success").asBoolean(), r::toString);
            assertEquals("ttl", r.json().at("/error/issues/0/path/0").asText(), r::toString);
        }
        assertEquals(201, server.post("/tasks", "{\"ttl\":1}").status());
    }

    @Test
    @DisplayName("§5.2 field types: params/metadata objects, tags strings, enums, cost integer > 0, cleanup.rules")
    void fieldTypeRules() {
        String[][] cases = {
                {"{\"params\":null}", "params"},
                {"{\"params\":[1]}", "params"},
                {"{\"metadata\":\"m\"}", "metadata"},
                {"{\"id\":5}", "id"},
                {"{\"type\":true}", "type"},
                {"{\"tags\":[1]}", "tags"},
                {"{\"assignMode\":\"push\"}", "assignMode"},
                {"{\"disconnectPolicy\":\"retry\"}", "disconnectPolicy"},
                {"{\"cost\":0}", "cost"},
                {"{\"cost\":1.5}", "cost"},
                {"{\"webhooks\":{}}", "webhooks"},
                {"{\"cleanup\":{}}", "cleanup"},
                {"{\"authConfig\":[]}", "authConfig"},
        };
        for (String[] c : cases) {
            Response r = server.post("/tasks", c[0]);
            assertEquals(400, r.status(), () -> c[0] + ": " + r);
            assertEquals(c[1], r.json().at("/error/issues/0/path/0").asText(), () -> c[0] + ": " + r);
        }
        assertFalse(server.get("/tasks").body().contains("\"assignMode\":\"push\""), "nothing was created");
    }
}
