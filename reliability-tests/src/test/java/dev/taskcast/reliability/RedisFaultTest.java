package dev.taskcast.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.engine.config.AdapterSelection;
import dev.taskcast.engine.config.AdapterSettings;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 3 (docs/reliability.md): Redis cut away through a TCP proxy owned by the test, while a
 * publisher publishes and subscribers stream. While it is away, requests that need it answer 503
 * per http-api.md §3.4 quickly and without piling up threads, readiness says not ready and open SSE
 * streams end cleanly; when it returns the server recovers by itself (pub/sub re-subscribed, no
 * restart), every event acknowledged with 201 is in the history, and every subscriber, resuming
 * with Last-Event-ID, has received every event of the history exactly once, in order.
 */
class RedisFaultTest {
    private static final Duration RECOVERY = Duration.ofSeconds(30);
    private static final Pattern REDIS_503 = Pattern.compile(
            "\\{\"error\":\"redis(Command|PubSub) unavailable \\((connection_refused|connection_reset|connection_closed|timeout|unavailable)\\)\"}");
    private static final int SUBSCRIBERS = 20;
    private String prefix;
    private TcpProxy proxy;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        prefix = Env.unique("tc-rel-redis-");
        proxy = new TcpProxy("127.0.0.1", Env.redisPort());
        String url = Env.redisUrlVia(proxy.port());
        server = TestServer.start(ServerConfig.builder()
                .adapters(new AdapterSettings(
                        new AdapterSelection("redis", Map.of("url", url, "prefix", prefix)),
                        new AdapterSelection("redis", Map.of("url", url, "prefix", prefix)), null))
                .pluginsDir(Env.pluginsDir())
                .sseKeepaliveMs(500));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        MiniRedis.cleanup(prefix);
    }

    /**
     * Live platform threads that belong to the server and its stores. The test's own HTTP client
     * workers and proxy pipes are left out: the burst below grows those, not the server.
     */
    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> !name.startsWith("HttpClient-") && !name.startsWith("tcp-proxy-"))
                .count();
    }

    @Test
    void outageIsAnswered503AndRecoveredWithoutLosingAcknowledgedEvents() throws Exception {
        String task = server.createTask("{\"type\":\"redis-fault\"}").get("id").asText();
        server.transition(task, "running");
        List<ResumingSubscriber> subs = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            subs.add(new ResumingSubscriber(() -> server.port(), "/tasks/" + task + "/events", null, 100, false));
        }
        Eventually.await(RECOVERY, () -> subs.stream().allMatch(ResumingSubscriber::connected), () -> "subscribers open");

        // A steady publisher: every 201 is an acknowledged event, recorded with its id.
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicBoolean publishing = new AtomicBoolean(true);
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
            int n = 0;
            while (publishing.get()) {
                Response r = server.post("/tasks/" + task + "/events",
                        "{\"type\":\"tick\",\"level\":\"info\",\"data\":{\"n\":" + n++ + "}}");
                if (r.status() == 201) {
                    acknowledged.add(r.json().get("id").asText());
                } else {
                    if (r.status() != 503 || !REDIS_503.matcher(r.body()).matches()) {
                        unexpected.add(r.toString());
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        Eventually.await(RECOVERY, () -> acknowledged.size() >= 200, () -> "published " + acknowledged.size());
        long threadsBefore = serverThreads();

        proxy.cut();
        long cutAt = System.nanoTime();

        // Open streams end cleanly (the subscribers notice and start reconnecting).
        Eventually.await(Duration.ofSeconds(10), () -> subs.stream().allMatch(s -> s.endedWithoutDone() > 0),
                () -> "streams still open: " + subs.stream().filter(s -> s.endedWithoutDone() == 0).count());
        Figures.record("RedisFaultTest", "all " + SUBSCRIBERS + " SSE streams ended after the cut (ms)",
                (System.nanoTime() - cutAt) / 1_000_000);
        // Requests that need Redis: 503 with the §3.4 body, quickly, even 200 at once.
        Response ready = server.get("/health/ready");
        assertEquals(503, ready.status(), ready::toString);
        assertFalse(ready.json().get("ok").asBoolean());
        JsonNode deps = ready.json().get("dependencies");
        assertEquals("unhealthy", deps.get("redisCommand").get("state").asText(), ready::toString);
        assertEquals("unhealthy", deps.get("redisPubSub").get("state").asText(), ready::toString);
        long burstStart = System.nanoTime();
        List<CompletableFuture<Response>> burst = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String path = switch (i % 4) {
                case 0 -> "/tasks/" + task + "/events/history";
                case 1 -> "/tasks/" + task;
                case 2 -> "/tasks";
                default -> "/tasks/" + task + "/events";
            };
            burst.add(server.request("GET", path).sendAsync());
        }
        for (int i = 0; i < 50; i++) {
            burst.add(server.request("POST", "/tasks/" + task + "/events")
                    .json("{\"type\":\"x\",\"level\":\"info\"}").sendAsync());
        }
        long[] latencies = new long[burst.size()];
        for (int i = 0; i < burst.size(); i++) {
            Response r = burst.get(i).join();
            latencies[i] = (System.nanoTime() - burstStart) / 1_000_000;
            assertEquals(503, r.status(), r::toString);
            assertTrue(REDIS_503.matcher(r.body()).matches(), r::toString);
        }
        long burstMs = (System.nanoTime() - burstStart) / 1_000_000;
        Figures.record("RedisFaultTest", "250 concurrent requests during the outage: all 503 within (ms)", burstMs);
        assertTrue(burstMs < 5_000, "503s took " + burstMs + " ms");
        long threadsDuring = serverThreads();
        Figures.record("RedisFaultTest", "JVM threads before / during outage", threadsBefore + " / " + threadsDuring);
        assertTrue(threadsDuring <= threadsBefore + 20, "threads " + threadsBefore + " -> " + threadsDuring);
        int acknowledgedBeforeRestore = acknowledged.size();

        proxy.restore();
        long restoredAt = System.nanoTime();

        Eventually.await(RECOVERY, () -> server.get("/health/ready").status() == 200, () -> "still not ready");
        Figures.record("RedisFaultTest", "ready again after restore (ms)", (System.nanoTime() - restoredAt) / 1_000_000);
        Eventually.await(RECOVERY, () -> acknowledged.size() >= acknowledgedBeforeRestore + 200,
                () -> "publishing did not resume: " + acknowledged.size());
        Eventually.await(RECOVERY, () -> subs.stream().allMatch(ResumingSubscriber::connected), () -> "resubscribed");
        Figures.record("RedisFaultTest", "subscribers streaming again after restore (ms)",
                (System.nanoTime() - restoredAt) / 1_000_000);
        // Live delivery works again (the pattern subscription is back): wait for a few more live events.
        int live = subs.getFirst().count();
        Eventually.await(RECOVERY, () -> subs.getFirst().count() > live + 20, () -> "no live events after recovery");
        publishing.set(false);
        publisher.join();
        server.transition(task, "completed");

        for (ResumingSubscriber s : subs) {
            assertTrue(s.awaitDone(RECOVERY.toMillis()), "subscriber did not get taskcast.done");
        }
        JsonNode history = server.history(task, null);
        List<String> historyIds = new ArrayList<>();
        history.forEach(e -> historyIds.add(e.get("id").asText()));
        Set<String> historySet = new HashSet<>(historyIds);
        for (String id : acknowledged) {
            assertTrue(historySet.contains(id), () -> "acknowledged event missing from history: " + id);
        }
        for (ResumingSubscriber s : subs) {
            List<String> got = s.ids();
            assertEquals(new HashSet<>(got).size(), got.size(), "a subscriber received an event twice");
            assertEquals(historyIds, got, "a subscriber's sequence differs from the history");
            s.close();
        }
        assertTrue(unexpected.isEmpty(), () -> "unexpected answers: " + unexpected);
        Figures.record("RedisFaultTest", "acknowledged events / history events / subscribers checked",
                acknowledged.size() + " / " + historyIds.size() + " / " + subs.size());
    }
}
