package dev.taskcast.server.http;

import static dev.taskcast.server.testing.JsonAssert.assertError;
import static dev.taskcast.server.testing.JsonAssert.assertPlainText;

import dev.taskcast.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Unknown routes and methods (http-api.md §1.3, §11), in auth mode none and — after auth — in jwt mode. */
class UnknownRoutesHttpTest {
    /** Method and path pairs that match no route; the task {@code known} exists. */
    static final String[][] UNMATCHED = {
            {"DELETE", "/tasks/known"},
            {"PUT", "/tasks"},
            {"DELETE", "/tasks"},
            {"PATCH", "/tasks"},
            {"POST", "/tasks/known"},
            {"PUT", "/tasks/known"},
            {"PATCH", "/tasks/known"},
            {"GET", "/tasks/known/status"},
            {"POST", "/tasks/known/status"},
            {"PUT", "/tasks/known/status"},
            {"PATCH", "/tasks/known/events"},
            {"DELETE", "/tasks/known/events"},
            {"POST", "/tasks/known/events/history"},
            {"GET", "/tasks/known/events/nope"},
            {"GET", "/tasks/known/nope"},
            {"GET", "/tasks/known/events/history/more"},
            {"GET", "/tasks/known/archive"},
            {"POST", "/tasks/known/storage/release"},
            {"POST", "/tasks/import"},
            {"POST", "/events"},
            {"GET", "/events/nope"},
    };
    /** Paths outside §1.2's prefixes: never authenticated. */
    static final String[][] UNPROTECTED_UNMATCHED = {
            {"GET", "/nope"},
            {"GET", "/tasksx"},
            {"GET", "/eventsx"},
            {"GET", "/workers"},
            {"POST", "/admin/token"},
            {"GET", "/docs"},
            {"GET", "/_playground/x"},
            {"POST", "/"},
            {"DELETE", "/health"},
            {"POST", "/health/ready"},
            {"GET", "/health/nope"},
    };

    static TestServer open;
    static TestServer jwt;

    @BeforeAll
    static void start() {
        open = TestServer.start();
        open.createTask("{\"id\":\"known\"}");
        jwt = TestServer.start(TestServer.jwtConfig());
        jwt.as(jwt.tokenWithScopes("*")).createTask("{\"id\":\"known\"}");
    }

    @AfterAll
    static void stop() {
        open.close();
        jwt.close();
    }

    @Test
    @DisplayName("§1.3 unmatched path or method → 404 text/plain '404 Not Found' (not JSON, not 405)")
    void unmatchedIsPlain404() {
        for (String[][] table : new String[][][] {UNMATCHED, UNPROTECTED_UNMATCHED}) {
            for (String[] c : table) {
                assertPlainText(404, "404 Not Found", open.request(c[0], c[1]).send());
                assertPlainText(404, "404 Not Found", open.request(c[0], c[1]).json("{}").send());
            }
        }
    }

    @Test
    @DisplayName("§1.3 unmatched paths under /tasks and /events are authenticated first in jwt mode")
    void unmatchedAfterAuthentication() {
        String token = jwt.tokenWithScopes("*");
        for (String[] c : UNMATCHED) {
            assertError(401, "Missing Bearer token", jwt.request(c[0], c[1]).send());
            assertError(401, "Invalid or expired token", jwt.request(c[0], c[1]).bearer("nope").send());
            assertPlainText(404, "404 Not Found", jwt.as(token).request(c[0], c[1]).send());
        }
    }

    @Test
    @DisplayName("§1.2 paths outside /tasks and /events are never authenticated")
    void unprotectedNeverAuthenticated() {
        for (String[] c : UNPROTECTED_UNMATCHED) {
            assertPlainText(404, "404 Not Found", jwt.request(c[0], c[1]).send());
            assertPlainText(404, "404 Not Found", jwt.request(c[0], c[1]).bearer("garbage").send());
        }
    }

    @Test
    @DisplayName("§11 GET /tasks/import is GET /tasks/{taskId} with the id 'import'")
    void importIsATaskId() {
        assertError(404, "Task not found", open.get("/tasks/import"));
        open.createTask("{\"id\":\"import\"}");
        org.junit.jupiter.api.Assertions.assertEquals(200, open.get("/tasks/import").status());
    }
}
