package dev.taskcast.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.engine.config.AdapterSelection;
import dev.taskcast.engine.config.AdapterSettings;
import dev.taskcast.engine.config.AuthSettings;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import dev.taskcast.server.testing.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 2 (docs/reliability.md): forged, confused, expired, premature, mis-addressed and tampered
 * tokens are refused with 401; claims crafted to exploit substring matching get 403; and no secret
 * (JWT secret, Redis or PostgreSQL password) appears in logs, error responses or /health/detail,
 * even while the backing services fail.
 */
class AuthAttackTest {
    private static final String ISSUER = "https://issuer.example";
    private static final String AUDIENCE = "taskcast-api";
    private static KeyPair rsa;
    private static String publicPem;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsa = g.generateKeyPair();
        publicPem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(rsa.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        server = TestServer.start(ServerConfig.builder().auth(new AuthSettings(AuthSettings.Mode.JWT,
                new AuthSettings.JwtSettings("RS256", null, publicPem, null, ISSUER, AUDIENCE))));
        Response created = server.as(rs256(claims("\"scope\":[\"*\"]"))).post("/tasks", "{\"id\":\"task-10\"}");
        assertEquals(201, created.status(), created::toString);
        server.as(rs256(claims("\"scope\":[\"*\"]"))).post("/tasks", "{\"id\":\"b\"}");
        server.as(rs256(claims("\"scope\":[\"*\"]"))).post("/tasks", "{\"id\":\"task-1\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String claims(String extra) {
        long now = System.currentTimeMillis() / 1000;
        return "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"exp\":" + (now + 600) + ","
                + "\"sub\":\"attacker\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    static String rs256(String payload) throws Exception {
        String input = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + b64(payload);
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(rsa.getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64(s.sign());
    }

    private static String hmacWithKey(String alg, byte[] key, String payload) throws Exception {
        String input = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + b64(payload);
        String jdk = "HmacSHA" + alg.substring(2);
        Mac mac = Mac.getInstance(jdk);
        mac.init(new SecretKeySpec(key, jdk));
        return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static void assert401(String token, String what) {
        Response r = server.as(token).get("/tasks");
        assertEquals(401, r.status(), () -> what + ": " + r);
        assertEquals("{\"error\":\"Invalid or expired token\"}", r.body(), what);
    }

    @Test
    void aValidTokenIsAccepted() throws Exception {
        assertEquals(200, server.as(rs256(claims("\"scope\":[\"*\"]"))).get("/tasks").status());
    }

    @Test
    void forgedAndConfusedTokensAreRefused() throws Exception {
        String all = claims("\"scope\":[\"*\"]");
        assert401(TestTokens.unsigned(all), "alg none");
        assert401(b64("{\"alg\":\"NONE\"}") + "." + b64(all) + ".", "alg NONE");
        assert401(b64("{\"alg\":\"none\"}") + "." + b64(all), "alg none without signature part");
        // Algorithm confusion: HMAC keyed with the RSA public key (PEM text, DER bytes).
        for (String alg : List.of("HS256", "HS384", "HS512")) {
            assert401(hmacWithKey(alg, publicPem.getBytes(StandardCharsets.UTF_8), all), alg + " with the PEM as secret");
            assert401(hmacWithKey(alg, publicPem.trim().getBytes(StandardCharsets.UTF_8), all), alg + " with the trimmed PEM");
            assert401(hmacWithKey(alg, rsa.getPublic().getEncoded(), all), alg + " with the DER key as secret");
        }
        // Signature stripped, swapped, truncated; a header naming a key of our choosing.
        String good = rs256(all);
        String[] parts = good.split("\\.");
        assert401(parts[0] + "." + parts[1] + ".", "stripped signature");
        assert401(parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4), "truncated signature");
        assert401(parts[0] + "." + parts[1] + "." + b64(new byte[256]), "zero signature");
        String jwkHeader = b64("{\"alg\":\"RS256\",\"jku\":\"http://127.0.0.1:1/keys\",\"kid\":\"../../x\"}");
        assert401(jwkHeader + "." + parts[1] + "." + parts[2], "header swapped");
        assert401("a.b.c.d", "four parts");
        assert401("....", "dots");
        assert401("x".repeat(4000), "long garbage");
    }

    @Test
    void wrongIssuerAudienceAndTimesAreRefused() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String scope = "\"scope\":[\"*\"]";
        assert401(rs256("{\"iss\":\"https://evil.example\",\"aud\":\"" + AUDIENCE + "\"," + scope + "}"), "wrong iss");
        assert401(rs256("{\"aud\":\"" + AUDIENCE + "\"," + scope + "}"), "missing iss");
        assert401(rs256("{\"iss\":\"" + ISSUER + "\",\"aud\":\"other\"," + scope + "}"), "wrong aud");
        assert401(rs256("{\"iss\":\"" + ISSUER + "\",\"aud\":[\"other\",\"x\"]," + scope + "}"), "wrong aud array");
        assert401(rs256("{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "x\"," + scope + "}"), "aud superstring");
        assert401(rs256("{\"iss\":\"" + ISSUER + "\"," + scope + "}"), "missing aud");
        assert401(rs256("{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"exp\":" + (now - 5) + "," + scope + "}"),
                "expired");
        assert401(rs256("{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"nbf\":" + (now + 60) + "," + scope + "}"),
                "not yet valid");
    }

    @Test
    void tamperedPayloadIsRefused() throws Exception {
        String token = rs256(claims("\"scope\":[\"event:subscribe\"],\"taskIds\":[\"b\"]"));
        String[] p = token.split("\\.");
        String tampered = b64(claims("\"scope\":[\"*\"],\"taskIds\":\"*\""));
        assert401(p[0] + "." + tampered + "." + p[2], "payload replaced");
        String padded = p[1] + "=";
        assert401(p[0] + "." + padded + "." + p[2], "payload re-encoded");
        // The genuine token still works, within its limits.
        assertEquals(200, server.as(token).get("/tasks/b").status());
        assertEquals(403, server.as(token).get("/tasks/task-1").status());
    }

    /** String claims are one-element lists (http-api.md §2.4), never substring matches. */
    @Test
    void substringCraftedTaskIdsAndScopesAreRefused() throws Exception {
        String admitsAbc = rs256(claims("\"scope\":[\"*\"],\"taskIds\":\"abc\""));
        assertEquals(403, server.as(admitsAbc).get("/tasks/b").status(), "\"abc\" must not admit task b");
        String admitsTask10 = rs256(claims("\"scope\":[\"*\"],\"taskIds\":\"task-10\""));
        assertEquals(403, server.as(admitsTask10).get("/tasks/task-1").status(), "task-10 must not admit task-1");
        assertEquals(200, server.as(admitsTask10).get("/tasks/task-10").status());
        String arrayTask10 = rs256(claims("\"scope\":[\"*\"],\"taskIds\":[\"task-10\"]"));
        assertEquals(403, server.as(arrayTask10).get("/tasks/task-1").status());
        assertEquals(403, server.as(arrayTask10).patch("/tasks/task-1/status", "{\"status\":\"running\"}").status());
        String star = rs256(claims("\"scope\":[\"*\"],\"taskIds\":\"*x\""));
        assertEquals(403, server.as(star).get("/tasks/b").status(), "\"*x\" is not \"*\"");
        for (String claim : List.of("123", "{\"b\":true}", "true", "[[\"b\"]]", "[\"B\"]", "[\"b \"]")) {
            String t = rs256(claims("\"scope\":[\"*\"],\"taskIds\":" + claim));
            assertEquals(403, server.as(t).get("/tasks/b").status(), () -> "taskIds " + claim);
        }
        // A list filtered by taskIds does not leak other tasks either.
        Response list = server.as(admitsTask10).get("/tasks");
        assertEquals(200, list.status());
        assertEquals(1, list.json().get("tasks").size(), list::toString);

        for (String scope : List.of("\"task:create event:subscribe\"", "\"xtask:createx\"", "\"*task:create\"",
                "\"task:*\"", "\"event:subscribe,task:create\"", "[\"task:create \"]", "[\"TASK:CREATE\"]",
                "[\"task:creat\"]", "[[\"task:create\"]]", "{\"task:create\":true}", "7")) {
            String t = rs256(claims("\"scope\":" + scope));
            Response r = server.as(t).post("/tasks", "{}");
            assertEquals(403, r.status(), () -> "scope " + scope + ": " + r);
        }
        assertEquals(201, server.as(rs256(claims("\"scope\":\"task:create\""))).post("/tasks", "{}").status(),
                "a string scope is a one-element list");
        assertEquals(201, server.as(rs256(claims("\"scope\":\"*\""))).post("/tasks", "{}").status());
    }

    /**
     * Secrets stay secret: with a JWT secret and passwords in the Redis and PostgreSQL URLs, drive
     * failures (bad tokens, the Redis connection cut through a proxy) and check every log line,
     * every response body and /health/detail.
     */
    @Test
    void secretsNeverAppearInLogsErrorsOrHealthDetail() throws Exception {
        String jwtSecret = "jwt-S3cret-" + Env.unique("k");
        String redisPassword = "redisPw" + Env.unique("r");
        String pgPassword = "pgPw" + Env.unique("p");
        String prefix = Env.unique("tc-rel-auth-");
        String schema = Env.unique("tc_rel_auth_");
        Env.createSchema(schema);
        List<String> logs = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                StringBuilder s = new StringBuilder(String.valueOf(r.getMessage()));
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) {
                        s.append(' ').append(p);
                    }
                }
                for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                    s.append(' ').append(t);
                }
                synchronized (logs) {
                    logs.add(s.toString());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new Tee(originalErr, console), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new Tee(originalOut, console), true, StandardCharsets.UTF_8));
        try (TcpProxy redisProxy = new TcpProxy("127.0.0.1", Env.redisPort())) {
            String redisUrl = "redis://default:" + redisPassword + "@127.0.0.1:" + redisProxy.port();
            String pgUrl = "postgres://postgres:" + pgPassword + "@127.0.0.1:" + Env.postgresPort()
                    + Env.postgresUri().getPath() + "?currentSchema=" + schema;
            ServerConfig.Builder config = ServerConfig.builder()
                    .auth(new AuthSettings(AuthSettings.Mode.JWT,
                            new AuthSettings.JwtSettings("HS256", jwtSecret, null, null, null, null)))
                    .adapters(new AdapterSettings(
                            new AdapterSelection("redis", Map.of("url", redisUrl, "prefix", prefix)),
                            new AdapterSelection("redis", Map.of("url", redisUrl, "prefix", prefix)),
                            new AdapterSelection("postgres", Map.of("url", pgUrl))))
                    .pluginsDir(Env.pluginsDir()).autoMigrate(true);
            List<String> bodies = new ArrayList<>();
            try (TestServer s = TestServer.start(config)) {
                String good = TestTokens.hs256(jwtSecret, "{\"scope\":[\"*\"]}");
                bodies.add(s.get("/health/detail").body());
                bodies.add(s.as(TestTokens.hs256(jwtSecret + "x", "{\"scope\":[\"*\"]}")).get("/tasks").body());
                bodies.add(s.as(TestTokens.unsigned("{}")).get("/tasks").body());
                String id = s.as(good).createTask("{}").get("id").asText();
                redisProxy.cut();
                for (int i = 0; i < 5; i++) {
                    bodies.add(s.as(good).post("/tasks/" + id + "/events", "{\"type\":\"x\",\"level\":\"info\"}").body());
                    bodies.add(s.as(good).get("/tasks/" + id).body());
                }
                bodies.add(s.get("/health/ready").body());
                bodies.add(s.get("/health/detail").body());
                redisProxy.restore();
                bodies.addAll(s.responseBodies());
            }
            String all = String.join("\n", bodies) + "\n" + String.join("\n", logs) + "\n"
                    + console.toString(StandardCharsets.UTF_8);
            assertTrue(all.contains("redisCommand unavailable"), "the outage was exercised");
            for (String secret : List.of(jwtSecret, redisPassword, pgPassword)) {
                assertFalse(all.contains(secret), () -> "secret leaked: " + secret + " in\n"
                        + all.lines().filter(l -> l.contains(secret)).limit(5).toList());
            }
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
            root.removeHandler(capture);
            MiniRedis.cleanup(prefix);
            Env.dropSchema(schema);
        }
    }

    /** Copies everything written to two streams. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final ByteArrayOutputStream b;

        Tee(java.io.OutputStream a, ByteArrayOutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            synchronized (b) {
                b.write(x);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }
    }
}
