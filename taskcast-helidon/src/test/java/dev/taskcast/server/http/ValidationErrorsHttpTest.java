package dev.taskcast.server.http;

import static dev.taskcast.server.testing.JsonAssert.assertJson;
import static dev.taskcast.server.testing.JsonAssert.assertPlainText;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Validation 400 bodies (http-api.md §3.2) and malformed JSON (§3.3) over HTTP, auth mode none. */
class ValidationErrorsHttpTest {
    static final String STATUSES = "'pending' | 'assigned' | 'running' | 'paused' | 'blocked' | 'completed'"
            + " | 'failed' | 'timeout' | 'cancelled'";
    static final String EXAMPLE_ISSUES = """
            [{"code":"invalid_type","expected":"object","received":"array","path":["params"],"message":"Expected object, received array"},
             {"code":"too_small","minimum":0,"type":"number","inclusive":false,"exact":false,"message":"Number must be greater than 0","path":["ttl"]}]
            """;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.createTask("{\"id\":\"v-task\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String zod(String issues) {
        return "{\"success\":false,\"error\":{\"issues\":" + issues + ",\"name\":\"ZodError\"}}";
    }

    @Test
    @DisplayName("§3.2(a) the exact example body for {\"ttl\":-1,\"params\":[]} with every JSON content type")
    void exampleBodyShapeA() {
        for (String ct : new String[] {"application/json", "application/json; charset=utf-8",
                "application/vnd.api+json", "Application/JSON"}) {
            Response r = server.request("POST", "/tasks").body("{\"ttl\":-1,\"params\":[]}", ct).send();
            assertJson(400, zod(EXAMPLE_ISSUES), r);
        }
    }

    @Test
    @DisplayName("§3.2(b) no or non-JSON Content-Type: flattened {formErrors, fieldErrors}")
    void exampleBodyShapeB() {
        for (String ct : new String[] {null, "text/plain", "application/x-www-form-urlencoded"}) {
            Response r = server.request("POST", "/tasks").body("{\"ttl\":-1,\"params\":[]}", ct).send();
            assertJson(400, """
                    {"error":{"formErrors":[],"fieldErrors":{"params":["Expected object, received array"],
                     "ttl":["Number must be greater than 0"]}}}""", r);
        }
    }

    @Test
    @DisplayName("§3.2 body not an object on create/transition: root issue (a) and formErrors (b)")
    void rootIssue() {
        String issue = "[{\"code\":\"invalid_type\",\"expected\":\"object\",\"received\":\"array\",\"path\":[],"
                + "\"message\":\"Expected object, received array\"}]";
        assertJson(400, zod(issue), server.post("/tasks", "[]"));
        assertJson(400, zod(issue), server.patch("/tasks/v-task/status", "[1]"));
        assertJson(400, "{\"error\":{\"formErrors\":[\"Expected object, received array\"],\"fieldErrors\":{}}}",
                server.request("POST", "/tasks").body("[]", null).send());
    }

    @Test
    @DisplayName("§3.2 / §5.5 PATCH without status: Required with the quoted enum list; (b) {status:[Required]}")
    void transitionStatusRequired() {
        assertJson(400, zod("[{\"code\":\"invalid_type\",\"expected\":\"" + STATUSES + "\",\"received\":\"undefined\","
                + "\"path\":[\"status\"],\"message\":\"Required\"}]"), server.patch("/tasks/v-task/status", "{}"));
        assertJson(400, "{\"error\":{\"formErrors\":[],\"fieldErrors\":{\"status\":[\"Required\"]}}}",
                server.request("PATCH", "/tasks/v-task/status").body("{}", null).send());
        // §3.2(b): error.message missing → {"error":["Required"]}
        assertJson(400, "{\"error\":{\"formErrors\":[],\"fieldErrors\":{\"error\":[\"Required\"]}}}",
                server.request("PATCH", "/tasks/v-task/status")
                        .body("{\"status\":\"running\",\"error\":{}}", "text/plain").send());
    }

    @Test
    @DisplayName("§3.2 unknown enum value: invalid_enum_value with received, options and path")
    void invalidEnum() {
        Response r = server.patch("/tasks/v-task/status", "{\"status\":\"bogus\"}");
        assertEquals(400, r.status(), r::toString);
        JsonNode issue = r.json().at("/error/issues/0");
        assertEquals(1, r.json().at("/error/issues").size(), r::toString);
        assertEquals("invalid_enum_value", issue.get("code").asText());
        assertEquals("bogus", issue.get("received").asText());
        assertJson("[\"status\"]", issue.get("path"));
        assertJson("[\"pending\",\"assigned\",\"running\",\"paused\",\"blocked\",\"completed\",\"failed\",\"timeout\","
                + "\"cancelled\"]", issue.get("options"));
        assertEquals("Invalid enum value. Expected " + STATUSES + ", received 'bogus'", issue.get("message").asText());
        assertEquals("pending", server.get("/tasks/v-task").json().get("status").asText(), "task unchanged");
    }

    @Test
    @DisplayName("§3.2 publish: single object that fails → invalid_union with both alternatives")
    void publishInvalidUnionSingle() {
        Response r = server.post("/tasks/v-task/events", "{\"type\":\"x\"}");
        assertEquals(400, r.status(), r::toString);
        JsonNode issues = r.json().at("/error/issues");
        assertEquals(1, issues.size(), r::toString);
        JsonNode union = issues.get(0);
        assertEquals("invalid_union", union.get("code").asText(), r::toString);
        assertJson("[]", union.get("path"));
        assertEquals("Invalid input", union.get("message").asText());
        assertEquals(2, union.get("unionErrors").size(), r::toString);
        assertEquals("ZodError", union.at("/unionErrors/0/name").asText());
        assertEquals("ZodError", union.at("/unionErrors/1/name").asText());
        assertJson("[{\"code\":\"invalid_type\",\"expected\":\"'debug' | 'info' | 'warn' | 'error'\","
                + "\"received\":\"undefined\",\"path\":[\"level\"],\"message\":\"Required\"}]",
                union.at("/unionErrors/0/issues"));
        assertJson("[{\"code\":\"invalid_type\",\"expected\":\"array\",\"received\":\"object\",\"path\":[],"
                + "\"message\":\"Expected array, received object\"}]", union.at("/unionErrors/1/issues"));
    }

