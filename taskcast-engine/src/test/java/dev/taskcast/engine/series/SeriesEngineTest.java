package dev.taskcast.engine.series;

import static dev.taskcast.engine.task.EngineFixture.assertJson;
import static dev.taskcast.engine.task.EngineFixture.indexes;
import static dev.taskcast.engine.task.EngineFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.api.BroadcastMessage;
import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.SinceCursor;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.engine.task.EngineFixture;
import dev.taskcast.engine.task.NewEvent;
import dev.taskcast.spi.Subscription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** model.md §8.1–§8.4 through the engine: keep-all, accumulate, latest, broadcast accumulated value. */
class SeriesEngineTest {
    private final EngineFixture f = EngineFixture.create();
    private final List<BroadcastMessage> broadcasts = new CopyOnWriteArrayList<>();
    private Subscription sub;

    @BeforeEach
    void start() {
        f.create("t");
        sub = f.engine.subscribe("t", broadcasts::add);
        f.to("t", TaskStatus.RUNNING); // status event: index 0
    }

    @AfterEach
    void close() {
        sub.close();
        f.close();
    }

    private TaskEvent acc(String data) {
        return f.publishSeries("t", "llm.delta", data, "s", SeriesMode.ACCUMULATE, null);
    }

    private TaskEvent accT(String data) {
        return f.publishSeries("t", "llm.delta", data, "s", SeriesMode.ACCUMULATE, "t");
    }

    private TaskEvent latest(String data) {
        return f.publishSeries("t", "progress", data, "p", SeriesMode.LATEST, null);
    }

    private void assertPointer(String seriesId, String dataJson) {
        assertJson(dataJson, f.engine.getSeriesLatest("t", seriesId).orElseThrow().data());
    }

    // ---- §8.3 latest -------------------------------------------------------------------

    @Test
    void latestReplacesInPlaceSoHistoryOrderDiffersFromIndexOrder() {
        // model.md §8.3: log(1), p=1 (2, latest), x(3), p=2 (4, latest) → history indexes 0, 1, 4, 3.
        TaskEvent log = f.publish("t", "log");
        TaskEvent p1 = latest("{\"pct\":1}");
        TaskEvent x = f.publish("t", "x");
        TaskEvent p2 = latest("{\"pct\":2}");

        assertEquals(List.of(1L, 2L, 3L, 4L), List.of(log.index(), p1.index(), x.index(), p2.index()),
                "every latest publish returns its own fresh index");
        List<TaskEvent> h = f.history("t");
        assertEquals(List.of(0L, 1L, 4L, 3L), indexes(h));
        TaskEvent kept = h.get(2);
        assertEquals(p2, kept, "the series' slot carries the newest event (id, index, timestamp, data)");
        assertTrue(h.stream().noneMatch(e -> e.id().equals(p1.id())), "the replaced event is gone");
        assertEquals(p2, f.engine.getSeriesLatest("t", "p").orElseThrow());
    }

    @Test
    void latestKeepsOneEventPerSeriesAtTheFirstPosition() {
        latest("{\"pct\":1}");
        f.tick(5);
        TaskEvent other = f.publishSeries("t", "progress", "{\"q\":1}", "q", SeriesMode.LATEST, null);
        latest("{\"pct\":2}");
        f.tick(5);
        TaskEvent p3 = latest("{\"pct\":3}");
        List<TaskEvent> h = f.history("t");
        assertEquals(List.of(0L, 4L, 2L), indexes(h));
        assertEquals(p3.timestamp(), h.get(1).timestamp());
        assertJson("{\"pct\":3}", h.get(1).data());
        assertEquals(other, h.get(2));
    }

    @Test
    void latestHistoryIsQueriedInListOrder() {
        f.publish("t", "log");
        latest("{\"pct\":1}");
        f.publish("t", "x");
        latest("{\"pct\":2}");
        // Raw index cursor over the list [0, 1, 4, 3]: index > 2 keeps 4 and 3 in list order.
        assertEquals(List.of(4L, 3L), indexes(f.engine.getEvents("t", EventQuery.since(SinceCursor.ofIndex(2)))));
        assertEquals(List.of(4L), indexes(f.engine.getEvents("t", EventQuery.since(SinceCursor.ofIndex(3)))));
    }

