package dev.taskcast.server.http;

import static dev.taskcast.server.testing.JsonAssert.assertError;
import static dev.taskcast.server.testing.JsonAssert.assertPlainText;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which error wins (http-api.md §1.2): 401 → 400 → 403 → 404, in jwt mode. */
class PipelinePrecedenceHttpTest {
    static TestServer server;
    static String all;
    static String noScopes;
    static String otherTask;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.jwtConfig());
        all = server.tokenWithScopes("*");
        noScopes = server.token("{\"sub\":\"nobody\"}");
        otherTask = server.token("{\"taskIds\":[\"someone-else\"],\"scope\":[\"*\"]}");
        server.as(all).createTask("{\"id\":\"p-exists\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("§1.2 step 1: unauthenticated GET /tasks/x/nope is 401; authenticated it is 404")
    void authenticationBeforeRouting() {
        assertError(401, "Missing Bearer token", server.get("/tasks/x/nope"));
        assertPlainText(404, "404 Not Found", server.as(all).get("/tasks/x/nope"));
        assertPlainText(404, "404 Not Found", server.as(noScopes).get("/tasks/x/nope"));
        assertError(401, "Missing Bearer token", server.get("/events"));
        assertError(401, "Missing Bearer token", server.get("/tasks/x/events"));
        assertError(401, "Missing Bearer token", server.get("/tasks/"));
    }

    @Test
    @DisplayName("§1.2 401 beats 400: invalid or malformed bodies without a valid token")
    void authenticationBeforeValidation() {
        assertError(401, "Missing Bearer token", server.post("/tasks", "{\"ttl\":-1}"));
        assertError(401, "Missing Bearer token", server.post("/tasks", "{bad"));
        assertError(401, "Invalid or expired token",
                server.request("POST", "/tasks").bearer("x.y.z").json("{\"ttl\":-1}").send());
        assertError(401, "Missing Bearer token", server.get("/tasks?status=a&status=b"));
        assertError(401, "Missing Bearer token", server.patch("/tasks/p-none/status", "{}"));
    }

    @Test
    @DisplayName("§1.2 400 beats 403: a principal without task:create posting an invalid body gets 400")
    void validationBeforeAuthorization() {
        Response invalid = server.as(noScopes).post("/tasks", "{\"ttl\":-1,\"params\":[]}");
        assertEquals(400, invalid.status(), invalid::toString);
        assertEquals(false, invalid.json().get("success").asBoolean());
        assertPlainText(400, "Malformed JSON in request body", server.as(noScopes).post("/tasks", "{bad"));
        assertError(403, "Forbidden", server.as(noScopes).post("/tasks", "{\"id\":\"p-denied\"}"));
        // the same for the other body and query validations
        assertEquals(400, server.as(noScopes).patch("/tasks/p-exists/status", "{\"status\":\"bogus\"}").status());
        assertEquals(400, server.as(noScopes).post("/tasks/p-exists/events", "{\"type\":1}").status());
        assertEquals(400, server.as(noScopes).get("/tasks?type=a&type=b").status());
        assertEquals(400, server.as(noScopes).get("/tasks/p-exists/events/history?limit=1&limit=2").status());
        assertEquals(400, server.as(otherTask).patch("/tasks/p-exists/status", "{}").status());
    }

    @Test
    @DisplayName("§1.2 403 beats 404: a principal restricted to other task ids gets 403 for a missing task")
    void authorizationBeforeExistence() {
        String[][] requests = {
                {"GET", "/tasks/p-missing", null},
                {"PATCH", "/tasks/p-missing/status", "{\"status\":\"running\"}"},
                {"POST", "/tasks/p-missing/events", "{\"type\":\"x\",\"level\":\"info\"}"},
                {"GET", "/tasks/p-missing/events/history", null},
                {"GET", "/tasks/p-missing/events", null},
        };
        for (String[] r : requests) {
            TestServer.RequestSpec restricted = server.as(otherTask).request(r[0], r[1]);
            TestServer.RequestSpec scopeless = server.as(noScopes).request(r[0], r[1]);
            TestServer.RequestSpec allowed = server.as(all).request(r[0], r[1]);
            if (r[2] != null) {
                restricted.json(r[2]);
                scopeless.json(r[2]);
                allowed.json(r[2]);
            }
            assertError(403, "Forbidden", restricted.send());
            assertError(403, "Forbidden", scopeless.send());
            Response notFound = allowed.send();
            assertEquals(404, notFound.status(), () -> r[1] + ": " + notFound);
        }
    }

    @Test
    @DisplayName("§1.2 step 4: existence after authorization, with each route's 404 message")
    void existenceLast() {
        assertError(404, "Task not found", server.as(all).get("/tasks/p-missing"));
        assertError(404, "Task not found", server.as(all).get("/tasks/p-missing/events/history"));
        assertError(404, "Task not found", server.as(all).get("/tasks/p-missing/events"));
        assertError(404, "Task not found: p-missing",
                server.as(all).patch("/tasks/p-missing/status", "{\"status\":\"running\"}"));
        assertError(404, "Task not found: p-missing",
                server.as(all).post("/tasks/p-missing/events", "{\"type\":\"x\",\"level\":\"info\"}"));
    }

    @Test
    @DisplayName("§1.2 service endpoints are never authenticated, even with a bad Authorization header")
    void serviceEndpointsUnauthenticated() {
        for (String path : new String[] {"/", "/health", "/health/ready", "/health/detail"}) {
            assertEquals(200, server.get(path).status(), path);
            assertEquals(200, server.request("GET", path).bearer("garbage").send().status(), path);
        }
    }
}
