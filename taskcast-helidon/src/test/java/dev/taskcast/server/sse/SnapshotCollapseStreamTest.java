package dev.taskcast.server.sse;

import static dev.taskcast.server.sse.SseTests.WAIT;
import static dev.taskcast.server.sse.SseTests.assertNoTransientField;
import static dev.taskcast.server.sse.SseTests.delta;
import static dev.taskcast.server.sse.SseTests.filteredIndexes;
import static dev.taskcast.server.sse.SseTests.payloads;
import static dev.taskcast.server.sse.SseTests.publish;
import static dev.taskcast.server.sse.SseTests.rawIndexes;
import static dev.taskcast.server.sse.SseTests.runningTask;
import static dev.taskcast.server.sse.SseTests.stream;
import static dev.taskcast.server.sse.SseTests.untilDone;
import static dev.taskcast.server.sse.SseTests.withoutDone;
import static dev.taskcast.server.testing.JsonAssert.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.testing.SseClient;
import dev.taskcast.server.testing.SseClient.Frame;
import dev.taskcast.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * http-api.md §7.3 steps 4–5 and §7.4 with model.md §8.6: snapshot collapse of accumulate series
 * in the replay, its numbering, cursors disabling it, seriesFormat=accumulated for live events,
 * wrap=false, and the transient {@code _accumulatedData} never reaching the wire. Every test uses
 * a running task with history status(0) "Hel"(1, series s1) log(2) "lo"(3, s1).
 */
class SnapshotCollapseStreamTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ServerConfig.builder().sseKeepaliveMs(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Fixture(String taskId, List<JsonNode> events) {
        String id(int index) {
            return events.get(index).get("id").asText();
        }
    }

    private static Fixture fixture() {
        String id = runningTask(server);
        List<JsonNode> events = new ArrayList<>();
        events.add(server.history(id, null).get(0));
        events.add(server.publish(id, delta("s1", "Hel")));
        events.add(publish(server, id, "log"));
        events.add(server.publish(id, delta("s1", "lo")));
        return new Fixture(id, events);
    }

    /**
     * §7.3 running task + model §8.6: the series appears once, as a snapshot at the first delta's
     * position with the newest id/index/timestamp and the accumulated data; the snapshot counts as
     * one filtered event; live deltas follow as deltas (seriesFormat=delta).
     */
    @Test
    void replayCollapsesSeriesIntoOneSnapshot() {
        Fixture f = fixture();
        try (SseClient sse = stream(server, f.taskId(), "")) {
            List<Frame> replay = sse.nextEvents(3, WAIT);
            Frame snapshot = replay.get(1);
            assertEquals(f.id(3), snapshot.id(), "SSE id of a snapshot = id of the newest delta");
            assertJson("{\"filteredIndex\":1,\"rawIndex\":3,\"eventId\":\"" + f.id(3) + "\",\"taskId\":\"" + f.taskId()
                    + "\",\"type\":\"llm.delta\",\"timestamp\":" + f.events().get(3).get("timestamp").asLong()
                    + ",\"level\":\"info\",\"data\":{\"delta\":\"Hello\"},\"seriesId\":\"s1\","
                    + "\"seriesMode\":\"accumulate\",\"seriesSnapshot\":true}", snapshot.json());
            assertEquals(List.of(0L, 3L, 2L), rawIndexes(payloads(replay)));
            assertEquals(List.of(0L, 1L, 2L), filteredIndexes(payloads(replay)));

            server.publish(f.taskId(), delta("s1", " world"));
            JsonNode live = sse.nextEvent(WAIT).json();
            assertEquals(3, live.get("filteredIndex").asLong(), "the snapshot counted as one");
            assertJson("{\"delta\":\" world\"}", live.get("data"));
            assertFalse(live.has("seriesSnapshot"));
            server.transition(f.taskId(), "completed");
            List<Frame> tail = untilDone(sse);
            assertEquals(4, tail.getFirst().json().get("filteredIndex").asLong());
            assertNoTransientField(sse.received());
        }
    }

    /** §7.4: seriesFormat=accumulated — live accumulate events carry the accumulated value as data. */
    @Test
    void accumulatedFormatForLiveEvents() {
        Fixture f = fixture();
        try (SseClient sse = stream(server, f.taskId(), "?seriesFormat=accumulated")) {
            List<JsonNode> replay = payloads(sse.nextEvents(3, WAIT));
            assertJson("{\"delta\":\"Hello\"}", replay.get(1).get("data"));
            server.publish(f.taskId(), delta("s1", " world"));
            JsonNode live = sse.nextEvent(WAIT).json();
            assertJson("{\"delta\":\"Hello world\"}", live.get("data"));
            assertEquals(4, live.get("rawIndex").asLong());
            assertFalse(live.has("seriesSnapshot"));
            // a plain event in the same stream is unchanged
            publish(server, f.taskId(), "plain");
            assertJson("{\"t\":\"plain\"}", sse.nextEvent(WAIT).json().get("data"));
            assertNoTransientField(sse.received());
        }
    }

    /** §7.1: other seriesFormat values mean delta. */
    @Test
    void unknownSeriesFormatIsDelta() {
        Fixture f = fixture();
        try (SseClient sse = stream(server, f.taskId(), "?seriesFormat=ACCUMULATED")) {
            sse.nextEvents(3, WAIT);
            server.publish(f.taskId(), delta("s1", "!"));
            assertJson("{\"delta\":\"!\"}", sse.nextEvent(WAIT).json().get("data"));
        }
    }

    /**
     * §7.3: any cursor disables collapse and replayed accumulate events are the stored deltas even
     * with seriesFormat=accumulated; live ones are still accumulated.
     */
    @Test
    void cursorDisablesCollapse() {
        Fixture f = fixture();
        try (SseClient sse = stream(server, f.taskId(), "?seriesFormat=accumulated&since.id=" + f.id(0))) {
            List<JsonNode> replay = payloads(sse.nextEvents(3, WAIT));
            assertEquals(List.of(1L, 2L, 3L), rawIndexes(replay));
            assertEquals(List.of(0L, 1L, 2L), filteredIndexes(replay));
            assertJson("{\"delta\":\"Hel\"}", replay.get(0).get("data"));
            assertJson("{\"delta\":\"lo\"}", replay.get(2).get("data"));
            replay.forEach(e -> assertFalse(e.has("seriesSnapshot")));
            server.publish(f.taskId(), delta("s1", "!"));
            assertJson("{\"delta\":\"Hello!\"}", sse.nextEvent(WAIT).json().get("data"));
            assertNoTransientField(sse.received());
        }
        server.transition(f.taskId(), "completed");
        for (String cursor : List.of("since.timestamp=0", "since.timestamp=", "since.index=abc", "since.id=")) {
            try (SseClient sse = stream(server, f.taskId(), "?" + cursor)) {
                List<JsonNode> all = payloads(withoutDone(untilDone(sse), "completed"));
                assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), rawIndexes(all), cursor + " is a cursor: no collapse");
            }
        }
        // §7.2: Last-Event-ID stands for since.id, so it disables collapse too (even when empty).
        try (SseClient sse = stream(server, f.taskId(), "", "Last-Event-ID", f.id(0))) {
            List<JsonNode> all = payloads(withoutDone(untilDone(sse), "completed"));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), rawIndexes(all));
        }
        try (SseClient sse = stream(server, f.taskId(), "", "Last-Event-ID", "")) {
            List<JsonNode> all = payloads(withoutDone(untilDone(sse), "completed"));
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), rawIndexes(all), "empty Last-Event-ID = since.id=");
        }
    }

    /**
     * §7.3: filteredIndex after a collapsed replay counts the snapshot as one; a reconnect with
     * since.index numbers the un-collapsed deltas individually.
     */
    @Test
    void sinceIndexNumbersUncollapsedDeltas() {
        Fixture f = fixture();
        publish(server, f.taskId(), "after");
        server.transition(f.taskId(), "completed");
        try (SseClient sse = stream(server, f.taskId(), "")) {
            List<JsonNode> collapsed = payloads(withoutDone(untilDone(sse), "completed"));
            assertEquals(List.of(0L, 3L, 2L, 4L, 5L), rawIndexes(collapsed));
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), filteredIndexes(collapsed));
        }
        try (SseClient sse = stream(server, f.taskId(), "?since.index=2")) {
            List<JsonNode> resumed = payloads(withoutDone(untilDone(sse), "completed"));
            assertEquals(List.of(3L, 4L, 5L), rawIndexes(resumed));
            assertEquals(List.of(3L, 4L, 5L), filteredIndexes(resumed));
        }
    }

    /** model §8.6: the snapshot comes from the series pointer even when limit cut the list before it. */
    @Test
    void snapshotUsesPointerWhenLimitCutsTheSeries() {
        Fixture f = fixture();
        try (SseClient sse = stream(server, f.taskId(), "?limit=2")) {
            List<JsonNode> replay = payloads(sse.nextEvents(2, WAIT));
            assertEquals(List.of(0L, 3L), rawIndexes(replay));
            assertJson("{\"delta\":\"Hello\"}", replay.get(1).get("data"));
            assertEquals(true, replay.get(1).get("seriesSnapshot").asBoolean());
            JsonNode live = publish(server, f.taskId(), "next");
            JsonNode next = sse.nextEvent(WAIT).json();
            assertEquals(live.get("index").asLong(), next.get("rawIndex").asLong());
            assertEquals(2, next.get("filteredIndex").asLong());
        }
    }

    /** §7.4 wrap=false: bare events (id, index, no filteredIndex), snapshots flagged, no transient field. */
    @Test
    void wrapFalseSendsBareEvents() {
        Fixture f = fixture();
        try (SseClient sse = stream(server, f.taskId(), "?wrap=false&seriesFormat=accumulated")) {
            List<Frame> replay = sse.nextEvents(3, WAIT);
            JsonNode status = f.events().get(0);
            assertJson(status.toString(), replay.get(0).json());
            JsonNode snapshot = f.events().get(3).deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) snapshot).put("seriesSnapshot", true)
                    .set("data", dev.taskcast.api.TaskcastJson.tree("{\"delta\":\"Hello\"}"));
            assertJson(snapshot.toString(), replay.get(1).json());
            assertEquals(f.id(3), replay.get(1).id());
            assertJson(f.events().get(2).toString(), replay.get(2).json());

            JsonNode published = server.publish(f.taskId(), delta("s1", "!"));
            JsonNode live = sse.nextEvent(WAIT).json();
            JsonNode expected = published.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) expected)
                    .set("data", dev.taskcast.api.TaskcastJson.tree("{\"delta\":\"Hello!\"}"));
            assertJson(expected.toString(), live);
            server.transition(f.taskId(), "completed");
            withoutDone(untilDone(sse), "completed");
            assertNoTransientField(sse.received());
        }
    }

    /** §7.1: wrap is false only for exactly "false". */
    @Test
    void wrapOtherValuesMeanTrue() {
        Fixture f = fixture();
        try (SseClient sse = stream(server, f.taskId(), "?wrap=no")) {
            assertEquals(0, sse.nextEvent(WAIT).json().get("filteredIndex").asLong());
        }
    }
}
