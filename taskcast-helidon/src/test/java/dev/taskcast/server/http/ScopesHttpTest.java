package dev.taskcast.server.http;

import static dev.taskcast.server.testing.JsonAssert.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Scope per endpoint and the task-id restriction (http-api.md §2.4, §2.5), in jwt mode. */
class ScopesHttpTest {
    static final List<String> SCOPES = List.of("task:create", "task:manage", "event:publish", "event:subscribe",
            "event:history", "webhook:create", "worker:connect", "worker:manage", "task:resolve", "task:signal");

    static TestServer server;
    static TestServer.Caller admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.jwtConfig());
        admin = server.as(server.tokenWithScopes("*"));
        admin.createTask("{\"id\":\"s-run\"}");
        admin.transition("s-run", "running");
        admin.createTask("{\"id\":\"s-done\"}");
        admin.transition("s-done", "cancelled");
        admin.createTask("{\"id\":\"s-other\",\"type\":\"scoped\"}");
        admin.createTask("{\"id\":\"s-mine\",\"type\":\"scoped\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A token with every defined scope except {@code missing}. */
    static TestServer.Caller allBut(String missing) {
        return server.as(server.tokenWithScopes(SCOPES.stream().filter(s -> !s.equals(missing)).toArray(String[]::new)));
    }

    static TestServer.Caller only(String scope) {
        return server.as(server.tokenWithScopes(scope));
    }

    @Test
    @DisplayName("§2.5 POST /tasks needs task:create; a restricted token may create any id")
    void createScope() {
        assertError(403, "Forbidden", allBut("task:create").post("/tasks", "{\"id\":\"s-c1\"}"));
        assertEquals(404, admin.get("/tasks/s-c1").status(), "nothing created");
        assertEquals(201, only("task:create").post("/tasks", "{\"id\":\"s-c1\"}").status());
        String restricted = server.token("{\"taskIds\":[\"x\"],\"scope\":[\"task:create\"]}");
        assertEquals(201, server.as(restricted).post("/tasks", "{\"id\":\"s-c2\"}").status());
    }

    @Test
    @DisplayName("§2.5 (BO) non-empty webhooks need webhook:create (or *): 403 without, 201 with")
    void webhookScope() {
        String hooks = ",\"webhooks\":[{\"url\":\"https://example.invalid/hook\"}]}";
        assertError(403, "Forbidden", only("task:create").post("/tasks", "{\"id\":\"s-w1\"" + hooks));
        assertEquals(404, admin.get("/tasks/s-w1").status(), "nothing created");
        assertEquals(201, only("task:create").post("/tasks", "{\"id\":\"s-w2\",\"webhooks\":[]}").status());
        assertEquals(201, server.as(server.tokenWithScopes("task:create", "webhook:create"))
                .post("/tasks", "{\"id\":\"s-w3\"" + hooks).status());
        assertEquals(201, admin.post("/tasks", "{\"id\":\"s-w4\"" + hooks).status());
        assertError(403, "Forbidden", only("webhook:create").post("/tasks", "{\"id\":\"s-w5\"" + hooks));
    }

    @Test
    @DisplayName("§2.5 GET /tasks needs event:subscribe")
    void listScope() {
        assertError(403, "Forbidden", allBut("event:subscribe").get("/tasks"));
        assertEquals(200, only("event:subscribe").get("/tasks").status());
    }

    @Test
    @DisplayName("§2.5 GET /tasks/{id} needs event:subscribe")
    void getScope() {
        assertError(403, "Forbidden", allBut("event:subscribe").get("/tasks/s-run"));
        assertEquals(200, only("event:subscribe").get("/tasks/s-run").status());
    }

    @Test
    @DisplayName("§2.5 PATCH /tasks/{id}/status needs task:manage")
    void transitionScope() {
        admin.createTask("{\"id\":\"s-t\"}");
        assertError(403, "Forbidden", allBut("task:manage").patch("/tasks/s-t/status", "{\"status\":\"running\"}"));
        assertEquals("pending", admin.get("/tasks/s-t").json().get("status").asText());
        assertEquals(200, only("task:manage").patch("/tasks/s-t/status", "{\"status\":\"running\"}").status());
    }

    @Test
    @DisplayName("§2.5 POST /tasks/{id}/events needs event:publish")
    void publishScope() {
        String event = "{\"type\":\"x\",\"level\":\"info\"}";
        int before = admin.history("s-run", null).size();
        assertError(403, "Forbidden", allBut("event:publish").post("/tasks/s-run/events", event));
        assertEquals(before, admin.history("s-run", null).size());
        assertEquals(201, only("event:publish").post("/tasks/s-run/events", event).status());
    }

    @Test
    @DisplayName("§2.5 GET /tasks/{id}/events/history needs event:history")
    void historyScope() {
        assertError(403, "Forbidden", allBut("event:history").get("/tasks/s-run/events/history"));
        assertEquals(200, only("event:history").get("/tasks/s-run/events/history").status());
    }

    @Test
    @DisplayName("§2.5 GET /tasks/{id}/events (SSE) needs event:subscribe")
    void taskStreamScope() {
        assertError(403, "Forbidden", allBut("event:subscribe").get("/tasks/s-done/events"));
        // a terminal task's stream replays, sends done and closes by itself (§7.3)
        Response r = only("event:subscribe").get("/tasks/s-done/events");
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.contentType().startsWith("text/event-stream"), r::toString);
        assertTrue(r.body().contains("event: taskcast.done"), r::toString);
    }

    @Test
    @DisplayName("§2.5 GET /events (global SSE) needs event:subscribe, without task-id check")
    void globalStreamScope() throws IOException {
        assertError(403, "Forbidden", allBut("event:subscribe").get("/events"));
        String restricted = server.token("{\"taskIds\":[],\"scope\":[\"event:subscribe\"]}");
        HttpResponse<InputStream> stream = server.as(restricted).request("GET", "/events").sendStreaming();
        try (InputStream in = stream.body()) {
            assertEquals(200, stream.statusCode());
            assertTrue(stream.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
            // §8: the server first writes the comment ":keepalive\n\n"
            assertEquals(":keepalive\n\n", new String(in.readNBytes(12), StandardCharsets.UTF_8));
        }
    }

    @Test
    @DisplayName("§2.4/§2.5 taskIds restriction: 403 on every task endpoint for other ids, allowed for listed ids")
    void taskIdRestriction() {
        TestServer.Caller mine = server.as(server.token("{\"taskIds\":[\"s-mine\"],\"scope\":[\"*\"]}"));
        for (String id : new String[] {"s-other", "s-run"}) {
            assertError(403, "Forbidden", mine.get("/tasks/" + id));
            assertError(403, "Forbidden", mine.get("/tasks/" + id + "/events/history"));
            assertError(403, "Forbidden", mine.get("/tasks/" + id + "/events"));
            assertError(403, "Forbidden", mine.post("/tasks/" + id + "/events", "{\"type\":\"x\",\"level\":\"info\"}"));
            assertError(403, "Forbidden", mine.patch("/tasks/" + id + "/status", "{\"status\":\"cancelled\"}"));
        }
        assertEquals("running", admin.get("/tasks/s-run").json().get("status").asText(), "nothing changed");
        assertEquals(200, mine.get("/tasks/s-mine").status());
        assertEquals(201, mine.post("/tasks/s-mine/events", "{\"type\":\"x\",\"level\":\"info\"}").status());
        assertEquals(200, mine.get("/tasks/s-mine/events/history").status());
        assertEquals(200, mine.patch("/tasks/s-mine/status", "{\"status\":\"running\"}").status());
    }

    static Set<String> listedIds(TestServer.Caller caller, String query) {
        Response r = caller.get("/tasks" + query);
        assertEquals(200, r.status(), r::toString);
        Set<String> ids = new TreeSet<>();
        r.json().get("tasks").forEach(t -> ids.add(t.get("id").asText()));
        return ids;
    }

    @Test
    @DisplayName("§2.5 (BO) GET /tasks lists only the tasks the token's taskIds admit")
    void listFilteredByTaskIds() {
        TestServer.Caller mine = server.as(server.token("{\"taskIds\":[\"s-mine\",\"s-nonexistent\"],"
                + "\"scope\":[\"event:subscribe\"]}"));
        assertEquals(Set.of("s-mine"), listedIds(mine, ""));
        assertEquals(Set.of("s-mine"), listedIds(mine, "?type=scoped"));
        TestServer.Caller nothing = server.as(server.token("{\"taskIds\":[],\"scope\":[\"event:subscribe\"]}"));
        assertEquals(Set.of(), listedIds(nothing, ""));
        TestServer.Caller star = server.as(server.token("{\"taskIds\":\"*\",\"scope\":[\"event:subscribe\"]}"));
        assertEquals(Set.of("s-mine", "s-other"), listedIds(star, "?type=scoped"));
        TestServer.Caller single = server.as(server.token("{\"taskIds\":\"s-other\",\"scope\":[\"event:subscribe\"]}"));
        assertEquals(Set.of("s-other"), listedIds(single, ""));
        List<String> all = new ArrayList<>(listedIds(admin, ""));
        assertTrue(all.containsAll(Stream.of("s-run", "s-done", "s-mine", "s-other").toList()), all::toString);
    }
}
