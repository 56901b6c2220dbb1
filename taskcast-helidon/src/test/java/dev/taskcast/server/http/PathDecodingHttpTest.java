package dev.taskcast.server.http;

import static dev.taskcast.server.testing.JsonAssert.assertError;
import static dev.taskcast.server.testing.TestServer.seg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Path parameters are URL-decoded (http-api.md §1.1; model.md §1 ids may contain anything). */
class PathDecodingHttpTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("§1.1 /tasks/a%20b addresses the task 'a b'")
    void percentTwentyIsASpace() {
        server.createTask("{\"id\":\"a b\"}");
        Response r = server.get("/tasks/a%20b");
        assertEquals(200, r.status(), r::toString);
        assertEquals("a b", r.json().get("id").asText());
        assertError(404, "Task not found", server.get("/tasks/a%2520b"));
    }

    @Test
    @DisplayName("§1.1 ids with %2F, ':', unicode, spaces, '+', '%', '?', '#' round-trip through every route")
    void exoticIdsRoundTrip() {
        List<String> ids = List.of("org/team/job-1", "urn:task:42", "ünïcødé-任务-🚀", "with  two spaces",
                "a+b", "100%", "what?x=1", "hash#tag", "dot.", "%2F-literal", "trailing/");
        for (String id : ids) {
            String path = "/tasks/" + seg(id);
            JsonNode created = server.createTask("{\"id\":" + TextNode.valueOf(id) + ",\"type\":\"path\"}");
            assertEquals(id, created.get("id").asText());

            Response got = server.get(path);
            assertEquals(200, got.status(), () -> id + ": " + got);
            assertEquals(id, got.json().get("id").asText());

            Response running = server.patch(path + "/status", "{\"status\":\"running\"}");
            assertEquals(200, running.status(), () -> id + ": " + running);
            assertEquals(id, running.json().get("id").asText());

            Response published = server.post(path + "/events", "{\"type\":\"t\",\"level\":\"info\",\"data\":1}");
            assertEquals(201, published.status(), () -> id + ": " + published);
            assertEquals(id, published.json().get("taskId").asText());

            Response history = server.get(path + "/events/history");
            assertEquals(200, history.status(), () -> id + ": " + history);
            List<String> taskIds = new ArrayList<>();
            history.json().forEach(e -> taskIds.add(e.get("taskId").asText()));
            assertEquals(List.of(id, id), taskIds);
            assertEquals(1, history.json().get(1).get("index").asInt());
        }
        List<String> listed = new ArrayList<>();
        server.get("/tasks?type=path").json().get("tasks").forEach(t -> listed.add(t.get("id").asText()));
        assertTrue(listed.containsAll(ids), listed::toString);
        assertEquals(ids.size(), listed.size(), listed::toString);
    }

    @Test
    @DisplayName("§1.1 lower-case percent escapes decode the same way")
    void lowerCaseHex() {
        server.createTask("{\"id\":\"x/y:z\"}");
        assertEquals("x/y:z", server.get("/tasks/x%2fy%3az").json().get("id").asText());
    }

    @Test
    @DisplayName("§1.1 an encoded slash stays inside the id: /tasks/a%2Fb/status is the status route of 'a/b'")
    void encodedSlashIsNotASegment() {
        server.createTask("{\"id\":\"a/status\"}");
        Response r = server.get("/tasks/a%2Fstatus");
        assertEquals(200, r.status(), r::toString);
        assertEquals("a/status", r.json().get("id").asText());
        assertEquals(404, server.get("/tasks/a/status").status(), "a real slash is a segment separator");
    }
}
