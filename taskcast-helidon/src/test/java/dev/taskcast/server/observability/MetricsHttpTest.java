package dev.taskcast.server.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.SseClient;
import dev.taskcast.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics}: Prometheus text with the server's meters. Helidon's registry is shared by
 * every server of the JVM, so counts are asserted as differences between two scrapes.
 */
class MetricsHttpTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    static PrometheusText scrape(int port) {
        Response r = get(port, "/metrics");
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.contentType().startsWith("text/plain"), r.contentType());
        return PrometheusText.parse(r.body());
    }

    static Response get(int port, String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Polls until every expected difference between a new scrape and {@code before} is reached. */
    static PrometheusText awaitDeltas(int port, PrometheusText before, Map<String, Double> expected) {
        long end = System.nanoTime() + WAIT.toNanos();
        PrometheusText after;
        String mismatch;
        do {
            after = scrape(port);
            mismatch = null;
            for (Map.Entry<String, Double> e : expected.entrySet()) {
                double delta = after.value(e.getKey()) - before.value(e.getKey());
                if (delta != e.getValue()) {
                    mismatch = e.getKey() + ": expected +" + e.getValue() + ", got +" + delta;
                    break;
                }
            }
            if (mismatch == null) {
                return after;
            }
            sleep(50);
        } while (System.nanoTime() < end);
        throw new AssertionError(mismatch + "\n" + after.raw());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @DisplayName("a task lifecycle shows up in the counters, gauges and histograms of /metrics")
    void lifecycleIsCounted() {
        try (TestServer server = TestServer.start()) {
            PrometheusText before = scrape(server.port());

            server.createTask("{\"id\":\"m1\",\"type\":\"metrics.test\","
                    + "\"webhooks\":[{\"url\":\"http://127.0.0.1:1/hook\",\"retry\":{\"retries\":0}}]}");
            server.transition("m1", "running");
            server.publish("m1", "{\"type\":\"llm.delta\",\"level\":\"info\",\"data\":{\"delta\":\"a\"}}");
            server.publish("m1", "[{\"type\":\"llm.delta\",\"level\":\"info\"},{\"type\":\"log\",\"level\":\"warn\"}]");
            server.history("m1", null);
            assertEquals(404, server.get("/nope").status());
            assertEquals(400, server.post("/tasks/m1/events", "{}").status(), "a validation error");
            assertEquals(404, server.get("/tasks/missing").status(), "an engine error");
            try (SseClient sse = SseClient.open(server.port(), "/tasks/m1/events")) {
                assertEquals(4, sse.nextEvents(4, WAIT).size(), "replayed: running + three events");
                server.transition("m1", "completed");
                sse.awaitEnd(WAIT);
            }

            PrometheusText after = awaitDeltas(server.port(), before, Map.ofEntries(
                    Map.entry("taskcast_tasks_created_total", 1.0),
                    Map.entry("taskcast_tasks_transitioned_total{status=\"running\"}", 1.0),
                    Map.entry("taskcast_tasks_transitioned_total{status=\"completed\"}", 1.0),
                    Map.entry("taskcast_events_published_total{kind=\"user\"}", 3.0),
                    Map.entry("taskcast_events_published_total{kind=\"status\"}", 2.0),
                    Map.entry("taskcast_sse_streams_opened_total{stream=\"task\"}", 1.0),
                    Map.entry("taskcast_sse_streams_closed_total{stream=\"task\"}", 1.0),
                    Map.entry("taskcast_sse_events_sent_total", 5.0),
                    // Five events, one webhook that refuses connections, no retry.
                    Map.entry("taskcast_webhook_attempts_total", 5.0),
                    Map.entry("taskcast_webhook_deliveries_total{outcome=\"failure\"}", 5.0),
                    Map.entry("taskcast_http_requests_total{method=\"POST\",route=\"/tasks\",status=\"2xx\"}", 1.0),
                    Map.entry("taskcast_http_requests_total{method=\"PATCH\",route=\"/tasks/{taskId}/status\","
                            + "status=\"2xx\"}", 2.0),
                    Map.entry("taskcast_http_requests_total{method=\"POST\",route=\"/tasks/{taskId}/events\","
                            + "status=\"2xx\"}", 2.0),
                    Map.entry("taskcast_http_requests_total{method=\"GET\",route=\"/tasks/{taskId}/events/history\","
                            + "status=\"2xx\"}", 1.0),
                    Map.entry("taskcast_http_requests_total{method=\"GET\",route=\"/tasks/{taskId}/events\","
                            + "status=\"2xx\"}", 1.0),
                    Map.entry("taskcast_http_requests_total{method=\"*\",route=\"(unmatched)\",status=\"4xx\"}", 1.0),
                    Map.entry("taskcast_http_requests_total{method=\"POST\",route=\"/tasks/{taskId}/events\","
                            + "status=\"4xx\"}", 1.0),
                    Map.entry("taskcast_http_requests_total{method=\"GET\",route=\"/tasks/{taskId}\","
                            + "status=\"4xx\"}", 1.0),
                    Map.entry("taskcast_store_operation_seconds_count{layer=\"shortTermStore\",operation=\"createTask\","
                            + "provider=\"memory\"}", 1.0),
                    Map.entry("taskcast_store_operation_seconds_count{layer=\"broadcast\",operation=\"publish\","
                            + "provider=\"memory\"}", 5.0),
                    Map.entry("taskcast_store_operation_seconds_count{layer=\"shortTermStore\",operation=\"appendEvent\","
                            + "provider=\"memory\"}", 5.0)));

            for (String name : List.of("taskcast_sse_subscribers", "taskcast_long_term_backlog",
                    "taskcast_long_term_write_failures_total", "taskcast_webhook_deliveries_total",
                    "taskcast_sse_slow_disconnects_total", "taskcast_store_operation_seconds_bucket")) {
                assertTrue(after.hasMetric(name), () -> name + " missing from\n" + after.raw());
            }
            assertEquals(before.value("taskcast_sse_subscribers"), after.value("taskcast_sse_subscribers"),
                    "no stream of this test is open any more");
            assertTrue(after.has("taskcast_store_operation_seconds_bucket{layer=\"shortTermStore\",le=\"0.005\","
                    + "operation=\"getTask\",provider=\"memory\"}"), after::raw);
        }
    }

    @Test
    @DisplayName("the subscriber gauge counts open streams, task and global")
    void subscriberGauge() {
        try (TestServer server = TestServer.start(ServerConfig.builder().sseKeepaliveMs(100))) {
            server.createTask("{\"id\":\"g1\"}");
            double base = scrape(server.port()).value("taskcast_sse_subscribers");
            try (SseClient global = SseClient.open(server.port(), "/events")) {
                assertEquals(200, global.status());
                try (SseClient task = SseClient.open(server.port(), "/tasks/g1/events")) {
                    assertEquals(200, task.status());
                    awaitValue(() -> scrape(server.port()).value("taskcast_sse_subscribers"), base + 2);
                }
                // The task stream's next keepalive finds the client gone (the global one writes every 30 s).
                awaitValue(() -> scrape(server.port()).value("taskcast_sse_subscribers"), base + 1);
            }
        }
    }

    private static void awaitValue(Supplier<Double> value, double expected) {
        long end = System.nanoTime() + WAIT.toNanos();
        double v;
        do {
            v = value.get();
            if (v == expected) {
                return;
            }
            sleep(50);
        } while (System.nanoTime() < end);
        assertEquals(expected, v);
    }

    @Test
    @DisplayName("metrics.enabled: false answers /metrics with the plain 404 and the API still works")
    void disabled() {
        try (TestServer server = TestServer.start(ServerConfig.builder().metricsEnabled(false))) {
            Response r = server.get("/metrics");
            assertEquals(404, r.status());
            assertEquals("404 Not Found", r.body());
            server.createTask("{\"id\":\"d1\"}");
        }
    }

    @Test
    @DisplayName("metrics.port serves /metrics on its own listener and not on the API port")
    void separatePort() {
        try (TestServer server = TestServer.start(ServerConfig.builder().metricsPort(0))) {
            int metricsPort = server.runningServer().metricsPort();
            assertTrue(metricsPort != server.port(), "a listener of its own");
            PrometheusText before = scrape(metricsPort);
            server.createTask("{\"id\":\"p1\"}");
            awaitDeltas(metricsPort, before, Map.of("taskcast_tasks_created_total", 1.0));
            Response onApi = server.get("/metrics");
            assertEquals(404, onApi.status());
            assertEquals("404 Not Found", onApi.body());
        }
    }

    @Test
    @DisplayName("the metrics endpoint leaves the API's own routes alone (GET / and unknown paths)")
    void routesUnchanged() {
        try (TestServer server = TestServer.start()) {
            assertEquals("taskcast", server.get("/").json().get("name").asText());
            assertEquals("404 Not Found", server.get("/observe").body());
            assertEquals("404 Not Found", server.get("/metricsx").body());
        }
    }
}
