package dev.taskcast.server.sse;

import static dev.taskcast.server.sse.SseTests.WAIT;
import static dev.taskcast.server.sse.SseTests.event;
import static dev.taskcast.server.sse.SseTests.filteredIndexes;
import static dev.taskcast.server.sse.SseTests.payloads;
import static dev.taskcast.server.sse.SseTests.pendingTask;
import static dev.taskcast.server.sse.SseTests.publish;
import static dev.taskcast.server.sse.SseTests.rawIndexes;
import static dev.taskcast.server.sse.SseTests.runningTask;
import static dev.taskcast.server.sse.SseTests.stream;
import static dev.taskcast.server.sse.SseTests.types;
import static dev.taskcast.server.sse.SseTests.untilDone;
import static dev.taskcast.server.sse.SseTests.withoutDone;
import static dev.taskcast.server.testing.JsonAssert.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** http-api.md §7.3 (consequences for pending / running / terminal tasks) and §7.5 (closing). */
class TaskStreamLifecycleTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        // keepalive off: "nothing sent" must mean nothing at all; TTL sweep every second.
        server = TestServer.start(ServerConfig.builder().sseKeepaliveMs(0).ttlSweepIntervalSeconds(1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * §7.3 pending task: the connection is accepted (200 and headers arrive at once, like the
     * original which commits the response immediately) even though there is nothing to send.
     */
    @Test
    void pendingTaskConnectionIsAcceptedAtOnce() {
        String id = pendingTask(server);
        CompletableFuture<SseClient> open = CompletableFuture.supplyAsync(
                () -> SseClient.open(server.port(), "/tasks/" + id + "/events"), SseTests.ASYNC);
        try {
            SseClient sse = open.get(3, TimeUnit.SECONDS);
            assertEquals(200, sse.status());
            sse.close();
        } catch (Exception e) {
            throw new AssertionError("no response head within 3 s for a stream on a pending task", e);
        } finally {
            publish(server, id, "unblock"); // lets a server that holds the head back answer, then clean up
            open.thenAccept(SseClient::close);
        }
    }

    /** §7.3 pending task: stays open with nothing sent; events published to it stream immediately. */
    @Test
    void pendingTaskStaysSilentThenStreamsEvents() {
        String id = pendingTask(server);
        CompletableFuture<SseClient> open = CompletableFuture.supplyAsync(
                () -> SseClient.open(server.port(), "/tasks/" + id + "/events"), SseTests.ASYNC);
        try {
            // After the head and the one comment that opens an empty replay: no frame for 0.5 s.
            SseClient opened = open.get(500, TimeUnit.MILLISECONDS);
            assertEquals(":keepalive", opened.next(WAIT).raw().strip());
            opened.assertSilentFor(Duration.ofMillis(500));
        } catch (TimeoutException headHeldBack) {
            // the body is silent anyway
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        JsonNode e0 = publish(server, id, "early");
        try (SseClient sse = open.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            Frame f0 = sse.nextEvent(WAIT);
            assertEquals(e0.get("id").asText(), f0.id());
            assertJson("{\"filteredIndex\":0,\"rawIndex\":0}", filteredAndRaw(f0));
            server.transition(id, "running");
            assertJson("{\"filteredIndex\":1,\"rawIndex\":1}", filteredAndRaw(sse.nextEvent(WAIT)));
            server.transition(id, "cancelled");
            List<Frame> rest = untilDone(sse);
            assertEquals("cancelled", withoutDone(rest, "cancelled").getFirst().json().get("data").get("status").asText());
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            open.thenAccept(SseClient::close);
        }
    }

    /** §7.3 running task: history, then live events, then done when the terminal status arrives. */
    @Test
    void runningTaskHistoryThenLiveThenDone() {
        String id = runningTask(server);
        publish(server, id, "a");
        publish(server, id, "b");
        try (SseClient sse = stream(server, id, "")) {
            List<JsonNode> history = payloads(sse.nextEvents(3, WAIT));
            assertEquals(List.of("taskcast:status", "a", "b"), types(history));
            assertEquals(List.of(0L, 1L, 2L), filteredIndexes(history));
            publish(server, id, "c");
            assertEquals("c", sse.nextEvent(WAIT).json().get("type").asText());
            server.transition(id, "completed");
            List<JsonNode> tail = payloads(withoutDone(untilDone(sse), "completed"));
            assertEquals(List.of(4L), rawIndexes(tail));
            assertEquals("completed", tail.getFirst().get("data").get("status").asText());
        }
    }

    /** §7.3 terminal task: history, done with the task's status, then the server ends the response. */
    @Test
    void terminalTaskReplaysThenDoneThenCloses() {
        for (String terminal : List.of("completed", "failed", "cancelled", "timeout")) {
            String id = runningTask(server);
            publish(server, id, "work");
            server.transition(id, terminal);
            try (SseClient sse = stream(server, id, "")) {
                List<JsonNode> replay = payloads(withoutDone(untilDone(sse), terminal));
                assertEquals(List.of("taskcast:status", "work", "taskcast:status"), types(replay), terminal);
                assertEquals(List.of(0L, 1L, 2L), filteredIndexes(replay));
                assertTrue(sse.hasEnded());
            }
        }
    }

    /** §7.3: includeStatus=false still gets done; status events are neither sent nor numbered. */
    @Test
    void includeStatusFalseStillGetsDone() {
        String id = runningTask(server);
        publish(server, id, "x");
        server.transition(id, "failed");
        try (SseClient sse = stream(server, id, "?includeStatus=false")) {
            List<JsonNode> replay = payloads(withoutDone(untilDone(sse), "failed"));
            assertEquals(List.of("x"), types(replay));
            assertEquals(List.of(0L), filteredIndexes(replay));
        }
        String live = runningTask(server);
        publish(server, live, "y"); // a non-empty replay: see pendingTaskConnectionIsAcceptedAtOnce
        try (SseClient sse = stream(server, live, "?includeStatus=false")) {
            assertJson("{\"filteredIndex\":0,\"rawIndex\":1}", filteredAndRaw(sse.nextEvent(WAIT)));
            publish(server, live, "z");
            assertJson("{\"filteredIndex\":1,\"rawIndex\":2}", filteredAndRaw(sse.nextEvent(WAIT)));
            server.transition(live, "completed");
            assertEquals(List.of(), withoutDone(untilDone(sse), "completed"), "the terminal status event is not sent");
        }
    }

    /** §7.1: includeStatus is false only for exactly "false". */
    @Test
    void includeStatusOtherValuesMeanTrue() {
        String id = runningTask(server);
        server.transition(id, "completed");
        for (String v : List.of("FALSE", "0", "no", "")) {
            try (SseClient sse = stream(server, id, "?includeStatus=" + v)) {
                assertEquals(2, withoutDone(untilDone(sse), "completed").size(), v);
            }
        }
    }

    /** §7.5 / model §4.1: a user-published taskcast:status with a terminal data.status closes the stream. */
    @Test
    void userPublishedTerminalStatusEventCloses() {
        String id = runningTask(server);
        try (SseClient sse = stream(server, id, "")) {
            sse.nextEvent(WAIT);
            JsonNode nonTerminal = server.publish(id, event("taskcast:status", "warn", "{\"status\":\"running\"}"));
            assertEquals(nonTerminal.get("id").asText(), sse.nextEvent(WAIT).id(), "a non-terminal status does not close");
            JsonNode fake = server.publish(id, event("taskcast:status", "info", "{\"status\":\"failed\",\"why\":1}"));
            List<Frame> rest = untilDone(sse);
            Frame sent = withoutDone(rest, "failed").getFirst();
            assertEquals(fake.get("id").asText(), sent.id());
            assertJson("{\"filteredIndex\":2,\"rawIndex\":2}", filteredAndRaw(sent));
        }
        assertEquals("running", SseTests.task(server, id).get("status").asText(), "the task itself did not change");
    }

    /** §7.5: the terminal status event closes the stream even when the filter excludes it. */
    @Test
    void terminalStatusClosesEvenWhenFilteredOut() {
        String id = runningTask(server);
        publish(server, id, "only.this");
        try (SseClient sse = stream(server, id, "?types=only.this")) {
            assertEquals("only.this", sse.nextEvent(WAIT).json().get("type").asText());
            server.publish(id, event("taskcast:status", "info", "{\"status\":\"completed\"}"));
            assertEquals(List.of(), withoutDone(untilDone(sse), "completed"));
        }
        String other = runningTask(server);
        server.publish(other, event("boom", "error", null));
        try (SseClient sse = stream(server, other, "?levels=error&includeStatus=false")) {
            assertEquals("boom", sse.nextEvent(WAIT).json().get("type").asText());
            server.transition(other, "cancelled");
            assertEquals(List.of(), withoutDone(untilDone(sse), "cancelled"));
        }
    }

    /** §7.5 + model §6: TTL expiry emits {"status":"timeout"}, then done with reason timeout. */
    @Test
    void ttlTimeoutEndsTheStreamWithReasonTimeout() {
        String id = server.createTask("{\"ttl\":1}").get("id").asText();
        server.transition(id, "running");
        try (SseClient sse = stream(server, id, "")) {
            assertEquals("running", sse.nextEvent(WAIT).json().get("data").get("status").asText());
            Frame timeout = sse.nextEvent(Duration.ofSeconds(15));
            assertEquals("taskcast:status", timeout.json().get("type").asText());
            assertJson("{\"status\":\"timeout\"}", timeout.json().get("data"));
            assertEquals(1, timeout.json().get("filteredIndex").asInt());
            assertEquals("event: taskcast.done\ndata: {\"reason\":\"timeout\"}\n\n", sse.nextEvent(WAIT).raw());
            assertEquals(List.of(), sse.awaitEnd(WAIT));
        }
    }

    private static JsonNode filteredAndRaw(Frame f) {
        JsonNode j = f.json();
        return dev.taskcast.api.TaskcastJson.object().put("filteredIndex", j.get("filteredIndex").asLong())
                .put("rawIndex", j.get("rawIndex").asLong());
    }
}
