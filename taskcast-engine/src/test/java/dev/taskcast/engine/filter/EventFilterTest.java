package dev.taskcast.engine.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.api.Level;
import dev.taskcast.api.SubscribeFilter;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskcastJson;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** model.md §9.2 (type patterns) and §9.3 (event match). */
class EventFilterTest {

    static TaskEvent ev(String type, Level level) {
        return new TaskEvent("E", "t", 0, 0, type, level, null, null, null, null, null);
    }

    static SubscribeFilter filter(List<String> types, List<String> levels, Boolean includeStatus) {
        return new SubscribeFilter(types, levels, includeStatus, null, null, null);
    }

    @ParameterizedTest(name = "\"{0}\" vs \"{1}\" → {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            *           | llm.delta         | true
            *           | ''                | true
            *           | taskcast:status   | true
            llm.*       | llm.delta         | true
            llm.*       | llm.delta.chunk   | true
            llm.*       | llm               | false
            llm.*       | llmx.delta        | false
            llm.*       | llm.              | true
            llm.*       | LLM.delta         | false
            llm.delta   | llm.delta         | true
            llm.delta   | LLM.DELTA         | false
            llm.delta   | llm.delta.chunk   | false
            taskcast:*  | taskcast:status   | false
            taskcast:*  | taskcast:*        | true
            a.*.c       | a.b.c             | false
            a.*.c       | a.*.c             | true
            *.delta     | llm.delta         | false
            *.delta     | *.delta           | true
            a.b.*       | a.b.c             | true
            a.b.*       | a.bc              | false
            ''          | ''                | true
            ''          | x                 | false
            """)
    void typePatterns(String pattern, String type, boolean expected) {
        assertEquals(expected, EventFilter.matchesType(type, List.of(pattern)));
    }

    @Test
    void absentPatternsMatchEverythingAndEmptyPatternsNothing() {
        assertTrue(EventFilter.matchesType("anything", null));
        assertTrue(EventFilter.matchesType("", null));
        assertFalse(EventFilter.matchesType("anything", List.of()));
        assertFalse(EventFilter.matchesType("", List.of()));
    }

    @Test
    void anyPatternInTheListMayMatch() {
        assertTrue(EventFilter.matchesType("tool.call", List.of("llm.*", "tool.call")));
        assertTrue(EventFilter.matchesType("llm.x", List.of("nope", "llm.*")));
        assertFalse(EventFilter.matchesType("other", List.of("llm.*", "tool.call")));
    }

    @Test
    void nullFilterAndDefaultFilterMatchEverything() {
        TaskEvent status = ev(TaskEvent.STATUS_TYPE, Level.INFO);
        assertTrue(EventFilter.matches(status, null));
        assertTrue(EventFilter.matches(status, SubscribeFilter.ALL));
        assertTrue(EventFilter.matches(ev("x", Level.DEBUG), SubscribeFilter.ALL));
    }

    @Test
    void includeStatusFalseHidesExactlyTaskcastStatus() {
        SubscribeFilter noStatus = filter(null, null, false);
        assertFalse(EventFilter.matches(ev(TaskEvent.STATUS_TYPE, Level.INFO), noStatus));
        assertTrue(EventFilter.matches(ev("taskcast:blocked", Level.INFO), noStatus));
        assertTrue(EventFilter.matches(ev("taskcast:resolved", Level.INFO), noStatus));
        assertTrue(EventFilter.matches(ev("taskcast:statusx", Level.INFO), noStatus));
        assertTrue(EventFilter.matches(ev("Taskcast:status", Level.INFO), noStatus));
        assertTrue(EventFilter.matches(ev("llm.delta", Level.INFO), noStatus));
    }

    @Test
    void includeStatusTrueOrAbsentShowsStatusEvents() {
        TaskEvent status = ev(TaskEvent.STATUS_TYPE, Level.INFO);
        assertTrue(EventFilter.matches(status, filter(null, null, true)));
        assertTrue(EventFilter.matches(status, filter(null, null, null)));
    }

    @Test
    void includeStatusFalseWinsOverAMatchingTypePattern() {
        SubscribeFilter f = filter(List.of("*", TaskEvent.STATUS_TYPE), null, false);
        assertFalse(EventFilter.matches(ev(TaskEvent.STATUS_TYPE, Level.INFO), f));
    }

    @Test
    void typePatternsAlsoApplyToStatusEvents() {
        SubscribeFilter onlyLlm = filter(List.of("llm.*"), null, null);
        assertFalse(EventFilter.matches(ev(TaskEvent.STATUS_TYPE, Level.INFO), onlyLlm),
                "includeStatus does not bypass the type filter");
        assertTrue(EventFilter.matches(ev("llm.delta", Level.INFO), onlyLlm));
    }

    @Test
    void levels() {
        TaskEvent debug = ev("x", Level.DEBUG);
        TaskEvent info = ev("x", Level.INFO);
        assertTrue(EventFilter.matches(debug, filter(null, null, null)), "absent levels: everything");
        assertFalse(EventFilter.matches(info, filter(null, List.of(), null)), "empty levels: nothing");
        assertFalse(EventFilter.matches(info, filter(null, List.of("fatal"), null)), "unknown level never matches");
        assertTrue(EventFilter.matches(info, filter(null, List.of("fatal", "info"), null)));
        assertFalse(EventFilter.matches(debug, filter(null, List.of("info", "warn", "error"), null)));
        assertFalse(EventFilter.matches(info, filter(null, List.of("INFO"), null)), "level names are exact");
        assertTrue(EventFilter.matches(ev("x", Level.ERROR), filter(null, List.of("error"), null)));
    }

    @Test
    void allCriteriaMustHold() {
        SubscribeFilter f = filter(List.of("llm.*"), List.of("debug"), false);
        assertTrue(EventFilter.matches(ev("llm.delta", Level.DEBUG), f));
        assertFalse(EventFilter.matches(ev("llm.delta", Level.INFO), f));
        assertFalse(EventFilter.matches(ev("tool", Level.DEBUG), f));
    }

    @Test
    void storedWebhookFilterIsReadLeniently() {
        SubscribeFilter f = SubscribeFilter.from(TaskcastJson.tree(
                "{\"types\":[\"llm.*\"],\"levels\":[],\"includeStatus\":false}"));
        assertFalse(EventFilter.matches(ev("llm.delta", Level.INFO), f), "present-but-empty levels match nothing");
        SubscribeFilter onlyTypes = SubscribeFilter.from(TaskcastJson.tree("{\"types\":[\"llm.*\"]}"));
        assertTrue(EventFilter.matches(ev("llm.delta", Level.WARN), onlyTypes));
        assertTrue(EventFilter.matches(ev(TaskEvent.STATUS_TYPE, Level.INFO),
                SubscribeFilter.from(TaskcastJson.tree("{}"))));
    }
}
