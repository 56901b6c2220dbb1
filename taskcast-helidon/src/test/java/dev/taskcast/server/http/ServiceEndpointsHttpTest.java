package dev.taskcast.server.http;

import static dev.taskcast.server.testing.JsonAssert.assertJson;
import static dev.taskcast.server.testing.JsonAssert.assertJsonContentType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code GET /}, {@code /health}, {@code /health/ready}, {@code /health/detail} (http-api.md §4). */
class ServiceEndpointsHttpTest {
    static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    static TestServer open;
    static TestServer jwt;

    @BeforeAll
    static void start() {
        open = TestServer.start();
        jwt = TestServer.start(TestServer.jwtConfig());
    }

    @AfterAll
    static void stop() {
        open.close();
        jwt.close();
    }

    static Response ok(TestServer server, String path) {
        Response r = server.get(path);
        assertEquals(200, r.status(), r::toString);
        assertJsonContentType(r);
        return r;
    }

    @Test
    @DisplayName("§4.1 GET / has exactly name, semver version, apiVersion v1 and the five links")
    void root() {
        ObjectNode body = (ObjectNode) ok(open, "/").json();
        String version = body.remove("version").asText();
        assertTrue(SEMVER.matcher(version).matches(), version);
        assertJson("""
                {"name":"taskcast","apiVersion":"v1",
                 "links":{"health":"/health","healthReady":"/health/ready","healthDetail":"/health/detail",
                          "openapi":"/openapi.json","docs":"/docs"}}""", body);
    }

    @Test
    @DisplayName("§4.2 GET /health is {ok:true,name,version,apiVersion}")
    void health() {
        String version = ok(open, "/").json().get("version").asText();
        assertJson("{\"ok\":true,\"name\":\"taskcast\",\"version\":\"" + version + "\",\"apiVersion\":\"v1\"}",
                ok(open, "/health").json());
    }

    @Test
    @DisplayName("§4.3 GET /health/ready with memory adapters: 200 {ok:true,dependencies:{}}")
    void ready() {
        assertJson("{\"ok\":true,\"dependencies\":{}}", ok(open, "/health/ready").json());
        assertJson("{\"ok\":true,\"dependencies\":{}}", ok(jwt, "/health/ready").json());
    }

    @Test
    @DisplayName("§4.4 GET /health/detail: auth mode, memory adapters, empty dependencies, constant storage")
    void detail() {
        String version = ok(open, "/").json().get("version").asText();
        for (TestServer server : new TestServer[] {open, jwt}) {
            ObjectNode body = (ObjectNode) ok(server, "/health/detail").json();
            JsonNode uptime = body.remove("uptime");
            assertTrue(uptime.isIntegralNumber() && uptime.asLong() >= 0 && uptime.asLong() < 600, uptime::toString);
            String mode = server == open ? "none" : "jwt";
            assertJson("{\"ok\":true,\"name\":\"taskcast\",\"version\":\"" + version + "\",\"apiVersion\":\"v1\","
                    + "\"auth\":{\"mode\":\"" + mode + "\"},"
                    + "\"adapters\":{\"broadcast\":{\"provider\":\"memory\",\"status\":\"ok\"},"
                    + "\"shortTermStore\":{\"provider\":\"memory\",\"status\":\"ok\"}},"
                    + "\"dependencies\":{},"
                    + "\"storage\":{\"releaseReady\":false,\"requiredStorageProtocolVersion\":2,"
                    + "\"activeWriterCount\":1,\"incompatibleWriterIds\":[]}}", body);
        }
    }

    @Test
    @DisplayName("§4.4 no response of a jwt-mode server ever contains the JWT secret")
    void noSecrets() {
        String token = jwt.tokenWithScopes("*");
        jwt.as(token).createTask("{\"id\":\"sec\"}");
        for (String path : new String[] {"/", "/health", "/health/ready", "/health/detail", "/tasks", "/tasks/sec",
                "/tasks/sec/events/history", "/nope"}) {
            jwt.get(path);
            jwt.as(token).get(path);
            jwt.as("bad." + token).get(path);
        }
        for (String body : jwt.responseBodies()) {
            assertFalse(body.contains(TestServer.JWT_SECRET), body);
        }
        assertTrue(jwt.responseBodies().size() > 20);
    }

    @Test
    @DisplayName("§4 service endpoints ignore query strings")
    void queryStringsIgnored() {
        assertEquals(200, open.get("/health?x=1&x=2").status());
        assertEquals(200, open.get("/?verbose=true").status());
    }
}
