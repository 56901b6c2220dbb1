package dev.taskcast.server.http;

import static dev.taskcast.server.testing.JsonAssert.assertError;
import static dev.taskcast.server.testing.JsonAssert.assertJson;
import static dev.taskcast.server.testing.JsonAssert.assertJsonContentType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code PATCH /tasks/{id}/status} (http-api.md §5.5; model.md §3). */
class TransitionHttpTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Response patch(String id, String body) {
        return server.patch("/tasks/" + TestServer.seg(id) + "/status", body);
    }

    @Test
    @DisplayName("§5.5 200 with the updated task, without hot/subscriberCount; completedAt only when terminal")
    void successBody() {
        JsonNode created = server.createTask("{\"id\":\"tr-1\",\"type\":\"t\"}");
        Response running = patch("tr-1", "{\"status\":\"running\"}");
        assertEquals(200, running.status(), running::toString);
        assertJsonContentType(running);
        JsonNode r = running.json();
        assertFalse(r.has("hot") || r.has("subscriberCount") || r.has("completedAt"), r::toString);
        assertEquals("running", r.get("status").asText());
        assertEquals(created.get("createdAt"), r.get("createdAt"));
        assertTrue(r.get("updatedAt").asLong() >= created.get("updatedAt").asLong());
        JsonNode done = patch("tr-1", "{\"status\":\"completed\"}").json();
        assertEquals("completed", done.get("status").asText());
        assertEquals(done.get("updatedAt"), done.get("completedAt"), done::toString);
        assertTrue(done.get("completedAt").isIntegralNumber());
        assertFalse(done.has("hot") || done.has("subscriberCount"), done::toString);
        assertEquals(done.get("completedAt"), server.get("/tasks/tr-1").json().get("completedAt"));
    }

    @Test
    @DisplayName("§5.5 / model §3.1 result and error carry forward; status event data has the values after the transition")
    void resultAndErrorCarryForward() {
        server.createTask("{\"id\":\"tr-carry\"}");
        JsonNode r1 = patch("tr-carry", "{\"status\":\"running\",\"result\":{\"partial\":1}}").json();
        assertJson("{\"partial\":1}", r1.get("result"));
        JsonNode r2 = patch("tr-carry", "{\"status\":\"failed\",\"error\":{\"code\":\"E1\",\"message\":\"boom\","
                + "\"details\":{\"a\":[1]},\"extra\":\"dropped\",\"stack\":\"x\"}}").json();
        assertJson("{\"partial\":1}", r2.get("result"));
        assertJson("{\"code\":\"E1\",\"message\":\"boom\",\"details\":{\"a\":[1]}}", r2.get("error"));
        JsonNode history = server.history("tr-carry", null);
        assertEquals(2, history.size(), history::toString);
        assertJson("{\"status\":\"running\",\"result\":{\"partial\":1}}", history.get(0).get("data"));
        assertJson("{\"status\":\"failed\",\"result\":{\"partial\":1},\"error\":{\"code\":\"E1\",\"message\":\"boom\","
                + "\"details\":{\"a\":[1]}}}", history.get(1).get("data"));
        for (JsonNode e : history) {
            assertEquals("taskcast:status", e.get("type").asText());
            assertEquals("info", e.get("level").asText());
        }
        server.createTask("{\"id\":\"tr-carry2\"}");
        patch("tr-carry2", "{\"status\":\"running\",\"error\":{\"message\":\"transient\"}}");
        JsonNode done = patch("tr-carry2", "{\"status\":\"completed\",\"result\":{\"ok\":true}}").json();
        assertJson("{\"message\":\"transient\"}", done.get("error"));
        assertJson("{\"ok\":true}", done.get("result"));
        assertJson("{\"status\":\"completed\",\"result\":{\"ok\":true},\"error\":{\"message\":\"transient\"}}",
                server.history("tr-carry2", null).get(1).get("data"));
    }

    @Test
    @DisplayName("§5.5 unknown task → 404 Task not found: <id>")
    void unknownTask() {
        assertError(404, "Task not found: tr-none", patch("tr-none", "{\"status\":\"running\"}"));
        assertError(404, "Task not found: tr none/x", patch("tr none/x", "{\"status\":\"running\"}"));
    }

    @Test
    @DisplayName("§5.5 409 for same status, out of terminal, not-allowed and later-extension targets")
    void invalidTransitions() {
        server.createTask("{\"id\":\"tr-inv\"}");
        for (String to : new String[] {"pending", "completed", "failed", "assigned", "paused", "blocked"}) {
            assertError(409, "Invalid transition: pending \u2192 " + to, patch("tr-inv", "{\"status\":\"" + to + "\"}"));
        }
        server.transition("tr-inv", "running");
        for (String to : new String[] {"running", "pending", "assigned", "paused", "blocked"}) {
            assertError(409, "Invalid transition: running \u2192 " + to, patch("tr-inv", "{\"status\":\"" + to + "\"}"));
        }
        server.transition("tr-inv", "timeout");
        for (String to : new String[] {"pending", "running", "completed", "failed", "timeout", "cancelled"}) {
            assertError(409, "Invalid transition: timeout \u2192 " + to, patch("tr-inv", "{\"status\":\"" + to + "\"}"));
        }
        assertEquals(2, server.history("tr-inv", null).size(), "rejected transitions emit nothing");
    }

    @Test
    @DisplayName("model §3 allowed phase-1 edges: pending → running/timeout/cancelled, running → every terminal")
    void allowedEdges() {
        for (String to : new String[] {"running", "timeout", "cancelled"}) {
            server.createTask("{\"id\":\"tr-p-" + to + "\"}");
            assertEquals(to, server.transition("tr-p-" + to, to).get("status").asText());
        }
        for (String to : new String[] {"completed", "failed", "timeout", "cancelled"}) {
            server.createTask("{\"id\":\"tr-r-" + to + "\"}");
            server.transition("tr-r-" + to, "running");
            assertEquals(to, server.transition("tr-r-" + to, to).get("status").asText());
        }
    }

    @Test
    @DisplayName("§5.5 later-extension payload fields are validated but have no effect on phase-1 transitions")
    void laterExtensionFields() {
        server.createTask("{\"id\":\"tr-le\"}");
        for (String bad : new String[] {"{\"status\":\"running\",\"reason\":1}", "{\"status\":\"running\",\"ttl\":0}",
                "{\"status\":\"running\",\"resumeAfterMs\":-1}", "{\"status\":\"running\",\"blockedRequest\":{}}",
                "{\"status\":\"running\",\"result\":[]}", "{\"status\":\"running\",\"error\":{\"message\":1}}"}) {
            Response r = patch("tr-le", bad);
            assertEquals(400, r.status(), () -> bad + ": " + r);
        }
        Response ok = patch("tr-le", "{\"status\":\"running\",\"reason\":\"r\",\"resumeAfterMs\":5,"
                + "\"blockedRequest\":{\"type\":\"approval\",\"data\":1}}");
        assertEquals(200, ok.status(), ok::toString);
        assertFalse(ok.json().has("reason") || ok.json().has("blockedRequest") || ok.json().has("resumeAt"),
                ok::toString);
    }

    @Test
    @DisplayName("model §3.2 50 concurrent terminal PATCHes on a running task: exactly one 200, 49 × 409, one status event")
    void concurrentTerminalTransitions() {
        server.createTask("{\"id\":\"tr-race\"}");
        server.transition("tr-race", "running");
        List<CompletableFuture<Response>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String to = i % 2 == 0 ? "completed" : "failed";
            futures.add(server.request("PATCH", "/tasks/tr-race/status").json("{\"status\":\"" + to + "\"}").sendAsync());
        }
        List<Response> responses = futures.stream().map(CompletableFuture::join).toList();
        List<Response> winners = responses.stream().filter(r -> r.status() == 200).toList();
        assertEquals(1, winners.size(), responses::toString);
        String won = winners.getFirst().json().get("status").asText();
        for (Response r : responses) {
            if (r.status() != 200) {
                assertEquals(409, r.status(), r::toString);
                String msg = r.json().get("error").asText();
                assertTrue(msg.equals("Invalid transition: " + won + " \u2192 completed")
                        || msg.equals("Invalid transition: " + won + " \u2192 failed"), msg);
            }
        }
        JsonNode history = server.history("tr-race", null);
        assertEquals(2, history.size(), history::toString);
        assertJson("{\"status\":\"" + won + "\"}", history.get(1).get("data"));
        assertEquals(won, server.get("/tasks/tr-race").json().get("status").asText());
    }

    @Test
    @DisplayName("model §3.2 publishes racing a terminal transition: no accepted event after the terminal status event")
    void publishesRacingTermination() {
        server.createTask("{\"id\":\"tr-pub-race\"}");
        server.transition("tr-pub-race", "running");
        List<CompletableFuture<Response>> publishes = new ArrayList<>();
        CompletableFuture<Response> transition = null;
        for (int i = 0; i < 60; i++) {
            if (i == 30) {
                transition = server.request("PATCH", "/tasks/tr-pub-race/status").json("{\"status\":\"completed\"}")
                        .sendAsync();
            }
            publishes.add(server.request("POST", "/tasks/tr-pub-race/events")
                    .json("{\"type\":\"p\",\"level\":\"info\",\"data\":" + i + "}").sendAsync());
        }
        assertEquals(200, transition.join().status());
        JsonNode history = server.history("tr-pub-race", null);
        JsonNode last = history.get(history.size() - 1);
        assertEquals("taskcast:status", last.get("type").asText(), "the terminal status event is last");
        long terminalIndex = last.get("index").asLong();
        int accepted = 0;
        for (CompletableFuture<Response> f : publishes) {
            Response r = f.join();
            if (r.status() == 201) {
                accepted++;
                assertTrue(r.json().get("index").asLong() < terminalIndex, r::toString);
            } else {
                assertError(400, "Cannot publish to task in terminal status: completed", r);
            }
        }
        assertEquals(accepted + 2, history.size(), "every accepted publish and both status events are in history");
    }
}
