package dev.taskcast.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.config.ConfigEnvironment;
import dev.taskcast.server.RunningServer;
import dev.taskcast.server.TaskcastServer;
import dev.taskcast.server.logging.LogSetup;
import dev.taskcast.server.testing.RecordingHooksFactory;
import dev.taskcast.server.testing.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code taskcast serve} end to end, with the log set-up of production writing into buffers:
 * one structured line per startup step, the access log, the JSON format, and no secret anywhere
 * (stdout, stderr, log lines, {@code /health/detail}).
 */
class StartupLoggingTest {
    static final String JWT_SECRET = "jwt-SECRET-0f3a9c-never-logged";
    static final String PG_PASSWORD = "pg-SECRET-77d1";
    static final String REDIS_PASSWORD = "redis-SECRET-9e2b";
    static final String HOOK_TOKEN = "hook-SECRET-5c8e";
    static final String WEBHOOK_SECRET = "webhook-SECRET-a41f";
    static final List<String> SECRETS = List.of(JWT_SECRET, PG_PASSWORD, REDIS_PASSWORD, HOOK_TOKEN, WEBHOOK_SECRET);

    @TempDir
    Path work;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final ByteArrayOutputStream logErr = new ByteArrayOutputStream();
    final ByteArrayOutputStream logOut = new ByteArrayOutputStream();
    final HttpClient http = HttpClient.newHttpClient();

    /** The run's captured output: what the CLI printed and what java.util.logging wrote. */
    record Run(int exitCode, String out, String err, String logLines, String accessLines, List<String> bodies) {
        String all() {
            return out + err + logLines + accessLines + String.join("\n", bodies);
        }
    }

    private CliContext context(Map<String, String> env, CompletableFuture<RunningServer> started) {
        PrintStream errStream = new PrintStream(logErr, true, StandardCharsets.UTF_8);
        PrintStream outStream = new PrintStream(logOut, true, StandardCharsets.UTF_8);
        return new CliContext(new PrintWriter(out, true), new PrintWriter(err, true),
                ConfigEnvironment.of(work, work.resolve("home"), env), TaskcastServer::start, started::complete,
                config -> LogSetup.install(config, errStream, outStream));
    }

    private Path secretConfig() throws Exception {
        Object channel = RecordingHooksFactory.selection(RecordingHooksFactory.newRecorder()).options().get("channel");
        return Files.writeString(work.resolve("taskcast.yaml"), """
                port: 0
                host: 127.0.0.1
                auth:
                  mode: jwt
                  jwt: {algorithm: HS256, secret: "%s"}
                adapters:
                  broadcast: {provider: memory, url: "redis://user:%s@127.0.0.1:1/0"}
                  longTermStore: {provider: none, url: "postgres://taskcast:%s@127.0.0.1:1/taskcast"}
                hooks:
                  - {provider: %s, channel: "%s", apiToken: "%s"}
                """.formatted(JWT_SECRET, REDIS_PASSWORD, PG_PASSWORD, RecordingHooksFactory.NAME, channel,
                HOOK_TOKEN));
    }

