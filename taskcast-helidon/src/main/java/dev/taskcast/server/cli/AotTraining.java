package dev.taskcast.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workload of {@code bin/taskcast aot-cache}: run by the launcher, in a JVM of its own, against
 * a server it started with {@code -XX:AOTCacheOutput} (JDK 25+). The classes and profiles that
 * server loads while starting and answering these requests go into the AOT cache the launcher
 * passes to later starts, which then reach their first response in a fraction of the time
 * (docs/performance.md). Uses only the public HTTP API.
 *
 * <pre>
 *   java -cp ... dev.taskcast.server.cli.AotTraining --free-port     prints a free loopback port
 *   java -cp ... dev.taskcast.server.cli.AotTraining BASE_URL        waits for /health, exercises, exits 0
 * </pre>
 */
public final class AotTraining {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(REQUEST_TIMEOUT).build();
    private final String base;

    private AotTraining(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--free-port")) {
            try (ServerSocket s = new ServerSocket(0)) {
                System.out.println(s.getLocalPort());
            }
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: AotTraining --free-port | BASE_URL");
            System.exit(2);
        }
        new AotTraining(args[0]).run();
    }

    private void run() throws Exception {
        awaitReady();
        for (int round = 0; round < 20; round++) {
            lifecycle(round);
        }
        check(get("/tasks"), 200);
        check(send("GET", "/tasks/does-not-exist", null), 404);
        check(send("POST", "/tasks", "{\"type\":"), 400);
    }

    private void lifecycle(int round) throws Exception {
        HttpResponse<String> created = check(send("POST", "/tasks", "{\"type\":\"aot-training\",\"params\":{\"n\":"
                + round + "}}"), 201);
        String id = id(created.body());
        String events = "/tasks/" + id + "/events";
        check(send("PATCH", "/tasks/" + id + "/status", "{\"status\":\"running\"}"), 200);
        String delta = "{\"type\":\"llm.delta\",\"level\":\"info\",\"data\":{\"delta\":\"tok\"},"
                + "\"seriesId\":\"s\",\"seriesMode\":\"accumulate\"}";
        for (int i = 0; i < 5; i++) {
            check(send("POST", events, delta), 201);
        }
        check(send("POST", events, "{\"type\":\"progress\",\"level\":\"debug\",\"data\":{\"p\":0.5},"
                + "\"seriesId\":\"p\",\"seriesMode\":\"latest\"}"), 201);
        check(send("POST", events, "[" + delta + "," + delta + ",{\"type\":\"log\",\"level\":\"warn\",\"data\":null}]"), 201);
        check(get("/tasks/" + id), 200);
        check(get(events + "/history"), 200);
        check(get(events + "/history?seriesFormat=accumulated&since.index=1"), 200);
        String finalStatus = round % 3 == 0 ? "{\"status\":\"failed\",\"error\":{\"message\":\"x\"}}"
                : "{\"status\":\"completed\",\"result\":{\"ok\":true}}";
        check(send("PATCH", "/tasks/" + id + "/status", finalStatus), 200);
        // A late-join stream: replay, then taskcast.done, then the server ends the response.
        HttpRequest sse = HttpRequest.newBuilder(URI.create(base + events)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> stream = client.send(sse, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = stream.body()) {
            in.readAllBytes();
        }
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get("/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("server at " + base + " not ready within " + READY_TIMEOUT.toSeconds() + " s");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    private HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT);
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> check(HttpResponse<String> r, int expected) {
        if (r.statusCode() != expected) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered "
                    + r.statusCode() + ", expected " + expected + ": " + r.body());
        }
        return r;
    }

    private static String id(String json) {
        Matcher m = ID.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return m.group(1);
    }
}
