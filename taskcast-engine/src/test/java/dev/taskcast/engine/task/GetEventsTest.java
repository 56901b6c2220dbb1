package dev.taskcast.engine.task;

import static dev.taskcast.engine.task.EngineFixture.indexes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskcast.api.EventQuery;
import dev.taskcast.api.SinceCursor;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * model.md §5.5 / §9.5, short-term row: the meaning of each {@code since} cursor at engine/store
 * level, cursor precedence, NaN cursors and first-N {@code limit}.
 *
 * <p>History used throughout: status event (index 0, t=T0+10), a (1, T0+20), b (2, T0+30), c (3, T0+40).
 */
class GetEventsTest {
    private static final long T0 = EngineFixture.T0;
    private final EngineFixture f = EngineFixture.create();
    private TaskEvent a;
    private TaskEvent b;
    private TaskEvent c;

    @BeforeEach
    void history() {
        f.create("t");
        f.tick(10);
        f.to("t", TaskStatus.RUNNING);
        f.tick(10);
        a = f.publish("t", "a");
        f.tick(10);
        b = f.publish("t", "b");
        f.tick(10);
        c = f.publish("t", "c");
    }

    @AfterEach
    void close() {
        f.close();
    }

    private List<Long> query(SinceCursor since, Integer limit) {
        return indexes(f.engine.getEvents("t", new EventQuery(since, limit)));
    }

    private List<Long> since(SinceCursor since) {
        return query(since, null);
    }

    @Test
    void noCursorReturnsEverythingInListOrder() {
        assertEquals(List.of(0L, 1L, 2L, 3L), since(null));
        assertEquals(List.of(0L, 1L, 2L, 3L), since(SinceCursor.NONE));
    }

    @Test
    void sinceIndexIsTheRawIndexIncludingStatusEvents() {
        assertEquals(List.of(2L, 3L), since(SinceCursor.ofIndex(1)));
        assertEquals(List.of(1L, 2L, 3L), since(SinceCursor.ofIndex(0)));
        assertEquals(List.of(0L, 1L, 2L, 3L), since(SinceCursor.ofIndex(-1)));
        assertEquals(List.of(), since(SinceCursor.ofIndex(3)), "a caught-up cursor yields nothing");
        assertEquals(List.of(), since(SinceCursor.ofIndex(99)));
    }

    @Test
    void fractionalIndexComparesNumerically() {
        assertEquals(List.of(2L, 3L), since(SinceCursor.ofIndex(1.5)));
    }

    @Test
    void nanIndexMatchesNothing() {
        assertEquals(List.of(), since(SinceCursor.ofIndex(Double.NaN)));
    }

    @Test
    void sinceIdIsThePositionInTheHistoryList() {
        assertEquals(List.of(2L, 3L), since(SinceCursor.ofId(a.id())));
        assertEquals(List.of(), since(SinceCursor.ofId(c.id())));
    }

    @Test
    void unknownIdFiltersNothing() {
        assertEquals(List.of(0L, 1L, 2L, 3L), since(SinceCursor.ofId("01UNKNOWNUNKNOWNUNKNOWNUNK")));
    }

    @Test
    void emptyIdIsIgnored() {
        assertEquals(List.of(0L, 1L, 2L, 3L), since(SinceCursor.ofId("")));
        assertEquals(List.of(3L), since(new SinceCursor("", 2.0, null)), "falls through to the index cursor");
    }

    @Test
    void sinceTimestampIsStrictlyAfter() {
        assertEquals(List.of(2L, 3L), since(SinceCursor.ofTimestamp(T0 + 20)));
        assertEquals(List.of(2L, 3L), since(SinceCursor.ofTimestamp(T0 + 20.5)));
        assertEquals(List.of(0L, 1L, 2L, 3L), since(SinceCursor.ofTimestamp(0)));
        assertEquals(List.of(), since(SinceCursor.ofTimestamp(T0 + 40)));
    }

    @Test
    void nanTimestampMatchesNothing() {
        assertEquals(List.of(), since(SinceCursor.ofTimestamp(Double.NaN)));
    }

    @Test
    void onlyTheFirstPresentCursorApplies() {
        // id beats index: index 2 alone would give [3].
        assertEquals(List.of(2L, 3L), since(new SinceCursor(a.id(), 2.0, null)));
        // unknown id still wins (and filters nothing), index is not consulted.
        assertEquals(List.of(0L, 1L, 2L, 3L), since(new SinceCursor("unknown", 2.0, (double) T0 + 30)));
        // index beats timestamp: timestamp T0+10 alone would give [1,2,3].
        assertEquals(List.of(3L), since(new SinceCursor(null, 2.0, (double) T0 + 10)));
        // id beats timestamp.
        assertEquals(List.of(3L), since(new SinceCursor(b.id(), null, 0.0)));
    }

    @Test
    void limitKeepsTheFirstNAfterTheCursor() {
        assertEquals(List.of(0L, 1L), query(null, 2));
        assertEquals(List.of(1L, 2L), query(SinceCursor.ofIndex(0), 2));
        assertEquals(List.of(2L), query(SinceCursor.ofId(a.id()), 1));
        assertEquals(List.of(0L, 1L, 2L, 3L), query(null, 100));
    }

    @Test
    void historyOfUnknownTaskIsEmpty() {
        assertEquals(List.of(), indexes(f.engine.getEvents("other", EventQuery.ALL)));
    }
}