    /** Serves with {@code args}, runs {@code traffic} against the started server, stops it. */
    private Run serve(List<String> args, Map<String, String> env, Traffic traffic) throws Exception {
        CompletableFuture<RunningServer> started = new CompletableFuture<>();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> TaskcastCli.run(args.toArray(String[]::new), context(env, started)));
        List<String> bodies = new ArrayList<>();
        RunningServer server = CompletableFuture.anyOf(started, exit).thenApply(x -> started.getNow(null))
                .get(30, TimeUnit.SECONDS);
        if (server != null) {
            try {
                traffic.run(server.port(), bodies);
            } finally {
                server.stop();
            }
        }
        int code = exit.get(30, TimeUnit.SECONDS);
        return new Run(code, out.toString(), err.toString(), logErr.toString(StandardCharsets.UTF_8),
                logOut.toString(StandardCharsets.UTF_8), bodies);
    }

    @FunctionalInterface
    interface Traffic {
        void run(int port, List<String> bodies) throws Exception;
    }

    private String send(int port, String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * A lifecycle with a webhook secret in the task and a rejected token. Task bodies echo their
     * webhooks (as the original does), so only {@code /health/detail} is kept with the logs.
     */
    private final Traffic lifecycle = (port, bodies) -> {
        String token = TestTokens.hs256(JWT_SECRET, "{\"scope\":[\"*\"]}");
        send(port, "POST", "/tasks", token, "{\"id\":\"s1\",\"webhooks\":[{\"url\":\"http://127.0.0.1:1/h\","
                + "\"secret\":\"" + WEBHOOK_SECRET + "\",\"retry\":{\"retries\":0}}]}");
        send(port, "PATCH", "/tasks/s1/status", token, "{\"status\":\"running\"}");
        send(port, "POST", "/tasks/s1/events", token, "{\"type\":\"llm.delta\",\"level\":\"info\"}");
        send(port, "GET", "/tasks/s1", "not-a-token", null);
        bodies.add(send(port, "GET", "/health/detail", null, null));
        send(port, "GET", "/tasks/s1/events/history", token, null);
    };

    private static void assertNoSecret(Run run) {
        for (String secret : SECRETS) {
            assertFalse(run.all().contains(secret), () -> secret + " leaked:\n" + run.all());
        }
    }

    @Test
    @DisplayName("JSON logs: one structured line per startup step, an access line per request, no secret anywhere")
    void jsonLogsWithoutSecrets() throws Exception {
        Run run = serve(List.of("serve", "-c", secretConfig().toString(), "-v", "--log-format", "json"), Map.of(),
                lifecycle);
        assertEquals(0, run.exitCode(), run::all);
        assertNoSecret(run);
        List<JsonNode> lines = run.logLines().lines().map(TaskcastJson::tree).toList();
        List<String> events = lines.stream().map(l -> l.path("event").asText("")).filter(e -> !e.isEmpty()).toList();
        for (String step : List.of("config_loaded", "provider_discovered", "adapters_selected", "auth_configured",
                "server_started")) {
            assertTrue(events.contains(step), () -> step + " missing:\n" + run.logLines());
        }
        JsonNode config = lines.stream().filter(l -> "config_loaded".equals(l.path("event").asText())).findFirst()
                .orElseThrow();
        assertTrue(config.path("file").asText().endsWith("taskcast.yaml"), config::toString);
        JsonNode adapters = lines.stream().filter(l -> "adapters_selected".equals(l.path("event").asText()))
                .findFirst().orElseThrow();
        assertEquals("[\"" + RecordingHooksFactory.NAME + "\"]", adapters.path("hooks").toString());
        assertEquals("memory", adapters.path("shortTermStore").asText());
        JsonNode startedLine = lines.stream().filter(l -> "server_started".equals(l.path("event").asText()))
                .findFirst().orElseThrow();
        assertTrue(startedLine.path("port").asInt() > 0, startedLine::toString);
        for (JsonNode l : lines) {
            assertTrue(l.has("timestamp") && l.has("level") && l.has("logger"), l::toString);
        }

        List<JsonNode> access = run.accessLines().lines().map(TaskcastJson::tree).toList();
        assertEquals(6, access.size(), run::accessLines);
        JsonNode create = access.getFirst();
        assertEquals("http_request", create.path("event").asText());
        assertEquals("POST", create.path("method").asText());
        assertEquals("/tasks", create.path("route").asText());
        assertEquals(201, create.path("status").asInt());
        assertEquals("task created", create.path("context").asText());
        assertFalse(create.path("requestId").asText().isEmpty());
        assertEquals("/tasks/{taskId}", access.get(3).path("route").asText());
        assertEquals(401, access.get(3).path("status").asInt());
        assertEquals("\u2192 running", access.get(1).path("context").asText());
    }

    @Test
    @DisplayName("text logs: the §3.6 access line on stdout, readable startup lines on stderr, no secret")
    void textLogsWithoutSecrets() throws Exception {
        Run run = serve(List.of("-c", secretConfig().toString(), "--verbose"), Map.of(), lifecycle);
        assertEquals(0, run.exitCode(), run::all);
        assertNoSecret(run);
        assertTrue(run.logLines().lines().anyMatch(l -> l.contains(" INFO  Startup configuration loaded file=")),
                run::logLines);
        List<String> access = run.accessLines().lines().toList();
        assertEquals(6, access.size(), run::accessLines);
        assertTrue(access.get(0).matches("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d] POST /tasks \u2192 201  \\d+ms"
                + "  \\(task created\\)  id=\\S+"), access.get(0));
        assertTrue(access.get(2).contains("POST /tasks/s1/events \u2192 201") && access.get(2).contains("(type: llm.delta)"),
                access.get(2));
        assertTrue(access.get(5).contains("(1 events)") || access.get(5).contains("(2 events)"), access.get(5));
    }

    @Test
    @DisplayName("without -v there is no access log; Helidon's INFO chatter is silenced")
    void quietByDefault() throws Exception {
        Run run = serve(List.of("-c", secretConfig().toString()), Map.of(), lifecycle);
        assertEquals(0, run.exitCode(), run::all);
        assertEquals("", run.accessLines());
        assertFalse(run.logLines().contains("io.helidon"), run::logLines);
        assertNoSecret(run);
    }

    @Test
    @DisplayName("a port that cannot be bound stops startup with exit status 1")
    void busyPort() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Run run = serve(List.of("-p", Integer.toString(busy.getLocalPort()), "--host", "127.0.0.1"), Map.of(),
                    (p, b) -> { });
            assertEquals(1, run.exitCode(), run::all);
            assertTrue(run.err().contains("[taskcast] cannot listen on 127.0.0.1:" + busy.getLocalPort()), run::all);
            assertFalse(run.out().contains("Server started"), run::all);
        }
    }

    @Test
    @DisplayName("a startup failure naming a Redis URL does not show its password")
    void failureWithoutSecrets() throws Exception {
        Run run = serve(List.of("-p", "0", "--storage", "redis"),
                Map.of("TASKCAST_REDIS_URL", "redis://default:" + REDIS_PASSWORD + "@127.0.0.1:1/0"), (p, b) -> { });
        assertEquals(1, run.exitCode(), run::all);
        assertTrue(run.err().startsWith("[taskcast] "), run::all);
        assertNoSecret(run);
    }
}
