package dev.taskcast.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.taskcast.engine.config.CorsSettings;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The optional {@code cors} key (http-api.md §9; config-cli.md §2): off by default, else exactly as specified. */
class CorsHttpTest {
    static final String ORIGIN = "https://app.example";

    static TestServer off;
    static TestServer any;
    static TestServer listed;

    @BeforeAll
    static void start() {
        off = TestServer.start(TestServer.jwtConfig());
        any = TestServer.start(TestServer.jwtConfig().cors(CorsSettings.ANY_ORIGIN));
        listed = TestServer.start(TestServer.jwtConfig().cors(CorsSettings.listed(List.of(ORIGIN, "https://b.example"))));
    }

    @AfterAll
    static void stop() {
        off.close();
        any.close();
        listed.close();
    }

    static void assertNoExtraCorsHeaders(Response r) {
        assertNull(r.header("access-control-allow-credentials"), r::toString);
        assertNull(r.header("access-control-max-age"), r::toString);
        assertNull(r.header("access-control-expose-headers"), r::toString);
    }

    @Test
    @DisplayName("§9 off by default: no CORS headers, OPTIONS is an unmatched method")
    void offByDefault() {
        Response r = off.request("GET", "/health").header("Origin", ORIGIN).send();
        assertEquals(200, r.status());
        assertNull(r.header("access-control-allow-origin"), r::toString);
        Response preflight = off.request("OPTIONS", "/health").header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST").send();
        assertEquals(404, preflight.status(), preflight::toString);
        assertNull(preflight.header("access-control-allow-origin"), preflight::toString);
    }

    @Test
    @DisplayName("§9 cors=true: every response gets Access-Control-Allow-Origin: * (also errors)")
    void anyOriginOnEveryResponse() {
        String token = any.tokenWithScopes("*");
        Response[] responses = {
                any.request("GET", "/health").header("Origin", ORIGIN).send(),
                any.request("GET", "/nope").header("Origin", ORIGIN).send(),
                any.request("GET", "/tasks").header("Origin", ORIGIN).send(),
                any.request("GET", "/tasks").header("Origin", ORIGIN).bearer(token).send(),
                any.request("POST", "/tasks").header("Origin", ORIGIN).bearer(token).json("{\"ttl\":0}").send(),
        };
        int[] statuses = {200, 404, 401, 200, 400};
        for (int i = 0; i < responses.length; i++) {
            Response r = responses[i];
            assertEquals(statuses[i], r.status(), r::toString);
            assertEquals("*", r.header("access-control-allow-origin"), r::toString);
            assertNoExtraCorsHeaders(r);
        }
    }

    @Test
    @DisplayName("§9 OPTIONS preflight on any path → 204 before authentication, methods list, echoed request headers")
    void preflight() {
        for (String path : new String[] {"/tasks", "/tasks/x/status", "/events", "/nope", "/"}) {
            Response r = any.request("OPTIONS", path).header("Origin", ORIGIN)
                    .header("Access-Control-Request-Method", "PATCH")
                    .header("Access-Control-Request-Headers", "authorization,content-type").send();
            assertEquals(204, r.status(), () -> path + ": " + r);
            assertEquals("*", r.header("access-control-allow-origin"), r::toString);
            assertEquals("GET,HEAD,PUT,POST,DELETE,PATCH", r.header("access-control-allow-methods"), r::toString);
            assertEquals("authorization,content-type", r.header("access-control-allow-headers"), r::toString);
            assertNoExtraCorsHeaders(r);
        }
    }

    @Test
    @DisplayName("§9 listed origins: the request's Origin echoed with Vary: Origin when listed, absent when not")
    void listedOrigins() {
        Response r = listed.request("GET", "/health").header("Origin", ORIGIN).send();
        assertEquals(ORIGIN, r.header("access-control-allow-origin"), r::toString);
        assertEquals("Origin", r.header("vary"), r::toString);
        assertNoExtraCorsHeaders(r);
        Response other = listed.request("GET", "/health").header("Origin", "https://evil.example").send();
        assertEquals(200, other.status());
        assertNull(other.header("access-control-allow-origin"), other::toString);
        Response preflight = listed.request("OPTIONS", "/tasks").header("Origin", "https://b.example")
                .header("Access-Control-Request-Method", "POST").send();
        assertEquals(204, preflight.status(), preflight::toString);
        assertEquals("https://b.example", preflight.header("access-control-allow-origin"), preflight::toString);
    }
}
