package dev.taskcast.plugin.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.plugin.redis.RedisTestSupport.RawRedis;
import dev.taskcast.server.testing.SseClient;
import dev.taskcast.server.testing.TestServer;
import dev.taskcast.server.testing.WebhookReceiver;
import dev.taskcast.server.testing.WebhookReceiver.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks with two servers on one Redis prefix (webhooks-hooks-cleanup.md §1.3): each event is
 * delivered once, by the instance that emitted it, even though both instances receive every event
 * through the broadcast (each has an SSE subscriber on the task).
 */
class RedisWebhookEndToEndTest {
    private static final String SECRET = "redis-e2e-secret";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private String url;
    private String prefix;
    private TestServer x;
    private TestServer y;

    @BeforeEach
    void setUp() {
        url = RedisTestSupport.url();
        prefix = RedisTestSupport.newPrefix();
        x = TestServer.start(RedisServers.config(url, prefix).sseKeepaliveMs(0));
        y = TestServer.start(RedisServers.config(url, prefix).sseKeepaliveMs(0));
    }

    @AfterEach
    void tearDown() {
        try {
            if (x != null) {
                x.close();
            }
            if (y != null) {
                y.close();
            }
        } finally {
            if (url != null) {
                try (RawRedis raw = new RawRedis(url)) {
                    raw.deleteKeysUnder(prefix);
                }
            }
        }
    }

    @Test
    void eachEventIsDeliveredOnceByTheInstanceThatEmittedIt() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            String id = x.createTask("{\"type\":\"e2e.multi\",\"webhooks\":[{\"url\":\"" + receiver.url()
                    + "\",\"secret\":\"" + SECRET + "\"}]}").get("id").asText();
            try (SseClient onX = SseClient.open(x.port(), "/tasks/" + id + "/events");
                 SseClient onY = SseClient.open(y.port(), "/tasks/" + id + "/events")) {
                x.transition(id, "running");
                x.publish(id, "{\"type\":\"from.x\",\"level\":\"info\",\"data\":{\"n\":1}}");
                y.publish(id, "{\"type\":\"from.y\",\"level\":\"info\",\"data\":{\"n\":2}}");
                x.publish(id, "{\"type\":\"from.x\",\"level\":\"info\",\"data\":{\"n\":3}}");
                y.transition(id, "completed");
                // Both instances have seen every event through the broadcast when their streams end.
                assertTrue(awaitDone(onX) && awaitDone(onY));
            }
            JsonNode history = x.history(id, null);
            assertEquals(5, history.size(), history::toString);
            List<Request> got = receiver.awaitRequests(history.size());
            // A duplicate from the other instance would arrive about as fast as the original: watch
            // for a short while that nothing more comes (a silence check cannot be a condition).
            long end = System.nanoTime() + Duration.ofMillis(500).toNanos();
            while (System.nanoTime() < end && receiver.count() == history.size()) {
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
            assertEquals(history.size(), receiver.count(), () -> "one delivery per event: " + receiver.requests());

            List<String> expectedIds = new ArrayList<>();
            history.forEach(e -> expectedIds.add(e.get("id").asText()));
            List<String> receivedIds = new ArrayList<>();
            for (Request r : got) {
                assertTrue(WebhookReceiver.verify(SECRET, r.body(), r.header("X-Taskcast-Signature")));
                receivedIds.add(r.json().get("id").asText());
            }
            // Cross-instance deliveries are not ordered relative to each other; each one's own are.
            assertEquals(expectedIds.stream().sorted().toList(), receivedIds.stream().sorted().toList());
        }
    }

    private static boolean awaitDone(SseClient sse) {
        while (true) {
            if (sse.nextEvent(WAIT).isDone()) {
                return true;
            }
        }
    }
}
