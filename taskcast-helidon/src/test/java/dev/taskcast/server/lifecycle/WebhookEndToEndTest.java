package dev.taskcast.server.lifecycle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.RetryConfig;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.server.testing.RecordingHooks;
import dev.taskcast.server.testing.RecordingHooksFactory;
import dev.taskcast.server.testing.SseClient;
import dev.taskcast.server.testing.TestServer;
import dev.taskcast.server.testing.WebhookReceiver;
import dev.taskcast.server.testing.WebhookReceiver.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end (webhooks-hooks-cleanup.md §1.3, §1.4): a real server delivering to a real
 * HTTP receiver, configured only through {@code POST /tasks}.
 */
class WebhookEndToEndTest {
    private static final String SECRET = "whsec-e2e-Zq9!";

    private static TestServer server;
    private static RecordingHooks hooks;

    @BeforeAll
    static void start() {
        hooks = RecordingHooksFactory.newRecorder();
        server = TestServer.start(ServerConfig.builder().ttlSweepIntervalSeconds(1)
                .hooks(List.of(RecordingHooksFactory.selection(hooks))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String createWithWebhook(String type, String webhookJson) {
        return server.createTask("{\"type\":\"" + type + "\",\"webhooks\":[" + webhookJson + "]}").get("id").asText();
    }

    /**
     * running → two events → completed: the receiver gets every event of the history, in order, as
     * the bare event JSON, with the documented headers and a signature that verifies over the raw bytes.
     */
    @Test
    void wholeLifecycleIsDeliveredInOrderSignedAndVerifiable() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            long beforeSeconds = Math.floorDiv(System.currentTimeMillis(), 1000L);
            String id = createWithWebhook("e2e.webhook",
                    "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + SECRET + "\"}");
            server.transition(id, "running");
            server.publish(id, "{\"type\":\"progress\",\"level\":\"info\",\"data\":{\"percent\":50}}");
            server.publish(id, "{\"type\":\"log.line\",\"level\":\"debug\",\"data\":{\"line\":\"h\u00e9llo \u2713\"}}");
            assertEquals(200, server.patch("/tasks/" + id + "/status",
                    "{\"status\":\"completed\",\"result\":{\"answer\":42}}").status());

            JsonNode history = server.history(id, null);
            assertEquals(List.of("taskcast:status", "progress", "log.line", "taskcast:status"), types(history));
            List<Request> got = receiver.awaitRequests(history.size());
            long afterSeconds = Math.floorDiv(System.currentTimeMillis(), 1000L);
            assertEquals(history.size(), got.size(), () -> "one request per event: " + got);

            List<JsonNode> bodies = new ArrayList<>();
            for (int i = 0; i < got.size(); i++) {
                Request r = got.get(i);
                JsonNode event = history.get(i);
                bodies.add(r.json());
                assertEquals("POST", r.method());
                assertEquals("/hook", r.path());
                assertEquals("application/json", r.header("Content-Type"));
                // Plain HTTP/1.1 as the original's fetch: no h2c upgrade attempt on deliveries.
                assertNull(r.header("Upgrade"), () -> "no protocol upgrade: " + r.headers());
                assertNull(r.header("HTTP2-Settings"));
                assertEquals(event.get("type").asText(), r.header("X-Taskcast-Event"));
                String ts = r.header("X-Taskcast-Timestamp");
                assertTrue(ts != null && ts.matches("[0-9]+"), () -> "timestamp in whole seconds: " + ts);
                long seconds = Long.parseLong(ts);
                assertTrue(seconds >= beforeSeconds && seconds <= afterSeconds,
                        () -> "send time " + ts + " outside [" + beforeSeconds + ", " + afterSeconds + "]");
                String signature = r.header("X-Taskcast-Signature");
                assertTrue(signature != null && signature.matches("sha256=[0-9a-f]{64}"), () -> "signature " + signature);
                assertTrue(WebhookReceiver.verify(SECRET, r.body(), signature),
                        () -> "signature must verify over the raw body " + new String(r.body(), StandardCharsets.UTF_8));
                byte[] tampered = Arrays.copyOf(r.body(), r.body().length + 1);
                tampered[tampered.length - 1] = ' ';
                assertFalse(WebhookReceiver.verify(SECRET, tampered, signature), "a changed body must not verify");
                assertFalse(WebhookReceiver.verify(SECRET + "x", r.body(), signature), "another secret must not verify");
            }
            // The body is the bare stored event (no SSE envelope), in emission order.
            assertEquals(toList(history), bodies);
            assertEquals("running", bodies.get(0).get("data").get("status").asText());
            assertEquals("completed", bodies.get(3).get("data").get("status").asText());
            assertTrue(receiver.log().stream().filter(l -> l.contains("signature verified")).count() == got.size());
            assertTrue(hooks.callsOf("onWebhookFailed").stream().noneMatch(c -> c.detail().startsWith(receiver.url())),
                    hooks::describe);
            System.out.println("[webhook receiver log for task " + id + "]");
            receiver.log().forEach(System.out::println);
        }
    }

    /** A webhook without a secret gets no signature header. */
    @Test
    void noSecretMeansNoSignatureHeader() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(null)) {
            String id = createWithWebhook("e2e.unsigned", "{\"url\":\"" + receiver.url() + "\"}");
            server.transition(id, "running");
            Request r = receiver.awaitRequests(1).getFirst();
            assertEquals("taskcast:status", r.header("X-Taskcast-Event"));
            assertNull(r.header("X-Taskcast-Signature"));
        }
    }

    /**
     * 500 then 200: the webhook's own {@code retry} (tiny fixed delay) is used, the same bytes,
     * timestamp and signature are sent again, and nothing is reported as failed.
     */
    @Test
    void failedAttemptIsRetriedWithTheSameSignedBytes() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            receiver.respond(500);
            String id = createWithWebhook("e2e.retry", "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + SECRET
                    + "\",\"retry\":{\"retries\":3,\"backoff\":\"fixed\",\"initialDelayMs\":20,\"timeoutMs\":5000}}");
            server.transition(id, "running");
            List<Request> got = receiver.awaitRequests(2);
            Request first = got.get(0);
            Request second = got.get(1);
            assertArrayEquals(first.body(), second.body(), "the same bytes on every attempt");
            assertEquals(first.header("X-Taskcast-Timestamp"), second.header("X-Taskcast-Timestamp"),
                    "the timestamp is computed once, before the first attempt");
            assertEquals(first.header("X-Taskcast-Signature"), second.header("X-Taskcast-Signature"));
            assertTrue(WebhookReceiver.verify(SECRET, second.body(), second.header("X-Taskcast-Signature")));
            assertEquals(id, second.json().get("taskId").asText());
            assertTrue(second.receivedAtMs() - first.receivedAtMs() >= 20,
                    () -> "retry waited the fixed delay: " + (second.receivedAtMs() - first.receivedAtMs()) + " ms");

            // The delivery succeeded on attempt 2: the next event is delivered once, and nothing failed.
            server.transition(id, "completed");
            assertEquals(3, receiver.awaitRequests(3).size());
            assertEquals("taskcast:status", receiver.requests().get(2).header("X-Taskcast-Event"));
            assertEquals("completed", receiver.requests().get(2).json().get("data").get("status").asText());
            assertTrue(hooks.callsOf("onWebhookFailed").stream().noneMatch(c -> c.detail().startsWith(receiver.url())),
                    hooks::describe);
        }
    }

    /** A receiver that keeps failing: retries + 1 attempts, then onWebhookFailed with the last error. */
    @Test
    void exhaustedRetriesAreReportedThroughOnWebhookFailed() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            receiver.respond(503, 500);
            String id = createWithWebhook("e2e.giveup", "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + SECRET
                    + "\",\"retry\":{\"retries\":1,\"backoff\":\"linear\",\"initialDelayMs\":10}}");
            server.transition(id, "running");
            hooks.await(WebhookReceiver.WAIT, "onWebhookFailed for " + receiver.url(),
                    calls -> calls.stream().anyMatch(c -> c.hook().equals("onWebhookFailed")
                            && c.detail().startsWith(receiver.url())));
            assertEquals(2, receiver.count(), "retries: 1 means two attempts");
            String detail = hooks.callsOf("onWebhookFailed").stream()
                    .filter(c -> c.detail().startsWith(receiver.url())).findFirst().orElseThrow().detail();
            assertEquals(receiver.url() + " Webhook delivery failed after 2 attempts: HTTP 500", detail);
        }
    }

    /**
     * A filter is applied per webhook; deliveries of one webhook keep event order, so once the last
     * (matching) event has arrived every earlier one has been judged, and only matches were sent.
     */
    @Test
    void filterChoosesTheDeliveredEvents() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(null)) {
            String id = createWithWebhook("e2e.filter", "{\"url\":\"" + receiver.url()
                    + "\",\"filter\":{\"types\":[\"progress\",\"done.*\"],\"levels\":[\"info\"]}}");
            server.transition(id, "running");
            server.publish(id, "{\"type\":\"progress\",\"level\":\"info\",\"data\":{\"p\":1}}");
            server.publish(id, "{\"type\":\"progress\",\"level\":\"debug\",\"data\":{\"p\":2}}");
            server.publish(id, "{\"type\":\"other\",\"level\":\"info\"}");
            server.publish(id, "{\"type\":\"done.ok\",\"level\":\"info\"}");
            server.publish(id, "{\"type\":\"progress\",\"level\":\"info\",\"data\":{\"p\":3}}");
            // Wait for the last one; the status event and the non-matching ones were skipped before it.
            Eventually.await(WebhookReceiver.WAIT, () -> receiver.requests().stream()
                    .anyMatch(r -> r.json().path("data").path("p").asInt() == 3), () -> "p=3 in " + receiver.log());
            assertEquals(List.of("progress", "done.ok", "progress"),
                    receiver.requests().stream().map(r -> r.header("X-Taskcast-Event")).toList());
        }
    }

    /** wrap: true sends the SSE envelope of the event (filteredIndex = rawIndex), signed over those bytes. */
    @Test
    void wrapSendsTheEnvelopeAsOnTheStream() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            String id = createWithWebhook("e2e.wrap", "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + SECRET
                    + "\",\"wrap\":true}");
            server.transition(id, "running");
            server.publish(id, "{\"type\":\"progress\",\"level\":\"info\",\"data\":{\"p\":1}}");
            List<Request> got = receiver.awaitRequests(2);
            JsonNode stored = server.history(id, null).get(1);
            JsonNode envelope = got.get(1).json();
            assertEquals(1, envelope.get("filteredIndex").asInt());
            assertEquals(1, envelope.get("rawIndex").asInt());
            assertEquals(stored.get("id").asText(), envelope.get("eventId").asText());
            assertEquals(stored.get("data"), envelope.get("data"));
            assertEquals("progress", got.get(1).header("X-Taskcast-Event"));
            assertTrue(WebhookReceiver.verify(SECRET, got.get(1).body(), got.get(1).header("X-Taskcast-Signature")));
            try (SseClient sse = SseClient.open(server.port(), "/tasks/" + id + "/events")) {
                sse.nextEvent(WebhookReceiver.WAIT);
                assertEquals(sse.nextEvent(WebhookReceiver.WAIT).json(), envelope, "the same envelope as the stream's");
            }
        }
    }

    /** The TTL sweep's timeout status event is delivered like any other event. */
    @Test
    void automaticTimeoutIsDelivered() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            String id = server.createTask("{\"type\":\"e2e.ttl\",\"ttl\":1,\"webhooks\":[{\"url\":\"" + receiver.url()
                    + "\",\"secret\":\"" + SECRET + "\"}]}").get("id").asText();
            server.transition(id, "running");
            List<Request> got = receiver.awaitRequests(2);
            assertEquals(TaskcastJson.tree("{\"status\":\"timeout\"}"), got.get(1).json().get("data"));
            assertEquals(server.history(id, null).get(1), got.get(1).json());
            assertTrue(WebhookReceiver.verify(SECRET, got.get(1).body(), got.get(1).header("X-Taskcast-Signature")));
        }
    }

    /** webhook.defaultRetry from the server config applies to a webhook without its own retry. */
    @Test
    void serverDefaultRetryApplies() throws Exception {
        RecordingHooks own = RecordingHooksFactory.newRecorder();
        try (WebhookReceiver receiver = new WebhookReceiver(null);
             TestServer configured = TestServer.start(ServerConfig.builder()
                     .webhookDefaultRetry(new RetryConfig(2, "fixed", 10, null, null))
                     .hooks(List.of(RecordingHooksFactory.selection(own))))) {
            receiver.respond(500, 502, 503);
            String id = configured.createTask("{\"webhooks\":[{\"url\":\"" + receiver.url() + "\"}]}").get("id").asText();
            configured.transition(id, "running");
            own.await(WebhookReceiver.WAIT, "onWebhookFailed", calls -> !own.callsOf("onWebhookFailed").isEmpty());
            assertEquals(3, receiver.count(), "retries: 2 from webhook.defaultRetry");
            assertEquals(receiver.url() + " Webhook delivery failed after 3 attempts: HTTP 503",
                    own.callsOf("onWebhookFailed").getFirst().detail());
        }
    }

    private static List<String> types(JsonNode events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.get("type").asText()));
        return out;
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
