package dev.taskcast.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.engine.config.AuthSettings;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.RunningServer;
import dev.taskcast.server.TaskcastServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A real Taskcast server on an ephemeral port plus a {@link HttpClient} (HTTP/1.1) to talk to it.
 * Start one per test class ({@code @BeforeAll}) and {@link #close()} it in {@code @AfterAll}.
 *
 * <pre>{@code
 * static TestServer server = TestServer.start();                       // auth none, memory
 * static TestServer jwt = TestServer.start(TestServer.jwtConfig());   // jwt mode, HS256 secret
 * Response r = server.post("/tasks", "{\"type\":\"t\"}");
 * Response s = jwt.as(jwt.token("{\"scope\":[\"*\"]}")).get("/tasks");
 * Response x = server.request("POST", "/tasks").body("{}", null).send();   // no Content-Type
 * }</pre>
 */
public final class TestServer implements AutoCloseable {
    /** The HS256 secret of {@link #jwtConfig()}; tests assert it never appears in a response. */
    public static final String JWT_SECRET = "it-secret-Qx7#never-in-responses";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final RunningServer server;
    private final String secret;
    private final HttpClient client;
    private final Caller anonymous;
    private final Queue<String> bodies = new ConcurrentLinkedQueue<>();

    private TestServer(RunningServer server, String secret) {
        this.server = server;
        this.secret = secret;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.anonymous = new Caller(null);
    }

    /** Default configuration (auth none, memory adapters) on an ephemeral port. */
    public static TestServer start() {
        return start(ServerConfig.builder());
    }

    /** The given configuration, forced onto 127.0.0.1 and an ephemeral port. */
    public static TestServer start(ServerConfig.Builder config) {
        ServerConfig c = config.port(0).host("127.0.0.1").build();
        String secret = c.auth().jwt() == null ? null : c.auth().jwt().secret();
        return new TestServer(TaskcastServer.start(c), secret);
    }

    /** JWT mode verifying HS256 tokens signed with {@link #JWT_SECRET}. */
    public static ServerConfig.Builder jwtConfig() {
        return ServerConfig.builder().auth(new AuthSettings(AuthSettings.Mode.JWT,
                new AuthSettings.JwtSettings("HS256", JWT_SECRET, null, null, null, null)));
    }

    /** A token signed with this server's secret. */
    public String token(String payloadJson) {
        if (secret == null) {
            throw new IllegalStateException("server is not in jwt mode with a secret");
        }
        return TestTokens.hs256(secret, payloadJson);
    }

    /** A token granting {@code scope} (an array of scope strings) on every task. */
    public String tokenWithScopes(String... scopes) {
        StringBuilder sb = new StringBuilder("{\"scope\":[");
        for (int i = 0; i < scopes.length; i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(scopes[i]).append('"');
        }
        return token(sb.append("]}").toString());
    }

    public int port() {
        return server.port();
    }

    /** The server itself (its {@code metricsPort()}, for instance). */
    public RunningServer runningServer() {
        return server;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    public HttpClient client() {
        return client;
    }

    /** Every response body received through this fixture so far (for "no secret leaks" checks). */
    public List<String> responseBodies() {
        return List.copyOf(bodies);
    }

    /** Percent-encodes one path segment (space → {@code %20}, {@code /} → {@code %2F}, UTF-8). */
    public static String seg(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Requests carrying {@code Authorization: Bearer <token>}. */
    public Caller as(String token) {
        return new Caller(token);
    }

    public Response get(String path) {
        return anonymous.get(path);
    }

    public Response post(String path, String json) {
        return anonymous.post(path, json);
    }

    public Response patch(String path, String json) {
        return anonymous.patch(path, json);
    }

    public RequestSpec request(String method, String path) {
        return anonymous.request(method, path);
    }

    /** {@code POST /tasks} that must answer 201; returns the created task. */
    public JsonNode createTask(String json) {
        return anonymous.createTask(json);
    }

    /** {@code PATCH /tasks/{id}/status} that must answer 200. */
    public JsonNode transition(String taskId, String status) {
        return anonymous.transition(taskId, status);
    }

    /** {@code POST /tasks/{id}/events} that must answer 201. */
    public JsonNode publish(String taskId, String json) {
        return anonymous.publish(taskId, json);
    }

    /** {@code GET /tasks/{id}/events/history[query]} that must answer 200. */
    public JsonNode history(String taskId, String query) {
        return anonymous.history(taskId, query);
    }

    /**
     * Sends bytes verbatim over a new socket (for requests {@link HttpClient} refuses to build) and
     * reads one response, delimited by Content-Length, chunked encoding or connection close.
     */
    public Response raw(String request) {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readRaw(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
        client.shutdownNow();
    }

    private Response record(Response r) {
        bodies.add(r.body());
        return r;
    }

    private Response readRaw(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed before the end of the headers: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).trim().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        byte[] body;
        String length = headers.containsKey("content-length") ? headers.get("content-length").getFirst() : null;
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if (headers.getOrDefault("transfer-encoding", List.of()).stream()
                .anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
            body = readChunked(in);
        } else {
            body = in.readAllBytes();
        }
        return record(new Response(status, HttpHeaders.of(headers, (a, b) -> true),
                new String(body, StandardCharsets.UTF_8)));
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder sizeLine = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return out.toByteArray();
                }
                if (b != '\r') {
                    sizeLine.append((char) b);
                }
            }
            int size = Integer.parseInt(sizeLine.toString().split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            in.readNBytes(2);
        }
    }

    /** Requests on behalf of one bearer token ({@code null}: no Authorization header). */
    public final class Caller {
        private final String token;

        private Caller(String token) {
            this.token = token;
        }

        public RequestSpec request(String method, String path) {
            RequestSpec spec = new RequestSpec(method, path);
            return token == null ? spec : spec.bearer(token);
        }

        public Response get(String path) {
            return request("GET", path).send();
        }

        public Response post(String path, String json) {
            return request("POST", path).json(json).send();
        }

        public Response patch(String path, String json) {
            return request("PATCH", path).json(json).send();
        }

        public JsonNode createTask(String json) {
            Response r = post("/tasks", json);
            assertEquals(201, r.status(), () -> "create " + json + ": " + r);
            return r.json();
        }

        public JsonNode transition(String taskId, String status) {
            Response r = patch("/tasks/" + seg(taskId) + "/status", "{\"status\":\"" + status + "\"}");
            assertEquals(200, r.status(), () -> "transition " + taskId + " to " + status + ": " + r);
            return r.json();
        }

        public JsonNode publish(String taskId, String json) {
            Response r = post("/tasks/" + seg(taskId) + "/events", json);
            assertEquals(201, r.status(), () -> "publish " + json + ": " + r);
            return r.json();
        }

        public JsonNode history(String taskId, String query) {
            Response r = get("/tasks/" + seg(taskId) + "/events/history" + (query == null ? "" : query));
            assertEquals(200, r.status(), () -> "history " + taskId + ": " + r);
            return r.json();
        }
    }

    /** One request under construction. */
    public final class RequestSpec {
        private final HttpRequest.Builder builder;
        private final String method;
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

        private RequestSpec(String method, String path) {
            this.method = method;
            this.builder = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
        }

        public RequestSpec header(String name, String value) {
            builder.header(name, value);
            return this;
        }

        public RequestSpec bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        /** A body with {@code Content-Type: application/json}. */
        public RequestSpec json(String json) {
            return body(json, "application/json");
        }

        /** A UTF-8 body with the given Content-Type, or none when {@code contentType} is {@code null}. */
        public RequestSpec body(String text, String contentType) {
            return body(text.getBytes(StandardCharsets.UTF_8), contentType);
        }

        public RequestSpec body(byte[] bytes, String contentType) {
            if (contentType != null) {
                builder.header("Content-Type", contentType);
            }
            body = HttpRequest.BodyPublishers.ofByteArray(bytes);
            return this;
        }

        /** A body sent with chunked transfer encoding (no Content-Length). */
        public RequestSpec chunkedBody(byte[] bytes, String contentType) {
            if (contentType != null) {
                builder.header("Content-Type", contentType);
            }
            body = HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes));
            return this;
        }

        public Response send() {
            try {
                return sendAsync().join();
            } catch (java.util.concurrent.CompletionException e) {
                throw new AssertionError(method + " failed: " + e.getCause(), e.getCause());
            }
        }

        /**
         * Sends the request and returns as soon as the response headers arrived, with the body as
         * a stream (for SSE); close the stream to drop the connection.
         */
        public HttpResponse<InputStream> sendStreaming() {
            HttpRequest request = builder.method(method, body).build();
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        public CompletableFuture<Response> sendAsync() {
            HttpRequest request = builder.method(method, body).build();
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(r -> record(new Response(r.statusCode(), r.headers(),
                            new String(r.body(), StandardCharsets.UTF_8))));
        }
    }
}
