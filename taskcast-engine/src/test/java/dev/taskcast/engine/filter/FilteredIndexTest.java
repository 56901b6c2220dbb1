package dev.taskcast.engine.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskcast.api.Level;
import dev.taskcast.api.SinceCursor;
import dev.taskcast.api.SubscribeFilter;
import dev.taskcast.api.TaskEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** model.md §9.4: filtered index numbering and the SSE meaning of {@code since.index}. */
class FilteredIndexTest {
    /** Raw indexes 0..5: status, llm.a, tool, llm.b, status, llm.c. */
    private static final List<TaskEvent> EVENTS = List.of(
            ev(0, TaskEvent.STATUS_TYPE), ev(1, "llm.a"), ev(2, "tool"), ev(3, "llm.b"),
            ev(4, TaskEvent.STATUS_TYPE), ev(5, "llm.c"));

    private static TaskEvent ev(long index, String type) {
        return new TaskEvent("E" + index, "t", index, index, type, Level.INFO, null, null, null, null, null);
    }

    private static SubscribeFilter llm(SinceCursor since) {
        return new SubscribeFilter(List.of("llm.*"), null, null, since, null, null);
    }

    /** Pairs "filteredIndex:rawIndex". */
    private static List<String> numbered(List<FilteredEvent> out) {
        return out.stream().map(fe -> fe.filteredIndex() + ":" + fe.event().index()).toList();
    }

    @Test
    void matchingEventsAreNumberedFromZeroInListOrder() {
        assertEquals(List.of("0:1", "1:3", "2:5"), numbered(FilteredIndex.apply(EVENTS, llm(null))));
    }

    @Test
    void withoutFilterEveryEventIsNumbered() {
        assertEquals(List.of("0:0", "1:1", "2:2", "3:3", "4:4", "5:5"), numbered(FilteredIndex.apply(EVENTS, null)));
        assertEquals(6, FilteredIndex.apply(EVENTS, SubscribeFilter.ALL).size());
    }

    @Test
    void sinceIndexDropsNumberedEventsButKeepsTheirNumbers() {
        assertEquals(List.of("2:5"), numbered(FilteredIndex.apply(EVENTS, llm(SinceCursor.ofIndex(1)))));
        assertEquals(List.of("1:3", "2:5"), numbered(FilteredIndex.apply(EVENTS, llm(SinceCursor.ofIndex(0)))));
        assertEquals(List.of(), numbered(FilteredIndex.apply(EVENTS, llm(SinceCursor.ofIndex(2)))));
        assertEquals(List.of(), numbered(FilteredIndex.apply(EVENTS, llm(SinceCursor.ofIndex(50)))));
    }

    @Test
    void sinceIndexRefersToTheFilteredSequenceNotRawIndexes() {
        // Raw index 3 is llm.b, but since.index=3 on the filtered sequence (0..2) drops everything,
        // while since.index=0 keeps raw 3 and 5.
        assertEquals(List.of(), FilteredIndex.apply(EVENTS, llm(SinceCursor.ofIndex(3))));
        assertEquals(List.of("1:3", "2:5"), numbered(FilteredIndex.apply(EVENTS, llm(SinceCursor.ofIndex(0)))));
    }

    @Test
    void fractionalAndNegativeSinceIndex() {
        assertEquals(List.of("2:5"), numbered(FilteredIndex.apply(EVENTS, llm(SinceCursor.ofIndex(1.5)))));
        assertEquals(List.of("0:1", "1:3", "2:5"), numbered(FilteredIndex.apply(EVENTS, llm(SinceCursor.ofIndex(-1)))));
    }

    @Test
    void nanSinceIndexDropsNothing() {
        assertEquals(List.of("0:1", "1:3", "2:5"),
                numbered(FilteredIndex.apply(EVENTS, llm(SinceCursor.ofIndex(Double.NaN)))));
    }

    @Test
    void otherCursorsAreNotAppliedHere() {
        SubscribeFilter f = llm(new SinceCursor("E3", null, 4.0));
        assertEquals(List.of("0:1", "1:3", "2:5"), numbered(FilteredIndex.apply(EVENTS, f)));
    }

    @Test
    void includeStatusFalseShiftsTheNumbering() {
        SubscribeFilter noStatus = new SubscribeFilter(null, null, false, SinceCursor.ofIndex(1), null, null);
        assertEquals(List.of("2:3", "3:5"), numbered(FilteredIndex.apply(EVENTS, noStatus)));
    }

    @Test
    void emptyTypeListNumbersNothing() {
        SubscribeFilter none = new SubscribeFilter(List.of(), null, null, null, null, null);
        assertEquals(List.of(), FilteredIndex.apply(EVENTS, none));
        assertEquals(0, FilteredIndex.countMatching(EVENTS, none));
    }

    @Test
    void countMatchingIgnoresTheCursor() {
        assertEquals(3, FilteredIndex.countMatching(EVENTS, llm(null)));
        assertEquals(3, FilteredIndex.countMatching(EVENTS, llm(SinceCursor.ofIndex(1))));
        assertEquals(6, FilteredIndex.countMatching(EVENTS, null));
        assertEquals(0, FilteredIndex.countMatching(List.of(), null));
    }

    @Test
    void listOrderNotRawIndexOrderDefinesNumbering() {
        // A latest-series history has indexes 0, 1, 4, 3 (model.md §8.3).
        List<TaskEvent> latestHistory = List.of(ev(0, "s"), ev(1, "log"), ev(4, "p"), ev(3, "x"));
        assertEquals(List.of("0:0", "1:1", "2:4", "3:3"), numbered(FilteredIndex.apply(latestHistory, null)));
    }
}
