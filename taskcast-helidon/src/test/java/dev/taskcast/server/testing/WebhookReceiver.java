package dev.taskcast.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.storage.contract.Eventually;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on a JDK {@link HttpServer} (127.0.0.1, ephemeral port), as a user would
 * write one: it keeps every request with its raw body bytes and headers, answers with programmed
 * statuses, and verifies signatures the way webhooks-hooks-cleanup.md §1.4 tells receivers to.
 */
public final class WebhookReceiver implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(20);

    /** One received request. */
    public record Request(String method, String path, Map<String, List<String>> headers, byte[] body, long receivedAtMs) {
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        public JsonNode json() {
            return TaskcastJson.tree(new String(body, StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Request> requests = new ArrayList<>();
    private final Queue<Integer> script = new ConcurrentLinkedQueue<>();
    private final String secret;
    private final List<String> log = new ArrayList<>();

    /** @param secret the shared secret signatures are verified with ({@code null}: none expected) */
    public WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next requests are answered with these statuses, then 200. */
    public WebhookReceiver respond(int... statuses) {
        for (int s : statuses) {
            script.add(s);
        }
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized int count() {
        return requests.size();
    }

    /** Waits for at least {@code n} requests; returns all received so far. */
    public List<Request> awaitRequests(int n) {
        Eventually.await(WAIT, () -> count() >= n, () -> "expected " + n + " webhook requests, got " + requests());
        return requests();
    }

    /** What the receiver printed, one line per request and verdict (for transcripts). */
    public synchronized List<String> log() {
        return List.copyOf(log);
    }

    /** Recomputes {@code sha256=hex(HMAC_SHA256(secret, rawBody))} and compares in constant time. */
    public static boolean verify(String secret, byte[] rawBody, String signatureHeader) {
        if (signatureHeader == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(rawBody)))
                    .getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, signatureHeader.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        Integer scripted = script.poll();
        int status = scripted != null ? scripted : 200;
        Request r = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body,
                System.currentTimeMillis());
        synchronized (this) {
            requests.add(r);
            log.add(r.method() + " " + r.path() + "  (answering " + status + ")");
            for (String h : List.of("Content-Type", "X-Taskcast-Event", "X-Taskcast-Timestamp", "X-Taskcast-Signature")) {
                log.add("  " + h + ": " + r.header(h));
            }
            log.add("  body: " + new String(body, StandardCharsets.UTF_8));
            if (secret != null) {
                log.add(verify(secret, body, r.header("X-Taskcast-Signature"))
                        ? "  signature verified" : "  SIGNATURE MISMATCH");
            }
        }
        try {
            exchange.sendResponseHeaders(status, -1);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