    @Test
    void everyLatestPublishIsBroadcastWithItsOwnIndexAndNoAccumulatedValue() {
        latest("{\"pct\":1}");
        latest("{\"pct\":2}");
        assertEquals(List.of(0L, 1L, 2L), broadcasts.stream().map(m -> m.event().index()).toList());
        assertTrue(broadcasts.stream().allMatch(m -> m.accumulatedData() == null));
    }

    // ---- §8.2 accumulate ---------------------------------------------------------------

    @Test
    void accumulateKeepsDeltasInHistoryAndTheSumInThePointer() {
        TaskEvent hel = acc("{\"delta\":\"Hel\"}");
        TaskEvent lo = acc("{\"delta\":\"lo\"}");

        assertJson("{\"delta\":\"Hel\"}", hel.data());
        assertJson("{\"delta\":\"lo\"}", lo.data()); // the publish returns the delta
        List<TaskEvent> h = f.history("t");
        assertEquals(List.of(hel, lo), h.subList(1, 3), "history holds both deltas");

        TaskEvent p = f.engine.getSeriesLatest("t", "s").orElseThrow();
        assertJson("{\"delta\":\"Hello\"}", p.data());
        assertEquals(lo.id(), p.id(), "the pointer carries the newest delta's id");
        assertEquals(lo.index(), p.index());
        assertEquals(lo.timestamp(), p.timestamp());
        assertEquals(lo.type(), p.type());
        assertEquals(lo.level(), p.level());
        assertEquals(SeriesMode.ACCUMULATE, p.seriesMode());
        assertNull(lo.seriesAccField(), "the default field is not written into the event");
        assertNull(p.seriesSnapshot());
    }

    @Test
    void accumulateWithCustomFieldFollowsTheSpecExample() {
        accT("{\"t\":\"a\",\"n\":1}");
        accT("{\"t\":\"b\",\"m\":2}");
        assertPointer("s", "{\"t\":\"ab\",\"m\":2}"); // keys of the previous value are not carried over
        accT("{\"t\":5}");
        assertPointer("s", "{\"t\":5}"); // non-string value resets
        accT("{\"t\":\"c\"}");
        assertPointer("s", "{\"t\":\"c\"}"); // previous value not a string: reset again
        assertEquals("t", f.history("t").getLast().seriesAccField());
    }

    @Test
    void defaultFieldIsDeltaEvenWhenOtherStringFieldsExist() {
        acc("{\"text\":\"a\"}");
        acc("{\"text\":\"b\"}");
        assertPointer("s", "{\"text\":\"b\"}");
    }

    @Test
    void nonObjectDataResetsTheAccumulation() {
        acc("{\"delta\":\"a\"}");
        acc("\"plain string\"");
        assertPointer("s", "\"plain string\"");
        acc("{\"delta\":\"b\"}");
        assertPointer("s", "{\"delta\":\"b\"}");
        acc("{\"delta\":\"c\"}");
        assertPointer("s", "{\"delta\":\"bc\"}");
        acc("[1,2]");
        assertPointer("s", "[1,2]");
    }

    @Test
    void missingFieldInTheNewDeltaResets() {
        acc("{\"delta\":\"a\"}");
        acc("{\"other\":1}");
        assertPointer("s", "{\"other\":1}");
    }

