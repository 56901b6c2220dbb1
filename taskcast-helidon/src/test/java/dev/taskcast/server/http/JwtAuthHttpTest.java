package dev.taskcast.server.http;

import static dev.taskcast.server.testing.JsonAssert.assertError;
import static dev.taskcast.server.testing.TestTokens.epochSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.taskcast.engine.config.AuthSettings;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import dev.taskcast.server.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Authentication over HTTP (http-api.md §2.1–§2.4): bearer extraction, verification, principal claims. */
class JwtAuthHttpTest {
    static TestServer jwt;
    static TestServer open;

    @BeforeAll
    static void start() {
        jwt = TestServer.start(TestServer.jwtConfig());
        open = TestServer.start();
        jwt.as(jwt.tokenWithScopes("*")).createTask("{\"id\":\"b\"}");
        jwt.as(jwt.tokenWithScopes("*")).createTask("{\"id\":\"abc\"}");
    }

    @AfterAll
    static void stop() {
        try {
            // §4.4 / §2: the secret never appears in any response of this class
            for (TestServer s : new TestServer[] {jwt, open}) {
                s.get("/health/detail");
                for (String body : s.responseBodies()) {
                    assertFalse(body.contains(TestServer.JWT_SECRET), body);
                }
            }
        } finally {
            jwt.close();
            open.close();
        }
    }

    static Response list(String authorization) {
        TestServer.RequestSpec r = jwt.request("GET", "/tasks");
        return authorization == null ? r.send() : r.header("Authorization", authorization).send();
    }

    @Test
    @DisplayName("§2.2 missing or non-'Bearer ' Authorization → 401 Missing Bearer token")
    void missingBearer() {
        String token = jwt.tokenWithScopes("*");
        assertError(401, "Missing Bearer token", list(null));
        for (String header : new String[] {"bearer " + token, "BEARER " + token, "Basic dXNlcjpwYXNz", "Bearer",
                "Bearer\t" + token, "Token " + token, token, "Bearer" + token}) {
            assertError(401, "Missing Bearer token", list(header));
        }
    }

    @Test
    @DisplayName("§2.2 'Bearer ' with nothing after the space arrives trimmed as 'Bearer' → Missing Bearer token")
    void bearerWithTrailingSpace() {
        Response r = jwt.raw("GET /tasks HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \r\n"
                + "Connection: close\r\n\r\n");
        assertError(401, "Missing Bearer token", r);
        Response spaces = jwt.raw("GET /tasks HTTP/1.1\r\nHost: localhost\r\nAuthorization:    Bearer    \r\n"
                + "Connection: close\r\n\r\n");
        assertError(401, "Missing Bearer token", spaces);
    }

    @Test
    @DisplayName("§2.2 the token is not trimmed further: 'Bearer  <token>' fails verification")
    void doubleSpace() {
        assertError(401, "Invalid or expired token", list("Bearer  " + jwt.tokenWithScopes("*")));
        assertEquals(200, list("Bearer " + jwt.tokenWithScopes("*")).status());
        assertEquals(200, list("  Bearer " + jwt.tokenWithScopes("*") + "  ").status(), "surrounding OWS trimmed");
    }

    @Test
    @DisplayName("§2.3 bad tokens → 401 Invalid or expired token")
    void invalidTokens() {
        String payload = "{\"scope\":[\"*\"]}";
        String good = jwt.token(payload);
        String[] bad = {
                "garbage",
                "a.b.c",
                good.substring(0, good.length() - 2) + (good.endsWith("AA") ? "BB" : "AA"),
                TestTokens.hs256("another-secret", payload),
                TestTokens.unsigned(payload),
                jwt.token("{\"scope\":[\"*\"],\"exp\":" + epochSeconds(-60) + "}"),
                jwt.token("{\"scope\":[\"*\"],\"nbf\":" + epochSeconds(3600) + "}"),
                good + ".extra",
                good.substring(0, good.lastIndexOf('.')),
        };
        for (String token : bad) {
            assertError(401, "Invalid or expired token", list("Bearer " + token));
        }
    }

    @Test
    @DisplayName("§2.3 accepted: no exp, future exp, past nbf, future iat, any HMAC algorithm with the secret")
    void acceptedTokens() {
        String s = TestServer.JWT_SECRET;
        String[] good = {
                TestTokens.hs256(s, "{\"scope\":[\"*\"]}"),
                TestTokens.hs256(s, "{\"scope\":[\"*\"],\"exp\":" + epochSeconds(3600) + "}"),
                TestTokens.hs256(s, "{\"scope\":[\"*\"],\"nbf\":" + epochSeconds(-60) + "}"),
                TestTokens.hs256(s, "{\"scope\":[\"*\"],\"iat\":" + epochSeconds(86_400) + "}"),
                TestTokens.hmac("HS384", s, "{\"scope\":[\"*\"]}"),
                TestTokens.hmac("HS512", s, "{\"scope\":[\"*\"]}"),
                TestTokens.hs256(s, "{\"scope\":[\"*\"],\"iss\":\"anyone\",\"aud\":\"anything\",\"jti\":\"x\"}"),
        };
        for (String token : good) {
            Response r = list("Bearer " + token);
            assertEquals(200, r.status(), r::toString);
        }
    }

