package dev.taskcast.engine.series;

import static dev.taskcast.engine.task.EngineFixture.assertJson;
import static dev.taskcast.engine.task.EngineFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.engine.task.EngineFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** model.md §8.6: snapshot collapse of accumulate series. */
class SnapshotCollapseTest {
    private static final Function<String, Optional<TaskEvent>> NO_POINTERS = s -> Optional.empty();

    private static TaskEvent ev(long index, String type, String data, String seriesId, SeriesMode mode) {
        return new TaskEvent("E" + index, "t", index, 1000 + index, type, Level.INFO, data == null ? null : json(data),
                seriesId, mode, null, null);
    }

    private static TaskEvent delta(long index, String seriesId, String text) {
        return ev(index, "llm.delta", "{\"delta\":\"" + text + "\"}", seriesId, SeriesMode.ACCUMULATE);
    }

    private static Function<String, Optional<TaskEvent>> pointers(Map<String, TaskEvent> map) {
        return s -> Optional.ofNullable(map.get(s));
    }

    @Test
    void snapshotSitsAtTheFirstDeltaWithThePointersContent() {
        TaskEvent status = ev(0, TaskEvent.STATUS_TYPE, "{\"status\":\"running\"}", null, null);
        TaskEvent d1 = delta(1, "s", "Hel");
        TaskEvent log = ev(2, "log", null, null, null);
        TaskEvent d2 = delta(3, "s", "lo");
        TaskEvent pointer = d2.withData(json("{\"delta\":\"Hello\"}"));

        List<TaskEvent> out = SnapshotCollapse.collapse(List.of(status, d1, log, d2), pointers(Map.of("s", pointer)));

        assertEquals(List.of(status, pointer.asSnapshot(), log), out);
        TaskEvent snap = out.get(1);
        assertEquals("E3", snap.id(), "id of the newest delta");
        assertEquals(3, snap.index());
        assertEquals(1003, snap.timestamp());
        assertJson("{\"delta\":\"Hello\"}", snap.data());
        assertEquals(Boolean.TRUE, snap.seriesSnapshot());
    }

    @Test
    void pointerNewerThanTheListWins() {
        // The list was cut by a limit after the first two deltas; the pointer knows delta 9.
        List<TaskEvent> cut = List.of(delta(1, "s", "a"), delta(2, "s", "b"));
        TaskEvent pointer = delta(9, "s", "ignored").withData(json("{\"delta\":\"abcdefghi\"}"));
        List<TaskEvent> out = SnapshotCollapse.collapse(cut, pointers(Map.of("s", pointer)));
        assertEquals(1, out.size());
        assertEquals("E9", out.getFirst().id());
        assertEquals(9, out.getFirst().index());
        assertJson("{\"delta\":\"abcdefghi\"}", out.getFirst().data());
        assertTrue(out.getFirst().isSnapshot());
    }

    @Test
    void withoutPointerTheLastEventOfTheSeriesInTheListIsUsed() {
        TaskEvent d1 = delta(1, "s", "a");
        TaskEvent x = ev(2, "x", null, null, null);
        TaskEvent d3 = delta(3, "s", "b");
        List<TaskEvent> out = SnapshotCollapse.collapse(List.of(d1, x, d3), NO_POINTERS);
        assertEquals(List.of(d3.asSnapshot(), x), out);
    }

    @Test
    void keepAllAndLatestEventsAreUntouchedEvenWithTheSameSeriesId() {
        TaskEvent d1 = delta(1, "s", "a");
        TaskEvent keep = ev(2, "k", "{\"delta\":\"k\"}", "s", SeriesMode.KEEP_ALL);
        TaskEvent latest = ev(3, "l", "{\"v\":1}", "s", SeriesMode.LATEST);
        TaskEvent d4 = delta(4, "s", "b");
        List<TaskEvent> out = SnapshotCollapse.collapse(List.of(d1, keep, latest, d4), NO_POINTERS);
        assertEquals(List.of(d4.asSnapshot(), keep, latest), out);
        assertNull(out.get(1).seriesSnapshot(), "seriesSnapshot only on the snapshot");
        assertNull(out.get(2).seriesSnapshot());
    }

