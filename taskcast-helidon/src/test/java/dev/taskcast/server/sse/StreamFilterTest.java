package dev.taskcast.server.sse;

import static dev.taskcast.server.sse.SseTests.WAIT;
import static dev.taskcast.server.sse.SseTests.event;
import static dev.taskcast.server.sse.SseTests.filteredIndexes;
import static dev.taskcast.server.sse.SseTests.payloads;
import static dev.taskcast.server.sse.SseTests.rawIndexes;
import static dev.taskcast.server.sse.SseTests.runningTask;
import static dev.taskcast.server.sse.SseTests.stream;
import static dev.taskcast.server.sse.SseTests.types;
import static dev.taskcast.server.sse.SseTests.untilDone;
import static dev.taskcast.server.sse.SseTests.withoutDone;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.testing.SseClient;
import dev.taskcast.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * http-api.md §7.1/§7.3 step 5 with model.md §9.2–§9.4: types (wildcards), levels and includeStatus
 * filters on the task stream; filteredIndex numbers only matching events, in replay and live.
 */
class StreamFilterTest {
    /** Published after the running status (index 0): indexes 1..7. */
    private static final List<String[]> EVENTS = List.of(
            new String[] {"llm.delta", "info"},
            new String[] {"llm.delta.chunk", "debug"},
            new String[] {"llm", "warn"},
            new String[] {"llmx.delta", "error"},
            new String[] {"tool.call", "info"},
            new String[] {"taskcast:*", "warn"},
            new String[] {"taskcast:custom", "error"});

    private static TestServer server;
    private static String completed;

    @BeforeAll
    static void start() {
        server = TestServer.start(ServerConfig.builder().sseKeepaliveMs(0));
        completed = runningTask(server);
        for (String[] e : EVENTS) {
            server.publish(completed, event(e[0], e[1], "{}"));
        }
        server.transition(completed, "completed"); // index 8
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<JsonNode> replay(String query) {
        try (SseClient sse = stream(server, completed, query)) {
            return payloads(withoutDone(untilDone(sse), "completed"));
        }
    }

    /** model §9.2: "prefix.*" matches types starting with "prefix." only; numbering counts matches only. */
    @Test
    void dotStarWildcard() {
        List<JsonNode> got = replay("?types=llm.*");
        assertEquals(List.of("llm.delta", "llm.delta.chunk"), types(got));
        assertEquals(List.of(1L, 2L), rawIndexes(got));
        assertEquals(List.of(0L, 1L), filteredIndexes(got));
    }

    /** model §9.2: "*" matches everything; exact patterns are case-sensitive; "taskcast:*" is literal. */
    @Test
    void starExactAndLiteralPatterns() {
        assertEquals(9, replay("?types=*").size());
        assertEquals(List.of("llm"), types(replay("?types=llm")));
        assertEquals(List.of(), replay("?types=LLM"));
        assertEquals(List.of("taskcast:*"), types(replay("?types=taskcast:*")));
        assertEquals(List.of(), replay("?types=*.delta"));
        List<JsonNode> multi = replay("?types=tool.call,,taskcast:status");
        assertEquals(List.of("taskcast:status", "tool.call", "taskcast:status"), types(multi));
        assertEquals(List.of(0L, 1L, 2L), filteredIndexes(multi));
    }

    /** §7.1 / model §9.2: types= (empty list) matches nothing, yet done still arrives. */
    @Test
    void emptyTypesMatchNothing() {
        assertEquals(List.of(), replay("?types="));
        assertEquals(List.of(), replay("?types=,"));
    }

    /** model §9.3: levels; unknown names never match; present but empty matches nothing. */
    @Test
    void levels() {
        List<JsonNode> got = replay("?levels=warn,error");
        assertEquals(List.of("llm", "llmx.delta", "taskcast:*", "taskcast:custom"), types(got));
        assertEquals(List.of(0L, 1L, 2L, 3L), filteredIndexes(got));
        assertEquals(List.of(), replay("?levels=bogus"));
        assertEquals(List.of(), replay("?levels="));
        assertEquals(List.of("llm.delta"), types(replay("?levels=info&types=llm.*")));
    }

    /** model §9.3: includeStatus=false removes exactly the type taskcast:status. */
    @Test
    void includeStatusFalseOnlyDropsStatusType() {
        List<JsonNode> got = replay("?includeStatus=false");
        assertEquals(7, got.size());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), rawIndexes(got));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), filteredIndexes(got));
        assertEquals(List.of(), replay("?includeStatus=false&types=taskcast:status"));
    }

    /** §7.3 steps 6 and 10: live events continue the filtered numbering; non-matching ones take no number. */
    @Test
    void liveNumberingCountsMatchesOnly() {
        String id = runningTask(server);
        server.publish(id, event("llm.a", "info", null));
        server.publish(id, event("other", "info", null));
        try (SseClient sse = stream(server, id, "?types=llm.*&levels=info,warn")) {
            assertEquals(0, sse.nextEvent(WAIT).json().get("filteredIndex").asLong());
            server.publish(id, event("other", "info", null));
            server.publish(id, event("llm.b", "error", null));
            server.publish(id, event("llm.c", "warn", null));
            JsonNode c = sse.nextEvent(WAIT).json();
            assertEquals("llm.c", c.get("type").asText());
            assertEquals(1, c.get("filteredIndex").asLong());
            assertEquals(5, c.get("rawIndex").asLong());
            server.transition(id, "completed");
            assertEquals(List.of(), withoutDone(untilDone(sse), "completed"));
        }
    }
}