    @Test
    void accumulateBroadcastCarriesTheAccumulatedValueAndOthersNone() {
        f.publish("t", "plain", "{\"delta\":\"zz\"}");
        TaskEvent hel = acc("{\"delta\":\"Hel\"}");
        TaskEvent lo = acc("{\"delta\":\"lo\"}");
        f.publishSeries("t", "k", "{\"delta\":\"k\"}", "s2", SeriesMode.KEEP_ALL, null);
        latest("{\"pct\":1}");

        assertEquals(6, broadcasts.size());
        assertNull(broadcasts.get(0).accumulatedData(), "status event");
        assertNull(broadcasts.get(1).accumulatedData(), "plain event");
        assertEquals(hel, broadcasts.get(2).event(), "the broadcast event is the stored delta");
        assertJson("{\"delta\":\"Hel\"}", broadcasts.get(2).accumulatedData());
        assertEquals(lo, broadcasts.get(3).event());
        assertJson("{\"delta\":\"Hello\"}", broadcasts.get(3).accumulatedData());
        assertNull(broadcasts.get(4).accumulatedData(), "keep-all");
        assertNull(broadcasts.get(5).accumulatedData(), "latest");
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), broadcasts.stream().map(m -> m.event().index()).toList(),
                "a local subscriber sees increasing indexes");
    }

    @Test
    void seriesAreIndependentPerSeriesIdAndPerTask() {
        acc("{\"delta\":\"a\"}");
        f.publishSeries("t", "x", "{\"delta\":\"1\"}", "other", SeriesMode.ACCUMULATE, null);
        acc("{\"delta\":\"b\"}");
        f.createRunning("u");
        f.publishSeries("u", "x", "{\"delta\":\"z\"}", "s", SeriesMode.ACCUMULATE, null);
        assertPointer("s", "{\"delta\":\"ab\"}");
        assertPointer("other", "{\"delta\":\"1\"}");
        assertJson("{\"delta\":\"z\"}", f.engine.getSeriesLatest("u", "s").orElseThrow().data());
    }

    // ---- §8 an event takes part in a series only with both fields ----------------------

    @Test
    void onlySeriesIdIsAPlainEvent() {
        TaskEvent a = f.engine.publish("t", new NewEvent("x", Level.INFO, json("{\"delta\":\"a\"}"), "s", null, null));
        TaskEvent b = f.engine.publish("t", new NewEvent("x", Level.INFO, json("{\"delta\":\"b\"}"), "s", null, null));
        assertEquals(List.of(a, b), f.history("t").subList(1, 3));
        assertEquals("s", a.seriesId(), "the field it has is still stored and echoed");
        assertTrue(f.engine.getSeriesLatest("t", "s").isEmpty());
        assertNull(broadcasts.getLast().accumulatedData());
    }

    @Test
    void onlySeriesModeIsAPlainEvent() {
        TaskEvent a = f.publishSeries("t", "x", "{\"v\":1}", null, SeriesMode.LATEST, null);
        TaskEvent b = f.publishSeries("t", "x", "{\"v\":2}", null, SeriesMode.LATEST, null);
        TaskEvent c = f.publishSeries("t", "x", "{\"delta\":\"c\"}", null, SeriesMode.ACCUMULATE, null);
        assertEquals(List.of(a, b, c), f.history("t").subList(1, 4), "nothing replaced");
        assertEquals(SeriesMode.LATEST, a.seriesMode());
        assertNull(broadcasts.getLast().accumulatedData());
    }

    @Test
    void emptySeriesIdIsAPlainEvent() {
        TaskEvent a = f.publishSeries("t", "x", "{\"v\":1}", "", SeriesMode.LATEST, null);
        TaskEvent b = f.publishSeries("t", "x", "{\"v\":2}", "", SeriesMode.LATEST, null);
        assertEquals(List.of(a, b), f.history("t").subList(1, 3));
    }

    @Test
    void keepAllIsPlainAppend() {
        TaskEvent a = f.publishSeries("t", "x", "{\"v\":1}", "k", SeriesMode.KEEP_ALL, null);
        TaskEvent b = f.publishSeries("t", "x", "{\"v\":2}", "k", SeriesMode.KEEP_ALL, null);
        assertEquals(List.of(a, b), f.history("t").subList(1, 3));
        assertEquals(List.of(0L, 1L, 2L), indexes(f.history("t")));
        assertTrue(f.engine.getSeriesLatest("t", "k").isEmpty(), "keep-all keeps no pointer");
    }
}
