package dev.taskcast.server.sse;

import static dev.taskcast.server.sse.SseTests.WAIT;
import static dev.taskcast.server.testing.JsonAssert.assertError;
import static dev.taskcast.server.testing.JsonAssert.assertJsonContentType;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.SseClient;
import dev.taskcast.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * http-api.md §7.2 / §8 with §1.2 and §2.5: in jwt mode, errors before streaming are ordinary JSON
 * responses in pipeline order 401 → 400 → 403 → 404; an allowed principal gets the stream.
 */
class SseAuthErrorsTest {
    private static TestServer server;
    private static String taskId;
    private static String admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.jwtConfig().sseKeepaliveMs(0));
        admin = server.tokenWithScopes("*");
        taskId = server.as(admin).createTask("{}").get("id").asText();
        server.as(admin).transition(taskId, "running");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** §7.2/§3.1: no token → 401 JSON; a bad token → 401 JSON (also for unknown tasks and /events). */
    @Test
    void unauthenticatedIs401Json() {
        assertError(401, "Missing Bearer token", server.get("/tasks/" + taskId + "/events"));
        assertError(401, "Missing Bearer token", server.get("/tasks/nope/events"));
        assertError(401, "Missing Bearer token", server.get("/events"));
        assertError(401, "Invalid or expired token", server.as("not.a.jwt").get("/tasks/" + taskId + "/events"));
    }

    /** §1.2: query validation (400) wins over authorization (403). */
    @Test
    void validationBeforeAuthorization() {
        String noScope = server.tokenWithScopes("event:history");
        Response r = server.as(noScope).get("/tasks/" + taskId + "/events?types=a&types=b");
        assertEquals(400, r.status(), r::toString);
        assertJsonContentType(r);
    }

    /** §2.5: SSE needs event:subscribe and an admitted task id; 403 precedes 404. */
    @Test
    void forbiddenIs403Json() {
        String wrongScope = server.tokenWithScopes("event:publish", "event:history");
        assertError(403, "Forbidden", server.as(wrongScope).get("/tasks/" + taskId + "/events"));
        assertError(403, "Forbidden", server.as(wrongScope).get("/events"));
        String otherTask = server.token("{\"scope\":[\"event:subscribe\"],\"taskIds\":[\"other\"]}");
        assertError(403, "Forbidden", server.as(otherTask).get("/tasks/" + taskId + "/events"));
        assertError(403, "Forbidden", server.as(otherTask).get("/tasks/nope/events"));
        assertError(404, "Task not found", server.as(server.tokenWithScopes("event:subscribe")).get("/tasks/nope/events"));
    }

    /** §2.5: an allowed principal streams; /events checks the scope only, not task ids. */
    @Test
    void allowedPrincipalStreams() {
        String own = server.token("{\"scope\":[\"event:subscribe\"],\"taskIds\":[\"" + taskId + "\"]}");
        try (SseClient sse = SseClient.open(server.port(), "/tasks/" + taskId + "/events", "Authorization", "Bearer " + own)) {
            assertEquals(200, sse.status());
            assertEquals("text/event-stream", sse.header("Content-Type"));
            assertEquals("taskcast:status", sse.nextEvent(WAIT).json().get("type").asText());
        }
        String restricted = server.token("{\"scope\":[\"event:subscribe\"],\"taskIds\":[\"other\"]}");
        try (SseClient sse = SseClient.open(server.port(), "/events", "Authorization", "Bearer " + restricted)) {
            assertEquals(200, sse.status());
            assertEquals(":keepalive\n\n", sse.next(WAIT).raw());
        }
    }
}
