package dev.taskcast.server.http;

import static dev.taskcast.server.testing.JsonAssert.assertJson;
import static dev.taskcast.server.testing.JsonAssert.assertJsonContentType;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** {@code GET /tasks} (http-api.md §5.3) and {@code GET /tasks/{id}} (§5.4, §5.1) without any stream open. */
class ListAndGetTasksHttpTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.createTask("{\"id\":\"lg-pending\",\"type\":\"lg\"}");
        server.createTask("{\"id\":\"lg-running\",\"type\":\"lg\"}");
        server.transition("lg-running", "running");
        server.createTask("{\"id\":\"lg-done\",\"type\":\"lg\"}");
        server.transition("lg-done", "running");
        server.transition("lg-done", "completed");
        server.createTask("{\"id\":\"lg-cancelled\",\"type\":\"lg\"}");
        server.transition("lg-cancelled", "cancelled");
        server.createTask("{\"id\":\"lg-other\",\"type\":\"lg.other\"}");
        server.createTask("{\"id\":\"lg-untyped\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Set<String> ids(String query) {
        Response r = server.get("/tasks" + query);
        assertEquals(200, r.status(), r::toString);
        assertJsonContentType(r);
        assertEquals(1, r.json().size(), "only the tasks key: " + r);
        Set<String> ids = new TreeSet<>();
        r.json().get("tasks").forEach(t -> ids.add(t.get("id").asText()));
        return ids;
    }

    @Test
    @DisplayName("§5.3 no filter lists every task")
    void noFilter() {
        assertEquals(Set.of("lg-pending", "lg-running", "lg-done", "lg-cancelled", "lg-other", "lg-untyped"), ids(""));
        assertEquals(ids(""), ids("?status="));
        assertEquals(ids(""), ids("?type="));
        assertEquals(ids(""), ids("?status=&type="));
    }

    @Test
    @DisplayName("§5.3 type is an exact match")
    void typeFilter() {
        assertEquals(Set.of("lg-pending", "lg-running", "lg-done", "lg-cancelled"), ids("?type=lg"));
        assertEquals(Set.of("lg-other"), ids("?type=lg.other"));
        assertEquals(Set.of(), ids("?type=l"));
        assertEquals(Set.of(), ids("?type=lg.*"));
        assertEquals(Set.of(), ids("?type=LG"));
    }

    @Test
    @DisplayName("§5.3 status is comma-separated; empty items ignored; unknown names match nothing")
    void statusFilter() {
        assertEquals(Set.of("lg-running"), ids("?status=running"));
        assertEquals(Set.of("lg-running", "lg-done"), ids("?status=running,completed"));
        assertEquals(Set.of("lg-running", "lg-done"), ids("?status=running,,completed,"));
        assertEquals(Set.of("lg-running", "lg-done"), ids("?status=running%2Ccompleted"));
        assertEquals(Set.of(), ids("?status=bogus"));
        assertEquals(Set.of("lg-cancelled"), ids("?status=bogus,cancelled"));
        assertEquals(Set.of(), ids("?status=Running"));
        assertEquals(Set.of("lg-pending", "lg-other", "lg-untyped"), ids("?status=pending"));
        assertEquals(Set.of("lg-pending"), ids("?status=pending&type=lg"));
        assertEquals(Set.of(), ids("?status=completed&type=lg.other"));
    }

    @Test
    @DisplayName("§5.3/§5.1 listed tasks are full tasks plus hot=false and subscriberCount=0")
    void listedTaskShape() {
        for (JsonNode t : server.get("/tasks").json().get("tasks")) {
            ObjectNode task = (ObjectNode) t.deepCopy();
            assertEquals(false, task.remove("hot").booleanValue(), t::toString);
            assertEquals(0, task.remove("subscriberCount").intValue(), t::toString);
            ObjectNode single = (ObjectNode) server.get("/tasks/" + t.get("id").asText()).json();
            single.remove("hot");
            single.remove("subscriberCount");
            assertEquals(single, task);
        }
    }

    @Test
    @DisplayName("§5.4 GET /tasks/{id}: the task with hot=false and subscriberCount=0 when no stream is open")
    void getTask() {
        Response r = server.get("/tasks/lg-done");
        assertEquals(200, r.status(), r::toString);
        assertJsonContentType(r);
        ObjectNode task = (ObjectNode) r.json();
        long createdAt = task.remove("createdAt").asLong();
        long updatedAt = task.remove("updatedAt").asLong();
        long completedAt = task.remove("completedAt").asLong();
        assertEquals(updatedAt, completedAt);
        assertEquals(true, createdAt <= updatedAt);
        assertJson("{\"id\":\"lg-done\",\"type\":\"lg\",\"status\":\"completed\",\"hot\":false,\"subscriberCount\":0}",
                task);
        assertJson("{\"id\":\"lg-untyped\",\"status\":\"pending\",\"hot\":false,\"subscriberCount\":0}",
                withoutTimes(server.get("/tasks/lg-untyped").json()));
    }

    static ObjectNode withoutTimes(JsonNode node) {
        ObjectNode copy = (ObjectNode) node.deepCopy();
        copy.remove("createdAt");
        copy.remove("updatedAt");
        return copy;
    }
}
