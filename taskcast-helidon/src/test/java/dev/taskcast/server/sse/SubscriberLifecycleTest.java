package dev.taskcast.server.sse;

import static dev.taskcast.server.sse.SseTests.WAIT;
import static dev.taskcast.server.sse.SseTests.awaitSubscribers;
import static dev.taskcast.server.sse.SseTests.publish;
import static dev.taskcast.server.sse.SseTests.runningTask;
import static dev.taskcast.server.sse.SseTests.stream;
import static dev.taskcast.server.sse.SseTests.task;
import static dev.taskcast.server.sse.SseTests.untilDone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.testing.SseClient;
import dev.taskcast.server.testing.SseClient.Frame;
import dev.taskcast.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * http-api.md §7.2 keepalive (BO), §7.3 steps 1 and 11 (subscriber count, disconnects, §5.1
 * {@code subscriberCount}/{@code hot}) and bounded per-subscriber buffering (a slow subscriber
 * never blocks publishers).
 */
class SubscriberLifecycleTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ServerConfig.builder().sseKeepaliveMs(200));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** §7.2 (BO): a silent stream receives ":keepalive" + blank line every keepalive interval. */
    @Test
    void quietStreamGetsKeepaliveComments() {
        String id = runningTask(server);
        try (SseClient sse = stream(server, id, "")) {
            assertEquals("taskcast.event", sse.next(WAIT).event());
            assertEquals(":keepalive\n\n", sse.next(WAIT).raw());
            assertEquals(":keepalive\n\n", sse.next(WAIT).raw());
            JsonNode e = publish(server, id, "x");
            Frame f = sse.nextEvent(WAIT);
            assertEquals(e.get("id").asText(), f.id());
            assertEquals(":keepalive\n\n", sse.next(WAIT).raw(), "keepalives resume after an event");
        }
    }

    /** §7.2: sse.keepaliveMs=0 disables keepalive comments. */
    @Test
    void keepaliveZeroSendsNoComments() {
        try (TestServer quiet = TestServer.start(ServerConfig.builder().sseKeepaliveMs(0))) {
            String id = runningTask(quiet);
            try (SseClient sse = stream(quiet, id, "")) {
                assertEquals("taskcast.event", sse.next(WAIT).event());
                sse.assertSilentFor(Duration.ofMillis(1000));
                publish(quiet, id, "x");
                assertEquals("x", sse.next(WAIT).json().get("type").asText());
                quiet.transition(id, "completed");
                List<Frame> rest = untilDone(sse);
                assertTrue(sse.received().stream().noneMatch(Frame::isComment), () -> "comments: " + rest);
            }
        }
    }

    /**
     * §5.1/§7.3 step 1 and 11: subscriberCount counts open streams, hot is true while one is open;
     * a client that goes away is detected (at the next keepalive write) and uncounted, and the other
     * subscriber is unaffected.
     */
    @Test
    void disconnectReleasesTheSubscriber() {
        String id = runningTask(server);
        JsonNode before = task(server, id);
        assertEquals(0, before.get("subscriberCount").asInt());
        assertFalse(before.get("hot").asBoolean());
        SseClient leaving = stream(server, id, "");
        try (SseClient staying = stream(server, id, "")) {
            leaving.nextEvent(WAIT);
            staying.nextEvent(WAIT);
            awaitSubscribers(server, id, 2);
            assertTrue(task(server, id).get("hot").asBoolean());
            JsonNode listed = null;
            for (JsonNode t : server.get("/tasks").json().get("tasks")) {
                listed = id.equals(t.get("id").asText()) ? t : listed;
            }
            assertEquals(2, listed.get("subscriberCount").asInt(), "GET /tasks reports it too (§5.3)");
            assertTrue(listed.get("hot").asBoolean());

            leaving.close();
            awaitSubscribers(server, id, 1);
            assertTrue(task(server, id).get("hot").asBoolean());

            JsonNode e = publish(server, id, "after");
            assertEquals(e.get("id").asText(), staying.nextEvent(WAIT).id());
            server.transition(id, "completed");
            untilDone(staying);
            awaitSubscribers(server, id, 0);
            assertFalse(task(server, id).get("hot").asBoolean());
        } finally {
            leaving.close();
        }
    }

    /** §7.3 step 11: a client leaving mid-stream while events flow is released too (detected on write). */
    @Test
    void disconnectDuringEventsIsDetected() {
        String id = runningTask(server);
        SseClient sse = stream(server, id, "");
        sse.nextEvent(WAIT);
        awaitSubscribers(server, id, 1);
        sse.close();
        publish(server, id, "a");
        publish(server, id, "b");
        awaitSubscribers(server, id, 0);
    }

    /**
     * A subscriber that stops reading does not block publishers: thousands of large events publish
     * within a generous deadline while it is stalled; a healthy subscriber in parallel receives every
     * event and done; the stalled one is eventually cut off (its stream ends without done once it
     * reads again, after a gap-free prefix), and its slot is released.
     */
    @Test
    void slowSubscriberDoesNotBlockPublishers() throws Exception {
        String id = runningTask(server);
        String payload = "x".repeat(2000);
        SseClient stalled = SseClient.openPaused(server.port(), "/tasks/" + id + "/events", 4096);
        try (SseClient healthy = stream(server, id, "")) {
            assertEquals(200, stalled.status());
            healthy.nextEvent(WAIT);
            awaitSubscribers(server, id, 2);
            int batches = 60;
            int perBatch = 200;
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < perBatch; i++) {
                batch.append(i == 0 ? "" : ",").append(SseTests.event("big", "info", "{\"p\":\"" + payload + "\"}"));
            }
            String body = batch.append("]").toString();
            // The healthy subscriber reads concurrently; collect its frames on another thread.
            CompletableFuture<List<Frame>> healthyFrames = CompletableFuture.supplyAsync(() -> untilDoneWithin(healthy), SseTests.ASYNC);
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                for (int b = 0; b < batches; b++) {
                    server.publish(id, body);
                }
                server.transition(id, "completed");
            }, SseTests.ASYNC);
            publishing.get(60, TimeUnit.SECONDS); // would hang if publishers waited for the stalled reader

            List<Frame> got = healthyFrames.get(60, TimeUnit.SECONDS);
            assertEquals(batches * perBatch + 2, got.size(), "every event + completed status + done");
            for (int i = 0; i < got.size() - 1; i++) {
                assertEquals(i + 1, got.get(i).json().get("rawIndex").asLong());
            }

            stalled.resume();
            List<Frame> tail = stalled.awaitEnd(Duration.ofSeconds(60));
            List<Frame> all = stalled.received().stream().filter(f -> !f.isComment()).toList();
            assertFalse(all.stream().anyMatch(Frame::isDone), "the stalled subscriber was cut off, not completed");
            assertTrue(all.size() < batches * perBatch, "it did not get everything: " + all.size());
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i, all.get(i).json().get("rawIndex").asLong(), "gap-free prefix");
            }
            assertTrue(tail.size() <= stalled.received().size());
            awaitSubscribers(server, id, 0);
        } finally {
            stalled.close();
        }
    }

    /**
     * The stalled subscriber must be released without the client's help: once it has overflowed,
     * its slot (subscriberCount) is freed even while the client still does not read.
     */
    @Test
    void stalledSubscriberIsReleasedWhileStillStalled() throws Exception {
        String id = runningTask(server);
        String payload = "y".repeat(2000);
        SseClient stalled = SseClient.openPaused(server.port(), "/tasks/" + id + "/events", 4096);
        try {
            awaitSubscribers(server, id, 1);
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 200; i++) {
                batch.append(i == 0 ? "" : ",").append(SseTests.event("big", "info", "{\"p\":\"" + payload + "\"}"));
            }
            for (int b = 0; b < 60; b++) {
                server.publish(id, batch + "]");
            }
            awaitSubscribers(server, id, 0);
        } finally {
            stalled.close();
        }
    }

    private static List<Frame> untilDoneWithin(SseClient sse) {
        List<Frame> out = new java.util.ArrayList<>();
        Frame f;
        do {
            f = sse.nextEvent(Duration.ofSeconds(60));
            out.add(f);
        } while (!f.isDone());
        return out;
    }
}
