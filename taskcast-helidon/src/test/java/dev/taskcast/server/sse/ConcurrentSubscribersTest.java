package dev.taskcast.server.sse;

import static dev.taskcast.server.sse.SseTests.WAIT;
import static dev.taskcast.server.sse.SseTests.payloads;
import static dev.taskcast.server.sse.SseTests.rawIndexes;
import static dev.taskcast.server.sse.SseTests.runningTask;
import static dev.taskcast.server.sse.SseTests.stream;
import static dev.taskcast.server.sse.SseTests.withoutDone;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.testing.SseClient;
import dev.taskcast.server.testing.SseClient.Frame;
import dev.taskcast.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * http-api.md §7.3 steps 2 and 7–10: replay-then-live hand-over without gap or duplicate while a
 * publisher is running, and identical sequences for many concurrent subscribers.
 */
class ConcurrentSubscribersTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ServerConfig.builder().sseKeepaliveMs(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * §7.3: 20 subscribers connect at random moments while 300 events are published one by one;
     * each sees rawIndex exactly 0..N-1 (N = status + 300 events + completed status), filteredIndex
     * equal to rawIndex, then done.
     */
    @Test
    void replayThenLiveHasNoGapAndNoDuplicate() throws Exception {
        int events = 300;
        int subscribers = 20;
        String id = runningTask(server);
        Random random = new Random(42);
        List<List<Integer>> connectAfter = new ArrayList<>();
        for (int i = 0; i <= events; i++) {
            connectAfter.add(new ArrayList<>());
        }
        for (int s = 0; s < subscribers; s++) {
            connectAfter.get(s < 2 ? 0 : random.nextInt(events + 1)).add(s);
        }
        List<CompletableFuture<List<Frame>>> results = new ArrayList<>();
        for (int s = 0; s < subscribers; s++) {
            results.add(new CompletableFuture<>());
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i <= events; i++) {
                for (int s : connectAfter.get(i)) {
                    pool.submit(() -> collect(id, results.get(s)));
                }
                if (i < events) {
                    server.publish(id, SseTests.event("e", "info", "{\"i\":" + i + "}"));
                }
            }
            server.transition(id, "completed");
            List<Long> expected = LongStream.range(0, events + 2).boxed().toList();
            for (int s = 0; s < subscribers; s++) {
                List<Frame> frames = results.get(s).get(LONG.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                List<JsonNode> got = payloads(withoutDone(frames, "completed"));
                assertEquals(expected, rawIndexes(got), "subscriber " + s);
                assertEquals(expected, SseTests.filteredIndexes(got), "subscriber " + s);
            }
        }
    }

    /** §7.3: 100 concurrent subscribers of one task receive byte-identical sequences. */
    @Test
    void hundredSubscribersReceiveIdenticalSequences() throws Exception {
        String id = runningTask(server);
        List<SseClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                SseClient c = stream(server, id, "");
                clients.add(c);
                assertEquals(0, c.nextEvent(WAIT).json().get("rawIndex").asLong());
            }
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 50; i++) {
                batch.append(i == 0 ? "" : ",").append(SseTests.event("b", "debug", "{\"i\":" + i + "}"));
            }
            for (int round = 0; round < 4; round++) {
                server.publish(id, batch + "]");
                server.publish(id, SseTests.delta("s", "x" + round));
            }
            server.transition(id, "completed");
            List<String> reference = null;
            for (SseClient c : clients) {
                List<Frame> frames = new ArrayList<>();
                Frame f;
                do {
                    f = c.nextEvent(LONG);
                    frames.add(f);
                } while (!f.isDone());
                c.awaitEnd(WAIT);
                List<String> raw = frames.stream().map(Frame::raw).toList();
                assertEquals(4 * 51 + 2, raw.size());
                if (reference == null) {
                    reference = raw;
                } else {
                    assertEquals(reference, raw);
                }
            }
        } finally {
            clients.forEach(SseClient::close);
        }
    }

    /**
     * §7.3 steps 8–9: subscribers connecting while the task turns terminal all end with done
     * (never hang), after the full gap-free sequence.
     */
    @Test
    void subscribersRacingTheTerminalTransitionAllGetDone() throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 10; round++) {
                String id = runningTask(server);
                for (int i = 0; i < 5; i++) {
                    SseTests.publish(server, id, "e");
                }
                List<CompletableFuture<List<Frame>>> results = new ArrayList<>();
                for (int s = 0; s < 10; s++) {
                    CompletableFuture<List<Frame>> r = new CompletableFuture<>();
                    results.add(r);
                    pool.submit(() -> collect(id, r));
                }
                server.transition(id, round % 2 == 0 ? "completed" : "failed");
                String reason = round % 2 == 0 ? "completed" : "failed";
                for (CompletableFuture<List<Frame>> r : results) {
                    List<JsonNode> got = payloads(withoutDone(r.get(30, java.util.concurrent.TimeUnit.SECONDS), reason));
                    assertEquals(LongStream.range(0, 7).boxed().toList(), rawIndexes(got), "round " + round);
                }
            }
        }
    }

    private static void collect(String taskId, CompletableFuture<List<Frame>> result) {
        try (SseClient sse = stream(server, taskId, "")) {
            List<Frame> frames = new ArrayList<>();
            Frame f;
            do {
                f = sse.nextEvent(LONG);
                frames.add(f);
            } while (!f.isDone());
            sse.awaitEnd(WAIT);
            result.complete(frames);
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
    }
}
