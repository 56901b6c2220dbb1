package dev.taskcast.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.SseClient;
import dev.taskcast.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 1, randomized: at least 10 000 generated malformed requests across every route (JWT
 * mode, most with a valid token so that they reach validation), from a seed printed with every
 * failure so that it can be replayed with {@code -Dfuzz.seed=<seed>}. Every answer must be a
 * non-5xx, within the read deadline; afterwards the server is healthy and fully functional.
 */
class MalformedRequestFuzzTest {
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
    private static final int WORKERS = 4;
    private static final int READ_TIMEOUT_MS = 15_000;

    @Test
    void tenThousandMalformedRequestsGetNo5xxAndLeaveAHealthyServer() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("[fuzz] seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        try (TestServer server = TestServer.start(TestServer.jwtConfig().maxBodyBytes(256 * 1024).sseKeepaliveMs(1000))) {
            String token = server.tokenWithScopes("*");
            List<String> existing = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String id = server.as(token).createTask("{\"id\":\"fuzz-" + i + "\"}").get("id").asText();
                server.as(token).transition(id, "running");
                existing.add(id);
            }
            int threadsBefore = Thread.activeCount();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(WORKERS)) {
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    long workerSeed = seed + w;
                    int count = REQUESTS / WORKERS;
                    workers.add(pool.submit(() -> {
                        Generator g = new Generator(new Random(workerSeed), token, existing);
                        try (RawHttp http = new RawHttp(server.port(), READ_TIMEOUT_MS)) {
                            for (int i = 0; i < count && failures.size() < 20; i++) {
                                Generator.Req req = g.next();
                                try {
                                    RawHttp.Reply r = http.send(req.bytes());
                                    statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
                                    if (r.status() >= 500) {
                                        failures.add("seed " + workerSeed + " #" + i + " " + req.describe() + " -> "
                                                + r.status() + " " + r.body());
                                    }
                                } catch (RawHttp.Hang e) {
                                    failures.add("seed " + workerSeed + " #" + i + " " + req.describe() + " -> hang");
                                } catch (java.io.IOException e) {
                                    // The server may close a connection after a malformed head: that is an answer.
                                    statuses.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : workers) {
                    f.get(10, TimeUnit.MINUTES);
                }
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            Map<Integer, Integer> histogram = new java.util.TreeMap<>();
            statuses.forEach((k, v) -> histogram.put(k, v.get()));
            int total = histogram.values().stream().mapToInt(Integer::intValue).sum();
            Figures.record("MalformedRequestFuzzTest", "requests / ms / statuses (-1 = connection closed)",
                    total + " / " + ms + " / " + histogram);
            assertTrue(failures.isEmpty(), () -> "5xx or hang:\n" + String.join("\n", failures));
            assertTrue(total >= REQUESTS - WORKERS, "sent " + total);

            // Healthy afterwards: liveness, a full task life with an SSE subscriber, threads settled.
            assertEquals(200, server.get("/health").status());
            String id = server.as(token).createTask("{\"type\":\"after-fuzz\"}").get("id").asText();
            server.as(token).transition(id, "running");
            try (SseClient sse = SseClient.open(server.port(), "/tasks/" + id + "/events",
                    "Authorization", "Bearer " + token)) {
                assertEquals(200, sse.status());
                server.as(token).publish(id, "{\"type\":\"ok\",\"level\":\"info\"}");
                server.as(token).transition(id, "completed");
                List<SseClient.Frame> frames = sse.awaitEnd(Duration.ofSeconds(10));
                assertTrue(frames.getLast().isDone(), frames::toString);
            }
            Response list = server.as(token).get("/tasks");
            assertEquals(200, list.status());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (Thread.activeCount() > threadsBefore + 20 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Thread.activeCount() <= threadsBefore + 20,
                    "platform threads " + threadsBefore + " -> " + Thread.activeCount());
        }
    }

    /** Generates one malformed (or borderline) request at a time from a seeded {@link Random}. */
    static final class Generator {
        record Req(String method, String target, Map<String, String> headers, byte[] body, String note) {
            byte[] bytes() {
                return RawHttp.request(method, target, headers, body);
            }

            String describe() {
                String b = body == null ? "" : new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
                return method + " " + (target.length() > 200 ? target.substring(0, 200) + "…" : target) + " "
                        + headers.keySet() + " [" + note + "] " + b;
            }
        }

        private static final String[] STATUSES = {"pending", "running", "completed", "failed", "cancelled", "timeout",
                "paused", "blocked", "assigned", "bogus", "", "RUNNING"};
        private static final String[] LEVELS = {"debug", "info", "warn", "error", "fatal", "", "INFO"};
        private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
                "text/plain", "application/xml", "application/x+json", "multipart/form-data", "", "*/*", "json",
                "application/json; charset=latin1"};

        private final Random r;
        private final String token;
        private final List<String> existing;

        Generator(Random r, String token, List<String> existing) {
            this.r = r;
            this.token = token;
            this.existing = existing;
        }

        Req next() {
            Map<String, String> headers = new LinkedHashMap<>();
            String auth = authHeader();
            if (auth != null) {
                headers.put("Authorization", auth);
            }
            int route = r.nextInt(12);
            String id = taskId();
            String method;
            String target;
            byte[] body = null;
            String note;
            switch (route) {
                case 0 -> { method = "POST"; target = "/tasks"; body = createBody(); note = "create"; }
                case 1 -> { method = "GET"; target = "/tasks" + query(); note = "list"; }
                case 2 -> { method = "GET"; target = "/tasks/" + id + query(); note = "get"; }
                case 3 -> { method = "PATCH"; target = "/tasks/" + id + "/status"; body = transitionBody(); note = "transition"; }
                case 4, 5 -> { method = "POST"; target = "/tasks/" + id + "/events"; body = publishBody(); note = "publish"; }
                case 6 -> { method = "GET"; target = "/tasks/" + id + "/events/history" + query(); note = "history"; }
                case 7 -> {
                    method = "GET";
                    target = "/tasks/" + (r.nextBoolean() ? id : "missing-" + r.nextInt(100)) + "/events" + query();
                    if (r.nextInt(3) == 0) {
                        headers.put("Last-Event-ID", headerText(30));
                    }
                    note = "sse";
                }
                case 8 -> { method = "GET"; target = "/events" + query(); note = "global sse"; }
                case 9 -> {
                    method = pick("PUT", "DELETE", "OPTIONS", "HEAD", "TRACE", "CONNECT", "FOO", "get", "POST");
                    target = pick("/tasks", "/tasks/" + id, "/events", "/", "/health", "/health/ready",
                            "/health/detail", "/tasks/" + id + "/resolve", "/tasks/" + id + "/request", "/workers",
                            "/admin/token", "/openapi.json");
                    body = r.nextBoolean() ? createBody() : null;
                    note = "odd method/route";
                }
                case 10 -> {
                    method = "GET";
                    target = pick("/", "/health", "/health/ready", "/health/detail", "/tasks/", "/tasks//events",
                            "//tasks", "/tasks/%2e%2e", "/tasks/" + id + "/events/history/extra", "/events/x",
                            "/tasks/" + id + "/", "/tasks?", "/tasks?&&&", "/%", "/tasks/%zz") + (r.nextBoolean() ? query() : "");
                    note = "paths";
                }
                default -> {
                    method = pick("POST", "PATCH");
                    target = method.equals("POST") ? "/tasks/" + id + "/events" : "/tasks/" + id + "/status";
                    body = garbage();
                    note = "garbage body";
                }
            }
            if (body != null || r.nextInt(4) == 0) {
                String ct = CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)];
                if (r.nextInt(10) > 0) {
                    headers.put("Content-Type", ct);
                }
            }
            if (r.nextInt(20) == 0) {
                headers.put("X-Junk-" + r.nextInt(100), headerText(r.nextInt(2000)));
            }
            if (r.nextInt(40) == 0) {
                headers.put("Accept-Encoding", "gzip, deflate, br, zstd, " + headerText(20));
            }
            return new Req(method, target, headers, body, note);
        }

        private String authHeader() {
            int k = r.nextInt(20);
            if (k < 14) {
                return "Bearer " + token;
            }
            return switch (k) {
                case 14 -> null;
                case 15 -> "Bearer " + token.substring(0, r.nextInt(token.length()));
                case 16 -> "bearer " + token;
                case 17 -> "Bearer " + text(50);
                case 18 -> "Basic " + headerText(20);
                default -> "Bearer " + token + "." + headerText(5);
            };
        }

        private String taskId() {
            int k = r.nextInt(10);
            if (k < 5) {
                return existing.get(r.nextInt(existing.size()));
            }
            return switch (k) {
                case 5 -> pct("a/b:c%d");
                case 6 -> pct("ü😀" + text(5));
                case 7 -> "x".repeat(r.nextInt(3000));
                case 8 -> pick("%", "%2", "%zz", "%FF%FE", "%C3", "%00", "..", ".", "%2e%2e", "a%2Fb");
                default -> pct(text(r.nextInt(40)));
            };
        }

        private String query() {
            if (r.nextInt(4) == 0) {
                return "";
            }
            String[] names = {"since.id", "since.index", "since.timestamp", "limit", "types", "levels", "includeStatus",
                    "wrap", "seriesFormat", "status", "type", "x", "", "since.", "limit[]"};
            StringBuilder q = new StringBuilder("?");
            int n = 1 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                String name = names[r.nextInt(names.length)];
                q.append(i == 0 ? "" : "&").append(name);
                if (r.nextInt(8) > 0) {
                    q.append('=').append(queryValue());
                }
                if (r.nextInt(6) == 0) {
                    q.append('&').append(name).append('=').append(queryValue()); // repeated
                }
            }
            return q.toString();
        }

        private String queryValue() {
            return switch (r.nextInt(8)) {
                case 0 -> number();
                case 1 -> pct(text(10));
                case 2 -> pick("NaN", "Infinity", "-1", "1e309", "0x10", "5abc", "", "%", "%zz", "%FF");
                case 3 -> "a".repeat(r.nextInt(5000));
                case 4 -> pick("true", "false", "accumulated", "delta", "info,warn", ",,,", "*", "llm.*");
                case 5 -> pct(STATUSES[r.nextInt(STATUSES.length)] + "," + STATUSES[r.nextInt(STATUSES.length)]);
                default -> Long.toString(r.nextLong());
            };
        }

        private byte[] createBody() {
            Map<String, String> fields = new LinkedHashMap<>();
            String[] keys = {"id", "type", "params", "metadata", "ttl", "webhooks", "cleanup", "authConfig", "tags",
                    "assignMode", "cost", "disconnectPolicy"};
            int n = r.nextInt(6);
            for (int i = 0; i < n; i++) {
                fields.put(keys[r.nextInt(keys.length)], value(2));
            }
            if (r.nextInt(5) == 0) {
                fields.put("id", jsonString("fz-" + text(8))); // sometimes valid: creates tasks
            }
            return maybeBreak(object(fields));
        }

        private byte[] transitionBody() {
            Map<String, String> fields = new LinkedHashMap<>();
            if (r.nextInt(4) > 0) {
                fields.put("status", r.nextBoolean() ? jsonString(STATUSES[r.nextInt(STATUSES.length)]) : value(1));
            }
            String[] keys = {"result", "error", "reason", "ttl", "resumeAfterMs", "blockedRequest"};
            for (int i = r.nextInt(3); i > 0; i--) {
                fields.put(keys[r.nextInt(keys.length)], value(2));
            }
            return maybeBreak(object(fields));
        }

        private byte[] publishBody() {
            if (r.nextInt(4) == 0) {
                StringBuilder a = new StringBuilder("[");
                for (int i = r.nextInt(5); i > 0; i--) {
                    a.append(new String(event(), StandardCharsets.UTF_8)).append(i > 1 ? "," : "");
                }
                return maybeBreak(a.append(']').toString());
            }
            return maybeBreak(new String(event(), StandardCharsets.UTF_8));
        }

        private byte[] event() {
            Map<String, String> fields = new LinkedHashMap<>();
            if (r.nextInt(5) > 0) {
                fields.put("type", r.nextInt(3) > 0 ? jsonString(text(8)) : value(1));
            }
            if (r.nextInt(5) > 0) {
                fields.put("level", r.nextInt(3) > 0 ? jsonString(LEVELS[r.nextInt(LEVELS.length)]) : value(1));
            }
            String[] keys = {"data", "seriesId", "seriesMode", "seriesAccField", "id", "index", "timestamp"};
            for (int i = r.nextInt(4); i > 0; i--) {
                String k = keys[r.nextInt(keys.length)];
                fields.put(k, k.equals("seriesMode") && r.nextBoolean()
                        ? jsonString(pick("keep-all", "accumulate", "latest", "bogus")) : value(2));
            }
            return object(fields).getBytes(StandardCharsets.UTF_8);
        }

        private String value(int depth) {
            int k = r.nextInt(depth <= 0 ? 7 : 10);
            return switch (k) {
                case 0 -> number();
                case 1 -> jsonString(text(r.nextInt(30)));
                case 2 -> pick("true", "false", "null");
                case 3 -> "\"" + "\\u" + pick("D800", "DFFF", "0000", "FFFF", "zzzz") + "\"";
                case 4 -> jsonString("x".repeat(r.nextInt(20_000)));
                case 5 -> "[".repeat(r.nextInt(3000)) + "]".repeat(r.nextInt(3000));
                case 6 -> "{\"delta\":" + jsonString(text(5)) + "}";
                case 7 -> {
                    StringBuilder a = new StringBuilder("[");
                    for (int i = r.nextInt(4); i > 0; i--) {
                        a.append(value(depth - 1)).append(i > 1 ? "," : "");
                    }
                    yield a.append(']').toString();
                }
                default -> {
                    Map<String, String> o = new LinkedHashMap<>();
                    for (int i = r.nextInt(4); i > 0; i--) {
                        o.put(pick("code", "message", "details", "rules", "type", "data", "match", text(4)), value(depth - 1));
                    }
                    yield object(o);
                }
            };
        }

        private String number() {
            return switch (r.nextInt(10)) {
                case 0 -> "-1";
                case 1 -> "0";
                case 2 -> "1e309";
                case 3 -> "-1e309";
                case 4 -> "9".repeat(1 + r.nextInt(400));
                case 5 -> Double.toString(r.nextGaussian() * 1e6);
                case 6 -> "NaN";
                case 7 -> Long.toString(r.nextLong());
                case 8 -> "1.0e-400";
                default -> Integer.toString(r.nextInt(100) + 1);
            };
        }

        private byte[] maybeBreak(String json) {
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            return switch (r.nextInt(8)) {
                case 0 -> java.util.Arrays.copyOf(b, r.nextInt(b.length + 1)); // truncated
                case 1 -> {
                    byte[] c = b.clone();
                    if (c.length > 0) {
                        c[r.nextInt(c.length)] = (byte) (0x80 + r.nextInt(0x80)); // invalid UTF-8
                    }
                    yield c;
                }
                case 2 -> (json + pick(" x", "}", "]", ",", "\u0000")).getBytes(StandardCharsets.UTF_8);
                default -> b;
            };
        }

        private byte[] garbage() {
            byte[] b = new byte[r.nextInt(4096)];
            r.nextBytes(b);
            return b;
        }

        private String object(Map<String, String> fields) {
            StringBuilder o = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<String, String> f : fields.entrySet()) {
                o.append(first ? "" : ",").append(jsonString(f.getKey())).append(':').append(f.getValue());
                first = false;
            }
            return o.append('}').toString();
        }

        private String text(int n) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < n; i++) {
                int k = r.nextInt(12);
                s.append(switch (k) {
                    case 0 -> '/';
                    case 1 -> ':';
                    case 2 -> '%';
                    case 3 -> (char) (0x00 + r.nextInt(0x20));
                    case 4 -> (char) (0xA0 + r.nextInt(0x500));
                    case 5 -> '"';
                    case 6 -> '\\';
                    default -> (char) ('a' + r.nextInt(26));
                });
            }
            return s.toString();
        }

        /** Header-safe: no CR or LF (those would frame a second request, not test this one). */
        private String headerText(int n) {
            return text(n).replace('\r', ' ').replace('\n', ' ');
        }

        private static String jsonString(String s) {
            return dev.taskcast.api.TaskcastJson.write(s);
        }

        /** Percent-encodes everything outside unreserved characters (so the request line stays parseable). */
        private static String pct(String s) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xFF;
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                        || c == '_' || c == '~') {
                    out.write(c);
                } else {
                    out.writeBytes(String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII));
                }
            }
            return out.toString(StandardCharsets.US_ASCII);
        }

        private String pick(String... options) {
            return options[r.nextInt(options.length)];
        }
    }
}