    @Test
    @DisplayName("§2.3 configured issuer/audience must match iss/aud (aud string or array)")
    void issuerAndAudience() {
        try (TestServer s = TestServer.start(ServerConfig.builder().auth(new AuthSettings(AuthSettings.Mode.JWT,
                new AuthSettings.JwtSettings("HS256", TestServer.JWT_SECRET, null, null, "issuer-1", "aud-1"))))) {
            String ok1 = s.token("{\"scope\":[\"*\"],\"iss\":\"issuer-1\",\"aud\":\"aud-1\"}");
            String ok2 = s.token("{\"scope\":[\"*\"],\"iss\":\"issuer-1\",\"aud\":[\"x\",\"aud-1\"]}");
            assertEquals(200, s.as(ok1).get("/tasks").status());
            assertEquals(200, s.as(ok2).get("/tasks").status());
            for (String payload : new String[] {"{\"scope\":[\"*\"],\"aud\":\"aud-1\"}",
                    "{\"scope\":[\"*\"],\"iss\":\"issuer-2\",\"aud\":\"aud-1\"}",
                    "{\"scope\":[\"*\"],\"iss\":\"issuer-1\"}",
                    "{\"scope\":[\"*\"],\"iss\":\"issuer-1\",\"aud\":[\"x\"]}"}) {
                assertError(401, "Invalid or expired token", s.as(s.token(payload)).get("/tasks"));
            }
        }
    }

    @Test
    @DisplayName("§2.4 principal defaults: no scope claim = nothing allowed; no taskIds claim = all tasks")
    void principalDefaults() {
        String none = jwt.token("{\"sub\":\"u\"}");
        assertError(403, "Forbidden", jwt.as(none).get("/tasks"));
        assertError(403, "Forbidden", jwt.as(none).get("/tasks/b"));
        assertError(403, "Forbidden", jwt.as(none).post("/tasks", "{}"));
        String subscribeAll = jwt.token("{\"scope\":[\"event:subscribe\"]}");
        assertEquals(200, jwt.as(subscribeAll).get("/tasks/b").status());
        assertEquals(200, jwt.as(subscribeAll).get("/tasks/abc").status());
    }

    @Test
    @DisplayName("§2.4 claim types (BO): string taskIds/scope are one element, never substrings; other types deny")
    void claimTypes() {
        String substringIds = jwt.token("{\"taskIds\":\"abc\",\"scope\":[\"*\"]}");
        assertError(403, "Forbidden", jwt.as(substringIds).get("/tasks/b"));
        assertEquals(200, jwt.as(substringIds).get("/tasks/abc").status());
        String stringStar = jwt.token("{\"taskIds\":\"*\",\"scope\":\"*\"}");
        assertEquals(200, jwt.as(stringStar).get("/tasks/b").status());
        assertEquals(201, jwt.as(stringStar).post("/tasks", "{}").status());
        String stringScope = jwt.token("{\"scope\":\"event:subscribe task:create\"}");
        assertError(403, "Forbidden", jwt.as(stringScope).get("/tasks/b"));
        assertError(403, "Forbidden", jwt.as(stringScope).post("/tasks", "{}"));
        String oneScope = jwt.token("{\"scope\":\"event:subscribe\"}");
        assertEquals(200, jwt.as(oneScope).get("/tasks/b").status());
        assertError(403, "Forbidden", jwt.as(oneScope).post("/tasks", "{}"));
        for (String weird : new String[] {"{\"taskIds\":5,\"scope\":[\"*\"]}", "{\"taskIds\":{\"b\":true},\"scope\":[\"*\"]}"}) {
            assertError(403, "Forbidden", jwt.as(jwt.token(weird)).get("/tasks/b"));
        }
        for (String weird : new String[] {"{\"scope\":5}", "{\"scope\":{\"*\":true}}"}) {
            assertError(403, "Forbidden", jwt.as(jwt.token(weird)).get("/tasks/b"));
        }
        String unknownScopes = jwt.token("{\"scope\":[\"bogus:scope\",\"event:subscribe\"]}");
        assertEquals(200, jwt.as(unknownScopes).get("/tasks/b").status());
    }

    @Test
    @DisplayName("§2.1 none mode ignores Authorization headers, valid or not")
    void noneModeIgnoresAuthorization() {
        String[] headers = {"Bearer garbage", "Basic dXNlcjpwYXNz", "Bearer", "bearer x",
                TestTokens.hs256("whatever", "{\"scope\":[]}")};
        for (String h : headers) {
            assertEquals(201, open.request("POST", "/tasks").header("Authorization", h).json("{}").send().status(), h);
            assertEquals(200, open.request("GET", "/tasks").header("Authorization", h).send().status(), h);
        }
        String restricted = "Bearer " + TestTokens.hs256("x", "{\"taskIds\":[\"none\"],\"scope\":[]}");
        open.createTask("{\"id\":\"open-1\"}");
        assertEquals(200, open.request("GET", "/tasks/open-1").header("Authorization", restricted).send().status());
    }
}
