package dev.taskcast.server.http;

import static dev.taskcast.server.testing.JsonAssert.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.engine.config.AuthSettings;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.TaskcastServer;
import dev.taskcast.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The business-error rows of the http-api.md §3.1 catalogue that apply without Redis/PostgreSQL
 * (auth mode none). The 401/403 rows are exercised in {@link JwtAuthHttpTest} and
 * {@link ScopesHttpTest}; 400 validation/malformed rows in {@link ValidationErrorsHttpTest}.
 */
class ErrorCatalogueHttpTest {
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
    @DisplayName("§3.1 404 Task not found: GET /tasks/{id}, history and SSE on an unknown task")
    void notFoundPlain() {
        assertError(404, "Task not found", server.get("/tasks/missing-1"));
        assertError(404, "Task not found", server.get("/tasks/missing-1/events/history"));
        assertError(404, "Task not found", server.get("/tasks/missing-1/events"));
    }

    @Test
    @DisplayName("§3.1 404 Task not found: <id>: PATCH status and POST events on an unknown task")
    void notFoundWithId() {
        assertError(404, "Task not found: missing-2",
                server.patch("/tasks/missing-2/status", "{\"status\":\"running\"}"));
        assertError(404, "Task not found: missing-2",
                server.post("/tasks/missing-2/events", "{\"type\":\"x\",\"level\":\"info\"}"));
        assertError(404, "Task not found: missing 3",
                server.post("/tasks/missing%203/events", "[{\"type\":\"x\",\"level\":\"info\"}]"));
    }

    @Test
    @DisplayName("§3.1 409 Task already exists: <id>")
    void duplicate() {
        server.createTask("{\"id\":\"cat-dup\"}");
        assertError(409, "Task already exists: cat-dup", server.post("/tasks", "{\"id\":\"cat-dup\"}"));
    }

    @Test
    @DisplayName("§3.1 409 Invalid transition: <from> → <to> with U+2192 and one space each side")
    void invalidTransition() {
        server.createTask("{\"id\":\"cat-trans\"}");
        assertError(409, "Invalid transition: pending \u2192 completed",
                server.patch("/tasks/cat-trans/status", "{\"status\":\"completed\"}"));
        // the raw bytes carry the UTF-8 encoding of U+2192 (E2 86 92)
        String raw = server.patch("/tasks/cat-trans/status", "{\"status\":\"failed\"}").body();
        assertTrue(raw.contains("pending \u2192 failed"), raw);
    }

    @Test
    @DisplayName("§3.1 400 Cannot publish to task in terminal status: <status>")
    void publishToTerminal() {
        for (String terminal : new String[] {"completed", "failed", "timeout", "cancelled"}) {
            String id = "cat-term-" + terminal;
            server.createTask("{\"id\":\"" + id + "\"}");
            boolean viaRunning = terminal.equals("completed") || terminal.equals("failed");
            if (viaRunning) {
                server.transition(id, "running");
            }
            server.transition(id, terminal);
            assertError(400, "Cannot publish to task in terminal status: " + terminal,
                    server.post("/tasks/" + id + "/events", "{\"type\":\"x\",\"level\":\"info\"}"));
            assertEquals(viaRunning ? 2 : 1, server.history(id, null).size(), "only the status events");
        }
    }

    @Test
    @DisplayName("§3.1/§2.1 jwt mode without JWT config: the server refuses to start and says why")
    void jwtModeWithoutConfigRefusesToStart() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> TaskcastServer.start(
                ServerConfig.builder().port(0).host("127.0.0.1")
                        .auth(new AuthSettings(AuthSettings.Mode.JWT, null)).build()));
        assertTrue(e.getMessage() != null && e.getMessage().contains("auth.jwt.secret"), e::toString);
    }

    @Test
    @DisplayName("§2.1 jwt block without secret/publicKey/publicKeyFile, or with an unreadable file: refused at startup")
    void jwtBlockWithoutKeyRefusesToStart() {
        for (AuthSettings.JwtSettings jwt : new AuthSettings.JwtSettings[] {
                new AuthSettings.JwtSettings("HS256", null, null, null, null, null),
                new AuthSettings.JwtSettings("RS256", null, null, "/no/such/key.pem", null, null)}) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> TaskcastServer.start(
                    ServerConfig.builder().port(0).host("127.0.0.1")
                            .auth(new AuthSettings(AuthSettings.Mode.JWT, jwt)).build()));
            assertTrue(e.getMessage() != null && e.getMessage().contains("auth.jwt."), e::toString);
        }
    }

    @Test
    @DisplayName("§2.1 custom mode: the standalone server refuses to start")
    void customModeRefusesToStart() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> TaskcastServer.start(
                ServerConfig.builder().port(0).host("127.0.0.1")
                        .auth(new AuthSettings(AuthSettings.Mode.CUSTOM, null)).build()));
        assertTrue(e.getMessage() != null && e.getMessage().contains("custom"), e::toString);
    }
}