    @Test
    @DisplayName("§3.2 publish: array with a bad element → second alternative paths start with the position")
    void publishInvalidUnionArray() {
        Response r = server.post("/tasks/v-task/events",
                "[{\"type\":\"a\",\"level\":\"info\"},{\"type\":\"b\",\"level\":\"nope\"}]");
        assertEquals(400, r.status(), r::toString);
        JsonNode union = r.json().at("/error/issues/0");
        assertEquals("invalid_union", union.get("code").asText(), r::toString);
        assertJson("[{\"code\":\"invalid_type\",\"expected\":\"object\",\"received\":\"array\",\"path\":[],"
                + "\"message\":\"Expected object, received array\"}]", union.at("/unionErrors/0/issues"));
        JsonNode second = union.at("/unionErrors/1/issues");
        assertEquals(1, second.size(), r::toString);
        assertJson("[1,\"level\"]", second.at("/0/path"));
        assertEquals("invalid_enum_value", second.at("/0/code").asText());
        // shape (b): the union issue sits at the root
        assertJson(400, "{\"error\":{\"formErrors\":[\"Invalid input\"],\"fieldErrors\":{}}}",
                server.request("POST", "/tasks/v-task/events").body("{\"type\":\"x\"}", null).send());
    }

    @Test
    @DisplayName("§3.2 / §5.3 / §6.2 a repeated declared query parameter is 400 (shape a), undeclared ones ignored")
    void repeatedQueryParameter() {
        assertJson(400, zod("[{\"code\":\"invalid_type\",\"expected\":\"string\",\"received\":\"array\","
                + "\"path\":[\"status\"],\"message\":\"Expected string, received array\"}]"),
                server.get("/tasks?status=a&status=b"));
        assertJson(400, zod("[{\"code\":\"invalid_type\",\"expected\":\"string\",\"received\":\"array\","
                + "\"path\":[\"since.index\"],\"message\":\"Expected string, received array\"}]"),
                server.get("/tasks/v-task/events/history?since.index=1&since.index=2"));
        assertEquals(400, server.get("/tasks/v-task/events/history?limit=1&limit=2").status());
        assertEquals(400, server.get("/tasks?type=a&type=").status());
        assertEquals(200, server.get("/tasks?other=1&other=2").status());
        assertEquals(200, server.get("/tasks/v-task/events/history?foo=1&foo=2").status());
    }

    @Test
    @DisplayName("§1.2 query validation (400) precedes existence (404)")
    void queryValidationBeforeExistence() {
        assertEquals(400, server.get("/tasks/nope-v/events/history?since.id=a&since.id=b").status());
        assertEquals(400, server.get("/tasks/nope-v/events?types=a&types=b").status());
    }

    @Test
    @DisplayName("§1.2 body validation (400) precedes existence (404)")
    void bodyValidationBeforeExistence() {
        assertEquals(400, server.patch("/tasks/nope-v/status", "{\"status\":\"bogus\"}").status());
        assertEquals(400, server.post("/tasks/nope-v/events", "{\"level\":\"info\"}").status());
        assertPlainText(400, "Malformed JSON in request body", server.patch("/tasks/nope-v/status", "{"));
    }

    @Test
    @DisplayName("§3.3 malformed JSON with a JSON Content-Type (incl. empty body): plain-text 400")
    void malformedJsonContentType() {
        for (String body : new String[] {"{bad", "", "   ", "{} x", "{\"a\":1,}", "undefined"}) {
            for (String path : new String[] {"/tasks", "/tasks/v-task/events"}) {
                assertPlainText(400, "Malformed JSON in request body",
                        server.request("POST", path).body(body, "application/json").send());
            }
            assertPlainText(400, "Malformed JSON in request body",
                    server.request("PATCH", "/tasks/v-task/status").body(body, "application/json").send());
        }
    }

    @Test
    @DisplayName("§3.3 malformed JSON without or with a non-JSON Content-Type: the same 400 (never 500)")
    void malformedOtherContentType() {
        for (String ct : new String[] {null, "text/plain", "application/octet-stream"}) {
            for (String body : new String[] {"{bad", "", "not json"}) {
                assertPlainText(400, "Malformed JSON in request body",
                        server.request("POST", "/tasks").body(body, ct).send());
                assertPlainText(400, "Malformed JSON in request body",
                        server.request("PATCH", "/tasks/v-task/status").body(body, ct).send());
                assertPlainText(400, "Malformed JSON in request body",
                        server.request("POST", "/tasks/v-task/events").body(body, ct).send());
            }
        }
        assertEquals("pending", server.get("/tasks/v-task").json().get("status").asText());
    }

    @Test
    @DisplayName("§3.2 a valid body without Content-Type is processed normally")
    void validBodyWithoutContentType() {
        Response r = server.request("POST", "/tasks").body("{\"id\":\"v-noct\",\"type\":\"t\"}", null).send();
        assertEquals(201, r.status(), r::toString);
        assertEquals("t", r.json().get("type").asText());
    }
}
