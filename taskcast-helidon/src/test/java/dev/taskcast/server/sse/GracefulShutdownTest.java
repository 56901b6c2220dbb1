package dev.taskcast.server.sse;

import static dev.taskcast.server.sse.SseTests.WAIT;
import static dev.taskcast.server.sse.SseTests.runningTask;
import static dev.taskcast.server.sse.SseTests.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.testing.SseClient;
import dev.taskcast.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown (RunningServer.stop(): "end open SSE streams"): with task streams, global
 * streams and a stalled client open, stop() returns within 10 s and every stream ends.
 */
class GracefulShutdownTest {

    @Test
    void stopEndsOpenStreamsPromptly() throws Exception {
        for (long keepalive : List.of(0L, 15_000L)) {
            TestServer server = TestServer.start(ServerConfig.builder().sseKeepaliveMs(keepalive));
            List<SseClient> clients = new ArrayList<>();
            SseClient stalled = null;
            try {
                String id = runningTask(server);
                for (int i = 0; i < 3; i++) {
                    SseClient c = stream(server, id, "");
                    c.nextEvent(WAIT);
                    clients.add(c);
                }
                SseClient g = SseClient.open(server.port(), "/events");
                assertTrue(g.next(WAIT).isComment());
                clients.add(g);
                stalled = SseClient.openPaused(server.port(), "/tasks/" + id + "/events", 4096);
                assertEquals(200, stalled.status());
                SseTests.awaitSubscribers(server, id, 4);

                long start = System.nanoTime();
                CompletableFuture<Void> stop = CompletableFuture.runAsync(server::close, SseTests.ASYNC);
                stop.get(10, TimeUnit.SECONDS);
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(tookMs < 10_000, "stop() took " + tookMs + " ms");
                for (SseClient c : clients) {
                    c.awaitEnd(Duration.ofSeconds(5));
                    assertTrue(c.hasEnded());
                    assertTrue(c.received().stream().noneMatch(SseClient.Frame::isDone),
                            "shutdown is not a task end: no taskcast.done");
                }
            } finally {
                clients.forEach(SseClient::close);
                if (stalled != null) {
                    stalled.close();
                }
                server.close();
            }
        }
    }
}
