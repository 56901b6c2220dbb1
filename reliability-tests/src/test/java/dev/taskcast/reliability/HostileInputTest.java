package dev.taskcast.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.SseClient;
import dev.taskcast.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 1 (docs/reliability.md), targeted cases: oversized bodies are refused with 413 and the
 * error shape without being buffered; hostile JSON, bytes, content types, heads, ids and numbers
 * get a 4xx (or are served), never a 5xx and never a hang. The randomized sweep is
 * {@link MalformedRequestFuzzTest}.
 */
class HostileInputTest {
    private static final long LIMIT = 1024 * 1024; // the 1 MiB; the default is 10 MiB (see docs)
    private static final int READ_TIMEOUT_MS = 10_000;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ServerConfig.builder().maxBodyBytes(LIMIT).sseKeepaliveMs(500));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawHttp.Reply send(String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        try (RawHttp http = new RawHttp(server.port(), READ_TIMEOUT_MS)) {
            return http.send(RawHttp.request(method, target, headers, body));
        }
    }

    private static RawHttp.Reply sendJson(String method, String target, String json) throws IOException {
        return send(method, target, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertClientError(RawHttp.Reply r, String what) {
        assertTrue(r.status() >= 400 && r.status() < 500, () -> what + ": expected 4xx, got " + r.status() + " " + r.body());
    }

    private static void assertNot5xx(RawHttp.Reply r, String what) {
        assertTrue(r.status() < 500, () -> what + ": got " + r.status() + " " + r.body());
    }

    private static String runningTask() {
        String id = server.createTask("{\"type\":\"hostile\"}").get("id").asText();
        server.transition(id, "running");
        return id;
    }

    // ---- body size ------------------------------------------------------------------------------

    /**
     * A body over the limit is answered 413 {"error": ...} on every body route, whether the length is
     * declared or chunked; a body at the limit is accepted.
     */
    @Test
    void oversizedBodiesAre413WithTheErrorShape() throws Exception {
        String id = runningTask();
        for (String[] route : new String[][] {{"POST", "/tasks"}, {"PATCH", "/tasks/" + id + "/status"},
                {"POST", "/tasks/" + id + "/events"}}) {
            byte[] big = jsonOfSize((int) LIMIT + 1);
            Reply r = sendConcurrently(route[0], route[1], big, false);
            assertEquals(413, r.status, () -> route[1] + " declared: " + r.head);
            JsonNode body = TaskcastJson.tree(r.body);
            assertTrue(body.get("error").isTextual(), r.body);
            Reply c = sendConcurrently(route[0], route[1], big, true);
            assertEquals(413, c.status, () -> route[1] + " chunked: " + c.head);
        }
        // Exactly at the limit: accepted.
        String data = "x".repeat((int) LIMIT - 64);
        String json = "{\"type\":\"big\",\"level\":\"info\",\"data\":\"" + data + "\"}";
        json = json + " ".repeat((int) LIMIT - json.length());
        assertEquals(LIMIT, json.length());
        Response ok = server.post("/tasks/" + id + "/events", json);
        assertEquals(201, ok.status(), ok::toString);
    }

    /** The default limit is 10 MiB (the spec's minimum): 10 MiB + 1 is refused, 10 MiB accepted. */
    @Test
    void defaultLimitIsTenMiB() throws Exception {
        try (TestServer defaults = TestServer.start(ServerConfig.builder())) {
            assertEquals(10L * 1024 * 1024, ServerConfig.defaults().maxBodyBytes());
            String id = defaults.createTask("{}").get("id").asText();
            Reply r = sendConcurrently(defaults.port(), "POST", "/tasks/" + id + "/events",
                    jsonOfSize(10 * 1024 * 1024 + 1), false);
            assertEquals(413, r.status, r.head);
        }
    }

    /** A huge declared length is refused at once, from the header, without waiting for the body. */
    @Test
    void hugeDeclaredLengthIsRefusedWithoutReadingTheBody() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            s.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            out.write(("POST /tasks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1099511627776\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            String head = readHead(s.getInputStream());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(head.startsWith("HTTP/1.1 413"), head);
            Figures.record("HostileInputTest", "413 for a declared 1 TiB body (ms)", ms);
        }
    }

    /**
     * Memory stays bounded: 40 concurrent 8 MiB chunked bodies against the 1 MiB limit are all refused
     * and the heap after a full GC grows by far less than what was sent (320 MiB).
     */
    @Test
    void oversizedBodiesDoNotGrowMemory() throws Exception {
        long before = Figures.heapAfterGcMiB();
        byte[] huge = jsonOfSize(8 * 1024 * 1024);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                replies.add(pool.submit(() -> sendConcurrently(server.port(), "POST", "/tasks", huge, true)));
            }
            for (Future<Reply> f : replies) {
                assertEquals(413, f.get(60, TimeUnit.SECONDS).status);
            }
        }
        long after = Figures.heapAfterGcMiB();
        Figures.record("HostileInputTest", "heap after GC before/after 40 x 8 MiB refused bodies (MiB)",
                before + " / " + after);
        assertTrue(after - before < 64, () -> "heap grew from " + before + " to " + after + " MiB");
        assertEquals(200, server.get("/health").status());
    }

    /**
     * Slow-body attack: 100 clients declare 10 MiB and stop after a few bytes. Memory follows what
     * arrived (not what was declared), and each connection is cut off once its body has been idle for
     * limits.bodyIdleTimeoutMs (1 s here, 30 s by default); the server serves others meanwhile.
     */
    @Test
    void stalledBodiesHoldNoMemoryAndAreCutOff() throws Exception {
        try (TestServer slow = TestServer.start(ServerConfig.builder().bodyIdleTimeoutMs(1000))) {
            long before = Figures.heapAfterGcMiB();
            List<Socket> stalled = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Socket s = new Socket("127.0.0.1", slow.port());
                s.setSoTimeout(20_000);
                s.getOutputStream().write(("POST /tasks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 10485760\r\n\r\n{\"type\":").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                stalled.add(s);
            }
            assertEquals(201, slow.post("/tasks", "{}").status(), "others are served meanwhile");
            long during = Figures.heapAfterGcMiB();
            long start = System.nanoTime();
            for (Socket s : stalled) {
                try (s) {
                    InputStream in = s.getInputStream();
                    byte[] rest = in.readAllBytes(); // a 408 if the connection still took it, then the close
                    String text = new String(rest, StandardCharsets.ISO_8859_1);
                    assertTrue(text.isEmpty() || text.startsWith("HTTP/1.1 408"), text);
                } catch (java.net.SocketException reset) {
                    // closed by the server: what counts
                }
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            Figures.record("HostileInputTest", "100 stalled 10 MiB bodies: heap before/during (MiB), all cut off after (ms)",
                    before + " / " + during + " / " + ms);
            assertTrue(during - before < 48, () -> "heap " + before + " -> " + during + " MiB");
            assertTrue(ms < 15_000, "stalled connections still open after " + ms + " ms");
            assertEquals(201, slow.post("/tasks", "{}").status());
        }
    }

    // ---- JSON -----------------------------------------------------------------------------------

    @Test
    void deeplyNestedAndHugeJsonIsRefusedOrServedNeverAFailure() throws Exception {
        String id = runningTask();
        String events = "/tasks/" + id + "/events";
        int depth = 200_000;
        assertClientError(sendJson("POST", "/tasks", "[".repeat(depth) + "]".repeat(depth)), "nested arrays");
        assertClientError(sendJson("POST", events, "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)), "nested objects");
        String nestedData = "{\"type\":\"n\",\"level\":\"info\",\"data\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        assertClientError(sendJson("POST", events, nestedData), "nested data");
        // Deep but within the parser's limit: stored and served back.
        String moderate = "{\"type\":\"n\",\"level\":\"info\",\"data\":" + "[".repeat(500) + "]".repeat(500) + "}";
        assertEquals(201, sendJson("POST", events, moderate).status());
        assertEquals(200, send("GET", events + "/history", Map.of(), null).status());
        // Many keys, long strings, a big batch.
        StringBuilder keys = new StringBuilder("{\"type\":\"k\",\"level\":\"info\",\"data\":{");
        for (int i = 0; i < 20_000; i++) {
            keys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        assertNot5xx(sendJson("POST", events, keys.append("}}").toString()), "many keys");
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 5000; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"type\":\"b\",\"level\":\"debug\",\"data\":").append(i).append('}');
        }
        RawHttp.Reply b = sendJson("POST", events, batch.append(']').toString());
        assertEquals(201, b.status(), b.body());
        assertEquals(5000, TaskcastJson.tree(b.body()).size());
        // Duplicate keys, trailing garbage, truncated, empty, BOM, comments, NaN/Infinity tokens.
        for (String bad : List.of("{\"type\":\"a\",\"type\":\"b\",\"level\":\"info\"}", "{\"type\":\"a\",\"level\":\"info\"} x",
                "{\"type\":\"a\",\"level\":", "", "\uFEFF{}", "{/*c*/}", "{\"ttl\":NaN}", "{\"ttl\":Infinity}",
                "{\"ttl\":-Infinity}", "{'id':'x'}", "nul", "\"str\"", "123", "null", "[]", "{\"id\":\"\u0000\"}")) {
            assertNot5xx(sendJson("POST", "/tasks", bad), "create " + bad);
            assertNot5xx(sendJson("POST", events, bad), "publish " + bad);
            assertNot5xx(sendJson("PATCH", "/tasks/" + id + "/status", bad), "transition " + bad);
        }
    }

    @Test
    void invalidUtf8IsAClientErrorEverywhere() throws Exception {
        String id = runningTask();
        byte[][] bodies = {
                {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'},
                {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, '"', '}'},
                {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // lone surrogate
                {(byte) 0xC0, (byte) 0xAF},
        };
        for (byte[] body : bodies) {
            for (String ct : new String[] {"application/json", "text/plain", null}) {
                Map<String, String> h = ct == null ? Map.of() : Map.of("Content-Type", ct);
                assertNot5xx(send("POST", "/tasks", h, body), "create " + ct);
                assertNot5xx(send("POST", "/tasks/" + id + "/events", h, body), "publish " + ct);
                assertNot5xx(send("PATCH", "/tasks/" + id + "/status", h, body), "transition " + ct);
            }
        }
        // Invalid UTF-8 in the path (percent-encoded and raw) and in header values.
        for (String path : new String[] {"/tasks/%FF%FE", "/tasks/%C3", "/tasks/%ED%A0%80/events/history",
                "/tasks/%FF/events", "/tasks/%zz", "/tasks/%", "/tasks/a%2", "/tasks/%00"}) {
            assertNot5xx(send("GET", path, Map.of(), null), path);
        }
        assertNot5xx(send("GET", "/tasks/" + id, Map.of("Last-Event-ID", "\u00ff\u00fe"), null), "latin-1 header");
    }

    @Test
    void wrongContentTypesAreClientErrorsOrParsedAsJson() throws Exception {
        String id = runningTask();
        String event = "{\"type\":\"ct\",\"level\":\"info\"}";
        for (String ct : new String[] {"text/plain", "application/xml", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded", "application/json; charset=utf-16", "application/vnd.x+json",
                "*/*", "garbage", "application/json;;;", "", "application/octet-stream"}) {
            RawHttp.Reply r = send("POST", "/tasks/" + id + "/events", Map.of("Content-Type", ct),
                    event.getBytes(StandardCharsets.UTF_8));
            assertTrue(r.status() == 201 || (r.status() >= 400 && r.status() < 500), () -> ct + ": " + r);
            RawHttp.Reply x = send("POST", "/tasks", Map.of("Content-Type", ct),
                    "<task id=\"x\"/>".getBytes(StandardCharsets.UTF_8));
            assertClientError(x, "xml as " + ct);
        }
    }

    @Test
    void hugeQueryStringsAndHeadersAreClientErrors() throws Exception {
        String id = runningTask();
        String q = "a".repeat(200_000);
        assertClientError(send("GET", "/tasks?type=" + q, Map.of(), null), "huge query");
        assertClientError(send("GET", "/tasks/" + id + "/events/history?since.id=" + q, Map.of(), null), "huge cursor");
        assertClientError(send("GET", "/tasks", Map.of("X-Big", "b".repeat(200_000)), null), "huge header");
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 2000; i++) {
            many.put("X-H" + i, "v".repeat(50));
        }
        assertClientError(send("GET", "/tasks", many, null), "many headers");
        StringBuilder params = new StringBuilder("/tasks/" + id + "/events/history?");
        for (int i = 0; i < 3000; i++) {
            params.append("p").append(i).append("=1&");
        }
        assertNot5xx(send("GET", params.toString(), Map.of(), null), "many params");
        assertEquals(200, server.get("/health").status());
    }

    /**
     * Ids with {@code /}, {@code :}, {@code %}, unicode, control characters or 10 000 characters are
     * ordinary ids: created, addressed (percent-encoded), published to, read and streamed.
     */
    @Test
    void oddIdsWorkEndToEnd() throws Exception {
        List<String> ids = List.of("a/b", "a:b:c", "100%", "%2F", "ünï·cødé-😀", "tab\tand space", "..", "../tasks",
                "x".repeat(10_000), "?q=1#frag", "\u2028line", "a\\b", "'\"<>");
        for (String id : ids) {
            Response c = server.post("/tasks", "{\"id\":" + TaskcastJson.write(id) + "}");
            assertEquals(201, c.status(), () -> "create " + id.length() + ": " + c);
            // Dot segments must be encoded, or every client normalizes "/tasks/.." to "/".
            String path = "/tasks/" + (id.equals("..") ? "%2E%2E" : TestServer.seg(id));
            assertEquals(200, server.patch(path + "/status", "{\"status\":\"running\"}").status(), () -> "transition " + id);
            assertEquals(201, server.post(path + "/events", "{\"type\":\"t\",\"level\":\"info\"}").status());
            Response g = server.get(path);
            assertEquals(200, g.status(), () -> "get " + id.length());
            assertEquals(id, g.json().path("id").asText(), () -> path + " -> " + g);
            assertEquals(2, server.get(path + "/events/history").json().size());
            assertEquals(200, server.patch(path + "/status", "{\"status\":\"completed\"}").status());
            try (SseClient sse = SseClient.open(server.port(), path + "/events")) {
                assertEquals(200, sse.status());
                List<SseClient.Frame> frames = sse.awaitEnd(Duration.ofSeconds(10));
                assertTrue(frames.getLast().isDone(), () -> "stream of " + id + ": " + frames);
            }
        }
    }

    /** Every numeric field and numeric query parameter, with hostile numbers. */
    @Test
    void hostileNumbersAreClientErrorsNeverFailures() throws Exception {
        String id = runningTask();
        List<String> numbers = List.of("-1", "0", "-0", "1.5", "1e309", "-1e309", "1e-400", "9007199254740993",
                "2147483648", "99999999999999999999999999999999", "-9223372036854775809", "1E2", "0x10", "\"NaN\"",
                "\"1\"", "true", "null", "[]", "{}", "1" + "0".repeat(5000));
        for (String n : numbers) {
            assertNot5xx(sendJson("POST", "/tasks", "{\"ttl\":" + n + "}"), "ttl " + n);
            assertNot5xx(sendJson("POST", "/tasks", "{\"cost\":" + n + "}"), "cost " + n);
            assertNot5xx(sendJson("PATCH", "/tasks/" + id + "/status", "{\"status\":\"paused\",\"ttl\":" + n
                    + ",\"resumeAfterMs\":" + n + "}"), "transition numbers " + n);
            assertNot5xx(sendJson("POST", "/tasks/" + id + "/events", "{\"type\":\"n\",\"level\":\"info\",\"data\":" + n
                    + "}"), "data " + n);
        }
        List<String> params = List.of("NaN", "-1", "1e309", "-Infinity", "Infinity", "99999999999999999999",
                "0x1f", "%20", "", "1.5", "-0", "+5", "5abc", "%00", "9".repeat(5000));
        for (String p : params) {
            for (String name : new String[] {"since.index", "since.timestamp", "limit", "since.id"}) {
                RawHttp.Reply h = send("GET", "/tasks/" + id + "/events/history?" + name + "=" + p, Map.of(), null);
                assertNot5xx(h, "history " + name + "=" + p);
                RawHttp.Reply s = send("GET", "/tasks/" + id + "/events?" + name + "=" + p + "&" + name + "=" + p,
                        Map.of(), null);
                if (p.length() < 100) {
                    assertEquals(400, s.status(), () -> "repeated " + name + ": " + s);
                } else {
                    assertClientError(s, "repeated long " + name);
                }
            }
        }
        // Single numeric cursors on a live stream: the head arrives (200), the stream is then dropped.
        for (String p : params) {
            RawHttp.Reply s = send("GET", "/tasks/" + id + "/events?since.index=" + p + "&limit=" + p, Map.of(), null);
            assertNot5xx(s, "stream since.index=" + p);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private record Reply(int status, String head, String body) {
    }

    private static Reply sendConcurrently(String method, String path, byte[] body, boolean chunked) throws Exception {
        return sendConcurrently(server.port(), method, path, body, chunked);
    }

    /**
     * Writes the body on its own thread while reading the response, because a server that answers
     * 413 early may stop reading: the write then fails or blocks, which is fine, the reply is what counts.
     */
    private static Reply sendConcurrently(int port, String method, String path, byte[] body, boolean chunked)
            throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            String head = method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n") + "\r\n";
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    if (chunked) {
                        for (int off = 0; off < body.length; off += 65536) {
                            int n = Math.min(65536, body.length - off);
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(body, off, n);
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } else {
                        out.write(body);
                    }
                    out.flush();
                } catch (IOException ignored) {
                    // the server answered early and closed
                }
            }, Executors.newVirtualThreadPerTaskExecutor());
            InputStream in = s.getInputStream();
            String h = readHead(in);
            int status = Integer.parseInt(h.split(" ")[1]);
            String bodyText = "";
            for (String line : h.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    bodyText = new String(in.readNBytes(Integer.parseInt(line.substring(15).trim())),
                            StandardCharsets.UTF_8);
                }
            }
            s.close();
            writer.exceptionally(e -> null);
            return new Reply(status, h, bodyText);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                fail("connection closed before the response head: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** A valid JSON object of exactly {@code size} bytes. */
    static byte[] jsonOfSize(int size) {
        String prefix = "{\"type\":\"big\",\"level\":\"info\",\"data\":\"";
        String suffix = "\"}";
        byte[] b = new byte[size];
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] s = suffix.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(p, 0, b, 0, p.length);
        java.util.Arrays.fill(b, p.length, size - s.length, (byte) 'x');
        System.arraycopy(s, 0, b, size - s.length, s.length);
        return b;
    }
}
