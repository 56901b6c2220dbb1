package dev.taskcast.server.sse;

import static dev.taskcast.server.sse.SseTests.WAIT;
import static dev.taskcast.server.sse.SseTests.filteredIndexes;
import static dev.taskcast.server.sse.SseTests.payloads;
import static dev.taskcast.server.sse.SseTests.publish;
import static dev.taskcast.server.sse.SseTests.rawIndexes;
import static dev.taskcast.server.sse.SseTests.runningTask;
import static dev.taskcast.server.sse.SseTests.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * http-api.md §7.3 (limit, since.index, since.id, since.timestamp) and §7.2 Last-Event-ID.
 * Every test uses a running task whose history is: status(0) a(1) b(2) a(3) b(4) a(5) a(6) a(7),
 * so with {@code types=a} the five a events have filteredIndex 0..4.
 */
class ReplayCursorTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ServerConfig.builder().sseKeepaliveMs(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The task and the ids of its events by raw index. */
    private record Fixture(String taskId, List<String> ids) {
    }

    private static Fixture fixture() {
        String id = runningTask(server);
        List<String> ids = new ArrayList<>();
        ids.add(server.history(id, null).get(0).get("id").asText());
        for (String t : List.of("a", "b", "a", "b", "a", "a", "a")) {
            ids.add(publish(server, id, t).get("id").asText());
        }
        return new Fixture(id, ids);
    }

    /** §7.3: limit=N replays the first (oldest) N stored events, then continues live. */
    @Test
    void limitReplaysFirstNThenLive() {
        Fixture f = fixture();
        try (SseClient sse = stream(server, f.taskId(), "?limit=2")) {
            List<JsonNode> replay = payloads(sse.nextEvents(2, WAIT));
            assertEquals(List.of(0L, 1L), rawIndexes(replay));
            JsonNode live = publish(server, f.taskId(), "live");
            JsonNode next = sse.nextEvent(WAIT).json();
            assertEquals(live.get("index").asLong(), next.get("rawIndex").asLong(), "events 2..7 are not replayed");
            assertEquals(2, next.get("filteredIndex").asLong());
        }
    }

    /** §7.1: limit is parseInt and used only if > 0 ("3abc" → 3; 0, -1, "x" → no limit). */
    @Test
    void limitParsing() {
        Fixture f = fixture();
        server.transition(f.taskId(), "completed");
        assertEquals(3, replayOf(f.taskId(), "?limit=3abc").size());
        for (String ignored : List.of("0", "-1", "x", "")) {
            assertEquals(9, replayOf(f.taskId(), "?limit=" + ignored).size(), "limit=" + ignored);
        }
    }

    /** §7.3: since.index=K replays filteredIndex > K under the same filter; live continues the numbering. */
    @Test
    void sinceIndexSkipsFilteredNumbers() {
        Fixture f = fixture();
        try (SseClient sse = stream(server, f.taskId(), "?types=a&since.index=1")) {
            List<JsonNode> replay = payloads(sse.nextEvents(3, WAIT));
            assertEquals(List.of(2L, 3L, 4L), filteredIndexes(replay));
            assertEquals(List.of(5L, 6L, 7L), rawIndexes(replay));
            publish(server, f.taskId(), "b");
            publish(server, f.taskId(), "a");
            JsonNode live = sse.nextEvent(WAIT).json();
            assertEquals(5, live.get("filteredIndex").asLong());
            assertEquals(9, live.get("rawIndex").asLong());
        }
    }

    /** §7.3 example: 5 matching stored events and K=10 → nothing replayed, first live event has filteredIndex 5. */
    @Test
    void sinceIndexBeyondEverythingContinuesNumbering() {
        // A server with keepalive: the first ":keepalive" proves the stream has read its history
        // and is live, so the next publish is a live event, not a stored one.
        try (TestServer ka = TestServer.start(ServerConfig.builder().sseKeepaliveMs(100))) {
            String id = runningTask(ka);
            for (String t : List.of("a", "b", "a", "b", "a", "a", "a")) {
                publish(ka, id, t);
            }
            try (SseClient sse = stream(ka, id, "?types=a&since.index=10")) {
                assertTrue(sse.next(WAIT).isComment(), "nothing is replayed");
                publish(ka, id, "b");
                JsonNode a = publish(ka, id, "a");
                Frame first = sse.nextEvent(WAIT);
                assertEquals(a.get("id").asText(), first.id());
                assertEquals(5, first.json().get("filteredIndex").asLong());
                publish(ka, id, "a");
                assertEquals(6, sse.nextEvent(WAIT).json().get("filteredIndex").asLong());
            }
        }
    }

    /** §7.3 step 6: since.index skipping only part of the replay; live numbering still counts all matches. */
    @Test
    void sinceIndexInsideReplayThenLive() {
        Fixture f = fixture();
        try (SseClient sse = stream(server, f.taskId(), "?types=a&since.index=3")) {
            JsonNode a = sse.nextEvent(WAIT).json();
            assertEquals(4, a.get("filteredIndex").asLong());
            assertEquals(7, a.get("rawIndex").asLong());
            JsonNode live = publish(server, f.taskId(), "a");
            Frame first = sse.nextEvent(WAIT);
            assertEquals(live.get("id").asText(), first.id());
            assertEquals(5, first.json().get("filteredIndex").asLong());
        }
    }

    /** §7.1: a NaN since.index never skips anything (and still counts as a cursor). */
    @Test
    void sinceIndexNaNSkipsNothing() {
        Fixture f = fixture();
        server.transition(f.taskId(), "completed");
        List<JsonNode> replay = payloads(replayOf(f.taskId(), "?since.index=abc"));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), filteredIndexes(replay));
    }

    /** §7.3: since.id replays events after X with filteredIndex restarting at 0; live continues. */
    @Test
    void sinceIdRestartsNumbering() {
        Fixture f = fixture();
        try (SseClient sse = stream(server, f.taskId(), "?since.id=" + f.ids().get(4))) {
            List<JsonNode> replay = payloads(sse.nextEvents(3, WAIT));
            assertEquals(List.of(5L, 6L, 7L), rawIndexes(replay));
            assertEquals(List.of(0L, 1L, 2L), filteredIndexes(replay));
            publish(server, f.taskId(), "z");
            assertEquals(3, sse.nextEvent(WAIT).json().get("filteredIndex").asLong());
        }
    }

    /** §7.3: an unknown since.id replays everything, numbered from 0. */
    @Test
    void unknownSinceIdReplaysEverything() {
        Fixture f = fixture();
        server.transition(f.taskId(), "completed");
        List<JsonNode> replay = payloads(replayOf(f.taskId(), "?since.id=01NOTANEVENTID000000000000"));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), rawIndexes(replay));
        assertEquals(rawIndexes(replay), filteredIndexes(replay));
    }

    /** §7.3: since.timestamp=T replays events with timestamp > T, numbered from 0. */
    @Test
    void sinceTimestampReplaysNewerEvents() {
        String id = runningTask(server);
        long t = publish(server, id, "old").get("timestamp").asLong();
        JsonNode newer;
        int guard = 0;
        do { // publish until the clock has moved past t (no sleeping)
            newer = publish(server, id, "new");
            assertTrue(++guard < 100_000, "clock did not advance");
        } while (newer.get("timestamp").asLong() <= t);
        server.transition(id, "completed");
        List<Long> expected = new ArrayList<>();
        for (JsonNode e : server.history(id, null)) {
            if (e.get("timestamp").asLong() > t) {
                expected.add(e.get("index").asLong());
            }
        }
        List<JsonNode> replay = payloads(replayOf(id, "?since.timestamp=" + t));
        assertEquals(expected, rawIndexes(replay));
        assertEquals(0, replay.getFirst().get("filteredIndex").asLong());
        assertEquals(expected.size() - 1, replay.getLast().get("filteredIndex").asLong());
    }

    /** §7.2: Last-Event-ID without since.* is exactly since.id. */
    @Test
    void lastEventIdResumes() {
        Fixture f = fixture();
        try (SseClient sse = stream(server, f.taskId(), "", "Last-Event-ID", f.ids().get(5))) {
            List<JsonNode> replay = payloads(sse.nextEvents(2, WAIT));
            assertEquals(List.of(6L, 7L), rawIndexes(replay));
            assertEquals(List.of(0L, 1L), filteredIndexes(replay));
            publish(server, f.taskId(), "z");
            assertEquals(2, sse.nextEvent(WAIT).json().get("filteredIndex").asLong());
        }
    }

    /** §7.2: an explicit since.* parameter wins over Last-Event-ID (even an empty since.id). */
    @Test
    void explicitSinceWinsOverLastEventId() {
        Fixture f = fixture();
        server.transition(f.taskId(), "completed");
        String header = f.ids().get(2);
        List<JsonNode> byIndex = payloads(replayOf(f.taskId(), "?since.index=4", "Last-Event-ID", header));
        assertEquals(List.of(5L, 6L, 7L, 8L), rawIndexes(byIndex), "since.index over the whole history");
        assertEquals(List.of(5L, 6L, 7L, 8L), filteredIndexes(byIndex));
        List<JsonNode> byId = payloads(replayOf(f.taskId(), "?since.id=" + f.ids().get(6), "Last-Event-ID", header));
        assertEquals(List.of(7L, 8L), rawIndexes(byId));
        List<JsonNode> emptyId = payloads(replayOf(f.taskId(), "?since.id=", "Last-Event-ID", header));
        assertEquals(9, emptyId.size(), "an empty since.id is a cursor that filters nothing; the header is ignored");
        List<JsonNode> byTs = payloads(replayOf(f.taskId(), "?since.timestamp=0", "Last-Event-ID", header));
        assertEquals(9, byTs.size(), "since.timestamp=0 reaches no store but still overrides the header");
    }

    /** Event frames of a stream on a terminal task, before its done frame. */
    private static List<Frame> replayOf(String taskId, String query, String... headers) {
        try (SseClient sse = stream(server, taskId, query, headers)) {
            List<Frame> frames = SseTests.untilDone(sse);
            return frames.subList(0, frames.size() - 1);
        }
    }
}
