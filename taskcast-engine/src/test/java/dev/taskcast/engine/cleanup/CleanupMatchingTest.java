package dev.taskcast.engine.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.api.CleanupRule;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.api.TaskcastJson;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** webhooks-hooks-cleanup.md §3.2: matchesCleanupRule and filterEventsForCleanup. */
class CleanupMatchingTest {
    private static final long DONE = 1_000_000L;

    private static CleanupRule rule(String json) {
        return CleanupRule.from(TaskcastJson.tree(json));
    }

    private static Task terminal(TaskStatus status, String type) {
        return Task.builder("t", status, DONE - 500).type(type).updatedAt(DONE).completedAt(DONE).build();
    }

    private static TaskEvent ev(long index, long timestamp, String type, Level level, SeriesMode mode) {
        return new TaskEvent("E" + index, "t", index, timestamp, type, level, null, mode == null ? null : "s", mode,
                null, null);
    }

    private static List<Long> indexes(List<TaskEvent> events) {
        return events.stream().map(TaskEvent::index).toList();
    }

    // ---- matchesCleanupRule ------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"PENDING", "ASSIGNED", "RUNNING", "PAUSED", "BLOCKED"})
    void nonTerminalTasksNeverMatch(TaskStatus status) {
        Task t = Task.builder("t", status, 0).type("llm.chat").build();
        assertFalse(CleanupMatching.matchesRule(t, rule("{}"), Long.MAX_VALUE));
        assertFalse(CleanupMatching.matchesRule(t,
                rule("{\"match\":{\"status\":[\"" + status.wireName() + "\"]}}"), Long.MAX_VALUE),
                "not even when the rule names the status");
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"COMPLETED", "FAILED", "TIMEOUT", "CANCELLED"})
    void emptyRuleMatchesEveryTerminalTask(TaskStatus status) {
        assertTrue(CleanupMatching.matchesRule(terminal(status, null), rule("{\"target\":\"all\"}"), DONE));
    }

    @Test
    void statusList() {
        CleanupRule r = rule("{\"match\":{\"status\":[\"completed\",\"failed\"]}}");
        assertTrue(CleanupMatching.matchesRule(terminal(TaskStatus.COMPLETED, null), r, DONE));
        assertTrue(CleanupMatching.matchesRule(terminal(TaskStatus.FAILED, null), r, DONE));
        assertFalse(CleanupMatching.matchesRule(terminal(TaskStatus.CANCELLED, null), r, DONE));
        assertFalse(CleanupMatching.matchesRule(terminal(TaskStatus.TIMEOUT, null), r, DONE));
        assertFalse(CleanupMatching.matchesRule(terminal(TaskStatus.COMPLETED, null),
                rule("{\"match\":{\"status\":[]}}"), DONE), "an empty status list matches nothing");
    }

    @Test
    void taskTypesUseWildcardsAndATaskWithoutTypeNeverMatches() {
        CleanupRule r = rule("{\"match\":{\"taskTypes\":[\"llm.*\"]}}");
        assertTrue(CleanupMatching.matchesRule(terminal(TaskStatus.COMPLETED, "llm.chat"), r, DONE));
        assertTrue(CleanupMatching.matchesRule(terminal(TaskStatus.COMPLETED, "llm.chat.stream"), r, DONE));
        assertFalse(CleanupMatching.matchesRule(terminal(TaskStatus.COMPLETED, "llm"), r, DONE));
        assertFalse(CleanupMatching.matchesRule(terminal(TaskStatus.COMPLETED, "tool.run"), r, DONE));
        assertFalse(CleanupMatching.matchesRule(terminal(TaskStatus.COMPLETED, null), r, DONE));
        CleanupRule star = rule("{\"match\":{\"taskTypes\":[\"*\"]}}");
        assertTrue(CleanupMatching.matchesRule(terminal(TaskStatus.COMPLETED, "anything"), star, DONE));
        assertFalse(CleanupMatching.matchesRule(terminal(TaskStatus.COMPLETED, null), star, DONE),
                "even * needs a type");
        assertTrue(CleanupMatching.matchesRule(terminal(TaskStatus.COMPLETED, null), rule("{\"match\":{}}"), DONE),
                "without taskTypes a typeless task matches");
    }

    @Test
    void afterMsCountsFromCompletedAt() {
        CleanupRule r = rule("{\"trigger\":{\"afterMs\":60000}}");
        Task t = terminal(TaskStatus.COMPLETED, null);
        assertFalse(CleanupMatching.matchesRule(t, r, DONE + 59_999));
        assertTrue(CleanupMatching.matchesRule(t, r, DONE + 60_000), "elapsed >= afterMs");
        assertTrue(CleanupMatching.matchesRule(t, r, DONE + 600_000));
    }

    @Test
    void afterMsFallsBackToUpdatedAtWithoutCompletedAt() {
        CleanupRule r = rule("{\"trigger\":{\"afterMs\":1000}}");
        Task noCompletedAt = Task.builder("t", TaskStatus.CANCELLED, 0).updatedAt(5000).build();
        assertFalse(CleanupMatching.matchesRule(noCompletedAt, r, 5999));
        assertTrue(CleanupMatching.matchesRule(noCompletedAt, r, 6000));
        // completedAt takes precedence when both exist.
        Task both = Task.builder("t", TaskStatus.CANCELLED, 0).updatedAt(9000).completedAt(5000L).build();
        assertTrue(CleanupMatching.matchesRule(both, r, 6000));
    }

    @Test
    void allCriteriaMustHold() {
        CleanupRule r = rule("{\"match\":{\"taskTypes\":[\"llm.*\"],\"status\":[\"completed\"]},"
                + "\"trigger\":{\"afterMs\":100}}");
        assertTrue(CleanupMatching.matchesRule(terminal(TaskStatus.COMPLETED, "llm.chat"), r, DONE + 100));
        assertFalse(CleanupMatching.matchesRule(terminal(TaskStatus.FAILED, "llm.chat"), r, DONE + 100));
        assertFalse(CleanupMatching.matchesRule(terminal(TaskStatus.COMPLETED, "x"), r, DONE + 100));
        assertFalse(CleanupMatching.matchesRule(terminal(TaskStatus.COMPLETED, "llm.chat"), r, DONE + 99));
    }

    @Test
    void specExampleRuleParsesAndMatches() {
        CleanupRule r = rule("""
                {"name":"drop-debug","match":{"taskTypes":["llm.*"],"status":["completed","failed"]},
                 "trigger":{"afterMs":3600000},"target":"events",
                 "eventFilter":{"types":["llm.*"],"levels":["debug"],"olderThanMs":60000,"seriesMode":["accumulate"]}}""");
        assertEquals("drop-debug", r.name());
        assertEquals(CleanupRule.Target.EVENTS, r.target());
        assertTrue(CleanupMatching.matchesRule(terminal(TaskStatus.FAILED, "llm.chat"), r, DONE + 3_600_000));
        List<TaskEvent> events = List.of(
                ev(0, DONE - 70_000, "llm.delta", Level.DEBUG, SeriesMode.ACCUMULATE), // deleted
                ev(1, DONE - 70_000, "llm.delta", Level.DEBUG, null),                  // deleted: no mode
                ev(2, DONE - 70_000, "llm.delta", Level.DEBUG, SeriesMode.LATEST),     // kept: mode
                ev(3, DONE - 70_000, "llm.delta", Level.INFO, null),                   // kept: level
                ev(4, DONE - 70_000, "tool", Level.DEBUG, null),                       // kept: type
                ev(5, DONE - 10_000, "llm.delta", Level.DEBUG, null));                 // kept: too recent
        assertEquals(List.of(0L, 1L), indexes(CleanupMatching.eventsToDelete(events, r, DONE)));
    }

    // ---- filterEventsForCleanup --------------------------------------------------------

    private static final List<TaskEvent> EVENTS = List.of(
            ev(0, 100, TaskEvent.STATUS_TYPE, Level.INFO, null),
            ev(1, 200, "llm.delta", Level.DEBUG, SeriesMode.ACCUMULATE),
            ev(2, 300, "llm.progress", Level.INFO, SeriesMode.LATEST),
            ev(3, 400, "tool.call", Level.WARN, SeriesMode.KEEP_ALL),
            ev(4, 500, "llm", Level.ERROR, null));

    @Test
    void withoutEventFilterEveryEventIsDeleted() {
        assertEquals(EVENTS, CleanupMatching.eventsToDelete(EVENTS, rule("{\"target\":\"events\"}"), 1000L));
        assertEquals(EVENTS, CleanupMatching.eventsToDelete(EVENTS, rule("{\"target\":\"all\"}"), null));
    }

    @Test
    void eventFilterTypes() {
        assertEquals(List.of(1L, 2L), indexes(CleanupMatching.eventsToDelete(EVENTS,
                rule("{\"eventFilter\":{\"types\":[\"llm.*\"]}}"), null)));
        assertEquals(List.of(0L), indexes(CleanupMatching.eventsToDelete(EVENTS,
                rule("{\"eventFilter\":{\"types\":[\"taskcast:status\"]}}"), null)));
        assertEquals(List.of(), indexes(CleanupMatching.eventsToDelete(EVENTS,
                rule("{\"eventFilter\":{\"types\":[]}}"), null)));
    }

    @Test
    void eventFilterLevels() {
        assertEquals(List.of(1L, 3L), indexes(CleanupMatching.eventsToDelete(EVENTS,
                rule("{\"eventFilter\":{\"levels\":[\"debug\",\"warn\"]}}"), null)));
        assertEquals(List.of(), indexes(CleanupMatching.eventsToDelete(EVENTS,
                rule("{\"eventFilter\":{\"levels\":[]}}"), null)));
    }

    @Test
    void eventFilterSeriesModeDoesNotExcludeEventsWithoutMode() {
        assertEquals(List.of(0L, 1L, 4L), indexes(CleanupMatching.eventsToDelete(EVENTS,
                rule("{\"eventFilter\":{\"seriesMode\":[\"accumulate\"]}}"), null)));
        assertEquals(List.of(0L, 2L, 3L, 4L), indexes(CleanupMatching.eventsToDelete(EVENTS,
                rule("{\"eventFilter\":{\"seriesMode\":[\"latest\",\"keep-all\"]}}"), null)));
        assertEquals(List.of(0L, 4L), indexes(CleanupMatching.eventsToDelete(EVENTS,
                rule("{\"eventFilter\":{\"seriesMode\":[]}}"), null)));
    }

    @Test
    void eventFilterOlderThanMsWithCompletedAt() {
        // completedAt 500, olderThanMs 200 → timestamp < 300.
        CleanupRule r = rule("{\"eventFilter\":{\"olderThanMs\":200}}");
        assertEquals(List.of(0L, 1L), indexes(CleanupMatching.eventsToDelete(EVENTS, r, 500L)));
        assertEquals(List.of(), indexes(CleanupMatching.eventsToDelete(EVENTS, r, 300L)), "strictly older");
    }

    @Test
    void eventFilterOlderThanMsWithoutCompletedAtIsIgnored() {
        CleanupRule r = rule("{\"eventFilter\":{\"olderThanMs\":200}}");
        assertEquals(EVENTS, CleanupMatching.eventsToDelete(EVENTS, r, null));
    }

    @Test
    void eventFilterCriteriaCombine() {
        CleanupRule r = rule("{\"eventFilter\":{\"types\":[\"llm.*\",\"llm\"],\"levels\":[\"debug\",\"error\"],"
                + "\"seriesMode\":[\"accumulate\"],\"olderThanMs\":0}}");
        assertEquals(List.of(1L), indexes(CleanupMatching.eventsToDelete(EVENTS, r, 500L)),
                "event 4 is not older than completedAt - 0");
        assertEquals(List.of(1L, 4L), indexes(CleanupMatching.eventsToDelete(EVENTS, r, 501L)));
    }

    @Test
    void emptyEventFilterObjectDeletesEverything() {
        assertEquals(EVENTS, CleanupMatching.eventsToDelete(EVENTS, rule("{\"eventFilter\":{}}"), 0L));
    }
}