    @Test
    void eachSeriesCollapsesIndependently() {
        TaskEvent a1 = delta(1, "a", "1");
        TaskEvent b1 = delta(2, "b", "x");
        TaskEvent a2 = delta(3, "a", "2");
        TaskEvent b2 = delta(4, "b", "y");
        TaskEvent pa = a2.withData(json("{\"delta\":\"12\"}"));
        List<TaskEvent> out = SnapshotCollapse.collapse(List.of(a1, b1, a2, b2), pointers(Map.of("a", pa)));
        assertEquals(List.of(pa.asSnapshot(), b2.asSnapshot()), out);
    }

    @Test
    void accumulateEventWithoutSeriesIdIsNotCollapsed() {
        TaskEvent noId = ev(1, "x", "{\"delta\":\"a\"}", null, SeriesMode.ACCUMULATE);
        TaskEvent emptyId = ev(2, "x", "{\"delta\":\"b\"}", "", SeriesMode.ACCUMULATE);
        List<TaskEvent> in = List.of(noId, emptyId);
        assertEquals(in, SnapshotCollapse.collapse(in, s -> {
            throw new AssertionError("no pointer lookup expected for " + s);
        }));
    }

    @Test
    void emptyAndSeriesFreeListsAreReturnedUnchanged() {
        assertEquals(List.of(), SnapshotCollapse.collapse(List.of(), NO_POINTERS));
        List<TaskEvent> plain = List.of(ev(0, "a", null, null, null), ev(1, "b", "{}", "s", SeriesMode.LATEST),
                ev(2, "c", "{}", "k", SeriesMode.KEEP_ALL));
        assertEquals(plain, SnapshotCollapse.collapse(plain, NO_POINTERS));
    }

    @Test
    void inputListIsNotModified() {
        List<TaskEvent> in = new ArrayList<>(List.of(delta(1, "s", "a"), delta(2, "s", "b")));
        List<TaskEvent> copy = List.copyOf(in);
        SnapshotCollapse.collapse(in, NO_POINTERS);
        assertEquals(copy, in);
    }

    @Test
    void collapseOfAnEngineHistoryWithTheEnginesPointers() {
        try (EngineFixture f = EngineFixture.create()) {
            f.createRunning("t");
            f.publishSeries("t", "llm.delta", "{\"delta\":\"Hel\"}", "s", SeriesMode.ACCUMULATE, null);
            f.publish("t", "log");
            TaskEvent last = f.publishSeries("t", "llm.delta", "{\"delta\":\"lo\"}", "s", SeriesMode.ACCUMULATE, null);
            f.publishSeries("t", "llm.delta", "{\"delta\":\"!\"}", "s", SeriesMode.ACCUMULATE, null);

            // A limit cuts the list after the second delta; the pointer already knows the third.
            List<TaskEvent> firstFour = f.engine.getEvents("t", new EventQuery(null, 4));
            assertEquals(last.index(), firstFour.getLast().index());
            List<TaskEvent> out = SnapshotCollapse.collapse(firstFour, s -> f.engine.getSeriesLatest("t", s));

            assertEquals(List.of(TaskEvent.STATUS_TYPE, "llm.delta", "log"), EngineFixture.types(out));
            TaskEvent snap = out.get(1);
            assertTrue(snap.isSnapshot());
            assertEquals(4, snap.index());
            assertJson("{\"delta\":\"Hello!\"}", snap.data());
            assertTrue(f.history("t").stream().noneMatch(TaskEvent::isSnapshot), "snapshots are never stored");
            assertEquals(TaskStatus.RUNNING, f.engine.getTask("t").orElseThrow().status());
        }
    }
}
