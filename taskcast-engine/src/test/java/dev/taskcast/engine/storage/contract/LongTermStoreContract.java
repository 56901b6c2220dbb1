package dev.taskcast.engine.storage.contract;

import static dev.taskcast.engine.storage.contract.StorageFixtures.T0;
import static dev.taskcast.engine.storage.contract.StorageFixtures.event;
import static dev.taskcast.engine.storage.contract.StorageFixtures.json;
import static dev.taskcast.engine.storage.contract.StorageFixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.SinceCursor;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskError;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.spi.LongTermStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The long-term store contract (storage.md §3, §5.3, §5.4) as a reusable suite: a provider module
 * extends this class and implements {@link #newStore()}.
 *
 * <p>Rows are the PostgreSQL ones: an event's task row must exist first (foreign key), absent
 * {@code data} reads back as JSON {@code null}, series are compacted to one row that keeps the
 * first row's id and index. Ids are unique per test so the suite can share a database.
 */
public abstract class LongTermStoreContract {
    /** The store under test: a fresh one per test (it may share its database with others). */
    protected LongTermStore store;
    private final String prefix = StorageFixtures.uniquePrefix();

    /** A store for one test; called once before every test. */
    protected abstract LongTermStore newStore();

    /** Releases what {@link #newStore()} created; by default closes it. */
    protected void releaseStore(LongTermStore released) throws Exception {
        released.close();
    }

    /** Upper bound for every concurrent section of the suite. */
    protected Duration timeout() {
        return Duration.ofSeconds(60);
    }

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        releaseStore(store);
    }

    // ---------------------------------------------------------------- tasks

    @Test
    void getTaskOfUnknownIdIsEmpty() {
        assertEquals(Optional.empty(), store.getTask(taskId("missing")));
    }

    @Test
    void taskRoundTripsEveryColumn() {
        Task full = Task.builder(taskId("full"), TaskStatus.FAILED, T0)
                .type("llm.chat")
                .params(json("{\"prompt\":\"Hello\",\"n\":[1,2.5,null,true]}"))
                .result(json("{\"output\":\"Hi\"}"))
                .error(new TaskError("E1", "boom", json("{\"line\":3}")))
                .metadata(json("{\"owner\":\"ü/ñ\"}"))
                .updatedAt(T0 + 42)
                .completedAt(T0 + 42)
                .ttl(3600)
                .authConfig(json("{\"rules\":[]}"))
                .webhooks(json("[{\"url\":\"http://example.test/hook\",\"custom\":1}]"))
                .cleanup(json("{\"rules\":[{\"target\":\"events\"}]}"))
                .tags(List.of("gpu", "eu"))
                .assignMode("pull")
                .cost(2)
                .disconnectPolicy("fail")
                .assignedWorker("w1")
                .build();

        store.saveTask(full);

        assertEquals(Optional.of(full), store.getTask(full.id()));
    }

    @Test
    void absentTaskFieldsStayAbsent() {
        Task minimal = task(taskId("minimal"), TaskStatus.PENDING);

        store.saveTask(minimal);

        assertEquals(Optional.of(minimal), store.getTask(minimal.id()));
    }

    /** §5.1: {@code reason}, {@code resumeAt} and {@code blockedRequest} have no column. */
    @Test
    void suspendedStateFieldsAreNotKept() {
        Task blocked = task(taskId("blocked"), TaskStatus.BLOCKED).toBuilder()
                .reason("approval").resumeAt(T0 + 5).blockedRequest(json("{\"type\":\"ok\",\"data\":1}")).build();

        store.saveTask(blocked);

        assertEquals(Optional.of(task(blocked.id(), TaskStatus.BLOCKED)), store.getTask(blocked.id()));
    }

    /** §5.3: the upsert updates the transition fields and keeps the create-only ones. */
    @Test
    void saveTaskUpsertsAndKeepsTheFirstWrittenCreateOnlyFields() {
        String id = taskId("t");
        Task created = Task.builder(id, TaskStatus.PENDING, T0)
                .type("first").params(json("{\"p\":1}")).metadata(json("{\"m\":1}"))
                .authConfig(json("{\"rules\":[]}")).webhooks(json("[]")).cleanup(json("{\"rules\":[]}"))
                .build();
        Task rewritten = Task.builder(id, TaskStatus.RUNNING, T0 + 999)
                .type("second").params(json("{\"p\":2}")).metadata(json("{\"m\":2}"))
                .authConfig(json("{\"rules\":[{}]}")).webhooks(json("[{\"url\":\"http://x.test\"}]"))
                .cleanup(json("{\"rules\":[{}]}"))
                .result(json("{\"r\":1}")).error(new TaskError(null, "m", null))
                .updatedAt(T0 + 7).ttl(60).tags(List.of("t")).assignMode("external").cost(3)
                .assignedWorker("w").disconnectPolicy("mark")
                .build();

        store.saveTask(created);
        store.saveTask(rewritten);

        Task expected = rewritten.toBuilder()
                .type("first").params(json("{\"p\":1}")).createdAt(T0)
                .authConfig(json("{\"rules\":[]}")).webhooks(json("[]")).cleanup(json("{\"rules\":[]}"))
                .build();
        assertEquals(Optional.of(expected), store.getTask(id));
    }

    /** §5.3 SHOULD: a terminal row is only overwritten with the same status. */
    @Test
    void aTerminalTaskRowKeepsItsStatus() {
        String id = taskId("t");
        Task completed = task(id, TaskStatus.COMPLETED).toBuilder().completedAt(T0 + 1).result(json("{\"v\":1}")).build();
        Task completedAgain = completed.toBuilder().result(json("{\"v\":2}")).updatedAt(T0 + 2).build();
        store.saveTask(completed);

        store.saveTask(task(id, TaskStatus.RUNNING).toBuilder().updatedAt(T0 + 3).build());
        assertEquals(Optional.of(completed), store.getTask(id), "a stale non-terminal write is ignored");

        store.saveTask(completedAgain);
        assertEquals(Optional.of(completedAgain), store.getTask(id), "the same terminal status may be rewritten");
    }

    // ---------------------------------------------------------------- plain events

    @Test
    void getEventsOfATaskWithoutEventsIsEmpty() {
        assertEquals(List.of(), store.getEvents(savedTask("t"), EventQuery.ALL));
        assertEquals(List.of(), store.getEvents(taskId("missing"), EventQuery.ALL));
    }

    @Test
    void savedEventsComeBackWithNullForAbsentData() {
        String id = savedTask("t");
        TaskEvent absent = event(id, 0).noData().build();
        TaskEvent nullData = event(id, 1).data(NullNode.getInstance()).build();
        TaskEvent full = event(id, 2).type("llm.delta").level(Level.WARN).data("{\"a\":[1,\"ü\"]}")
                .series("s", SeriesMode.KEEP_ALL).accField("text").build();
        TaskEvent onlySeriesId = event(id, 3).series("s", null).data("\"x\"").build();
        List.of(absent, nullData, full, onlySeriesId).forEach(store::saveEvent);

        assertEquals(List.of(absent.withData(NullNode.getInstance()), nullData, full, onlySeriesId),
                store.getEvents(id, EventQuery.ALL));
    }

    @Test
    void aSnapshotFlagIsNotStored() {
        String id = savedTask("t");
        TaskEvent plain = event(id, 0).build();

        store.saveEvent(plain.asSnapshot());

        assertEquals(List.of(plain), store.getEvents(id, EventQuery.ALL));
    }

    @Test
    void savingAnEventIdTwiceKeepsTheFirst() {
        String id = savedTask("t");
        TaskEvent first = event(id, 0).data("{\"v\":1}").build();

        store.saveEvent(first);
        store.saveEvent(first.withData(json("{\"v\":2}")));

        assertEquals(List.of(first), store.getEvents(id, EventQuery.ALL));
    }

    @Test
    void anotherEventWithATakenIndexIsRejected() {
        String id = savedTask("t");
        store.saveEvent(event(id, 0).build());

        assertThrows(RuntimeException.class, () -> store.saveEvent(event(id, 0).build()));
    }

    @Test
    void eventsAreOrderedByIndexNotBySaveOrder() {
        String id = savedTask("t");
        TaskEvent e0 = event(id, 0).build();
        TaskEvent e1 = event(id, 1).build();
        TaskEvent e2 = event(id, 2).build();
        List.of(e2, e0, e1).forEach(store::saveEvent);

        assertEquals(List.of(e0, e1, e2), store.getEvents(id, EventQuery.ALL));
    }

    @Test
    void eventsOfOtherTasksAreNotReturned() {
        String a = savedTask("a");
        String b = savedTask("b");
        TaskEvent ofA = event(a, 0).build();
        store.saveEvent(ofA);
        store.saveEvent(event(b, 0).build());

        assertEquals(List.of(ofA), store.getEvents(a, EventQuery.ALL));
    }

    // ---------------------------------------------------------------- cursors

    @Test
    void sinceIndexKeepsRowsWithAHigherIndex() {
        String id = savedTask("t");
        List<TaskEvent> events = savePlainEvents(id, 5);

        assertEquals(events.subList(3, 5), query(id, SinceCursor.ofIndex(2), null));
        assertEquals(events.subList(3, 5), query(id, SinceCursor.ofIndex(2.5), null), "fractional cursor");
        assertEquals(events, query(id, SinceCursor.ofIndex(-1), null));
        assertEquals(List.of(), query(id, SinceCursor.ofIndex(Double.NaN), null), "NaN matches nothing");
    }

    @Test
    void sinceTimestampKeepsRowsStrictlyAfterIt() {
        String id = savedTask("t");
        List<TaskEvent> events = List.of(
                event(id, 0).timestamp(1000).build(),
                event(id, 1).timestamp(1000).build(),
                event(id, 2).timestamp(2000).build());
        events.forEach(store::saveEvent);

        assertEquals(events.subList(2, 3), query(id, SinceCursor.ofTimestamp(1000), null));
        assertEquals(events.subList(2, 3), query(id, SinceCursor.ofTimestamp(1000.5), null));
        assertEquals(events, query(id, SinceCursor.ofTimestamp(999), null));
    }

    @Test
    void sinceIdKeepsRowsAfterThatRowsIndex() {
        String id = savedTask("t");
        List<TaskEvent> events = savePlainEvents(id, 4);

        assertEquals(events.subList(2, 4), query(id, SinceCursor.ofId(events.get(1).id()), null));
        assertEquals(events, query(id, SinceCursor.ofId(StorageFixtures.newEventId()), null), "unknown id: idx > -1");
    }

    /** §5.4: the anchor row is looked up by id alone, without restricting it to the task. */
    @Test
    void sinceIdOfAnotherTasksEventUsesThatRowsIndex() {
        String id = savedTask("t");
        String other = savedTask("other");
        List<TaskEvent> events = savePlainEvents(id, 4);
        TaskEvent foreign = event(other, 1).build();
        store.saveEvent(foreign);

        assertEquals(events.subList(2, 4), query(id, SinceCursor.ofId(foreign.id()), null));
    }

    @Test
    void cursorPrecedenceIsIndexThenTimestampThenId() {
        String id = savedTask("t");
        List<TaskEvent> events = savePlainEvents(id, 5);
        String idOfFirst = events.get(0).id();
        double timestampOfSecond = events.get(1).timestamp();

        assertEquals(events.subList(4, 5), query(id, new SinceCursor(idOfFirst, 3.0, timestampOfSecond), null));
        assertEquals(events.subList(2, 5), query(id, new SinceCursor(idOfFirst, null, timestampOfSecond), null));
        assertEquals(events, query(id, new SinceCursor("", null, null), null), "empty id is no cursor");
    }

    @Test
    void limitKeepsTheFirstRowsAfterTheCursor() {
        String id = savedTask("t");
        List<TaskEvent> events = savePlainEvents(id, 6);

        assertEquals(events.subList(0, 2), query(id, null, 2));
        assertEquals(events.subList(2, 4), query(id, SinceCursor.ofIndex(1), 2));
        assertEquals(events, query(id, null, 100));
    }

    // ---------------------------------------------------------------- latest compaction

    @Test
    void replaceInsertsTheFirstEventOfALatestSeries() {
        String id = savedTask("t");
        TaskEvent p = event(id, 1).series("p", SeriesMode.LATEST).noData().build();

        store.replaceLastSeriesEvent(id, "p", p);

        assertEquals(List.of(p.withData(NullNode.getInstance())), store.getEvents(id, EventQuery.ALL));
    }

    @Test
    void replaceKeepsOneRowWithTheFirstIdAndIndexAndTheNewestContent() {
        String id = savedTask("t");
        TaskEvent log = event(id, 0).build();
        TaskEvent p1 = event(id, 1).type("p").series("p", SeriesMode.LATEST).data("{\"v\":1}").build();
        TaskEvent x = event(id, 2).build();
        TaskEvent p2 = event(id, 3).type("progress").level(Level.DEBUG).series("p", SeriesMode.LATEST)
                .accField("ignored").data("{\"v\":2}").build();

        store.saveEvent(log);
        store.replaceLastSeriesEvent(id, "p", p1);
        store.saveEvent(x);
        store.replaceLastSeriesEvent(id, "p", p2);

        assertEquals(List.of(log, row(p1, p2), x), store.getEvents(id, EventQuery.ALL));
    }

    @Test
    void replaceCollapsesSeveralRowsAndLeavesOtherSeriesAndModesAlone() {
        String id = savedTask("t");
        TaskEvent p1 = event(id, 1).series("p", SeriesMode.LATEST).build();
        TaskEvent p2 = event(id, 2).series("p", SeriesMode.LATEST).build();
        TaskEvent sameIdOtherMode = event(id, 3).series("p", SeriesMode.KEEP_ALL).build();
        TaskEvent otherSeries = event(id, 4).series("q", SeriesMode.LATEST).build();
        List.of(p1, p2, sameIdOtherMode, otherSeries).forEach(store::saveEvent);
        TaskEvent p3 = event(id, 5).series("p", SeriesMode.LATEST).data("{\"v\":3}").build();

        store.replaceLastSeriesEvent(id, "p", p3);

        assertEquals(List.of(row(p1, p3), sameIdOtherMode, otherSeries), store.getEvents(id, EventQuery.ALL));
    }

    // ---------------------------------------------------------------- accumulate compaction

    @Test
    void accumulateKeepsOneRowWithTheFirstIdAndIndexAndTheFullValue() {
        String id = savedTask("t");
        TaskEvent hel = event(id, 1).delta("s", "Hel").build();
        TaskEvent lo = event(id, 2).type("llm.delta").level(Level.DEBUG).delta("s", "lo").build();

        assertEquals(hel, store.accumulateSeries(id, "s", hel, "delta"));
        TaskEvent accumulated = store.accumulateSeries(id, "s", lo, "delta");

        assertEquals(lo.withData(json("{\"delta\":\"Hello\"}")), accumulated, "the returned event is the new one, merged");
        assertEquals(List.of(row(hel, accumulated)), store.getEvents(id, EventQuery.ALL));
    }

    @Test
    void accumulateFollowsTheMergeRulesWithTheRowsDataAsPrevious() {
        String id = savedTask("t");
        TaskEvent first = accumulate(id, 1, "{\"t\":\"a\",\"n\":1}");

        assertEquals(json("{\"t\":\"ab\",\"m\":2}"), accumulate(id, 2, "{\"t\":\"b\",\"m\":2}").data());
        assertEquals(json("{\"t\":5}"), accumulate(id, 3, "{\"t\":5}").data());
        TaskEvent last = accumulate(id, 4, "{\"t\":\"c\"}");

        assertEquals(json("{\"t\":\"c\"}"), last.data());
        assertEquals(List.of(row(first, last)), store.getEvents(id, EventQuery.ALL));
    }

    @Test
    void accumulateStoresAbsentDataAsNull() {
        String id = savedTask("t");
        TaskEvent start = event(id, 1).delta("s", "a").build();
        TaskEvent empty = event(id, 2).series("s", SeriesMode.ACCUMULATE).noData().build();
        store.accumulateSeries(id, "s", start, "delta");

        assertEquals(empty, store.accumulateSeries(id, "s", empty, "delta"));
        assertEquals(List.of(row(start, empty)), store.getEvents(id, EventQuery.ALL));
    }

    @Test
    void accumulateTakesTheLastRowAsPreviousAndCollapsesTheOthers() {
        String id = savedTask("t");
        TaskEvent a = event(id, 1).delta("s", "a").build();
        TaskEvent ab = event(id, 2).delta("s", "ab").build();
        TaskEvent latestSameId = event(id, 3).series("s", SeriesMode.LATEST).build();
        List.of(a, ab, latestSameId).forEach(store::saveEvent);
        TaskEvent c = event(id, 4).delta("s", "c").build();

        TaskEvent accumulated = store.accumulateSeries(id, "s", c, "delta");

        assertEquals(json("{\"delta\":\"abc\"}"), accumulated.data());
        assertEquals(List.of(row(a, accumulated), latestSameId), store.getEvents(id, EventQuery.ALL));
    }

    // ---------------------------------------------------------------- batches

    /**
     * {@link LongTermStore#saveEvents} leaves exactly what the single calls leave, in a new and in
     * an existing series of each mode, with plain events, resets and several tasks in one batch.
     */
    @Test
    void aBatchLeavesWhatTheSingleCallsLeave() {
        String viaBatch = savedTask("batch");
        String viaCalls = savedTask("calls");
        String other = savedTask("other");
        List<TaskEvent> before = scenario(viaBatch, 0, 3);
        before.forEach(e -> LongTermStore.archive(store, e));
        try {
            store.saveEvents(scenario(viaBatch, 3, 12));
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("the store does not write batches");
        }
        scenario(viaCalls, 0, 12).forEach(e -> LongTermStore.archive(store, e));
        TaskEvent otherEvent = event(other, 0).delta("s", "o").build();
        store.saveEvents(List.of(otherEvent));

        assertEquals(withTask(store.getEvents(viaCalls, EventQuery.ALL), viaBatch), store.getEvents(viaBatch, EventQuery.ALL));
        assertEquals(List.of(otherEvent), store.getEvents(other, EventQuery.ALL));
    }

    @Test
    void aFailingBatchStoresNothing() {
        String id = savedTask("t");
        TaskEvent good = event(id, 0).build();
        TaskEvent orphan = event(taskId("no-such-task"), 1).build();
        try {
            assertThrows(RuntimeException.class, () -> store.saveEvents(List.of(good, orphan)));
        } catch (org.opentest4j.AssertionFailedError e) {
            Assumptions.assumeTrue(false, "the store accepts events of unknown tasks");
        }
        assertEquals(List.of(), store.getEvents(id, EventQuery.ALL));
    }

    /** Events {@code from} (inclusive) to {@code to} (exclusive) of a mixed sequence for task {@code id}. */
    private static List<TaskEvent> scenario(String id, int from, int to) {
        List<TaskEvent> all = List.of(
                event(id, 0).id(id + "-e0").delta("s", "He").build(),
                event(id, 1).id(id + "-e1").build(),
                event(id, 2).id(id + "-e2").series("p", SeriesMode.LATEST).data("{\"v\":1}").build(),
                event(id, 3).id(id + "-e3").delta("s", "l").type("llm.delta").build(),
                event(id, 4).id(id + "-e4").delta("s", "lo").level(Level.DEBUG).build(),
                event(id, 5).id(id + "-e5").series("p", SeriesMode.LATEST).data("{\"v\":2}").build(),
                event(id, 6).id(id + "-e6").series("s", SeriesMode.ACCUMULATE).accField("t").data("{\"t\":\"x\"}").build(),
                event(id, 7).id(id + "-e7").delta("s", " world").build(),
                event(id, 8).id(id + "-e8").delta("n", "new").build(),
                event(id, 9).id(id + "-e9").series("s", SeriesMode.ACCUMULATE).data("{\"delta\":7}").build(),
                event(id, 10).id(id + "-e10").delta("s", "!").build(),
                event(id, 11).id(id + "-e11").series("q", SeriesMode.LATEST).data("\"only\"").build());
        return all.subList(from, to);
    }

    /** The events as if they belonged to {@code taskId} (the two tasks' rows differ only in it). */
    private static List<TaskEvent> withTask(List<TaskEvent> events, String taskId) {
        return events.stream().map(e -> new TaskEvent(e.id().replace(e.taskId(), taskId), taskId, e.index(),
                e.timestamp(), e.type(), e.level(), e.data(), e.seriesId(), e.seriesMode(), e.seriesAccField(),
                e.seriesSnapshot())).toList();
    }

    /**
     * §5.4: concurrent calls for one series lose no update. The series row exists before the race
     * starts: two first inserts racing each other is the engine's concern (it writes one task's
     * events in order), not the store's.
     */
    @Test
    void concurrentAccumulationOfAnExistingSeriesLosesNoDelta() {
        String id = savedTask("t");
        int threads = 8;
        int perThread = 50;
        TaskEvent seed = event(id, 0).delta("s", "").build();
        store.accumulateSeries(id, "s", seed, "delta");

        Concurrently.runAll(threads, timeout(), t -> {
            for (int n = 0; n < perThread; n++) {
                long index = 1 + (long) t * perThread + n;
                store.accumulateSeries(id, "s", event(id, index).delta("s", "x").build(), "delta");
            }
        });

        List<TaskEvent> rows = store.getEvents(id, EventQuery.ALL);
        assertEquals(1, rows.size());
        assertEquals(seed.id(), rows.get(0).id());
        assertEquals(threads * perThread, rows.get(0).data().get("delta").textValue().length());
    }

    // ---------------------------------------------------------------- deletion (cleanup rules)

    @Test
    void deleteTaskRemovesTheRowAndEveryEventRowOfTheTask() {
        String id = savedTask("t");
        store.saveEvent(event(id, 0).build());
        store.replaceLastSeriesEvent(id, "p", event(id, 1).series("p", SeriesMode.LATEST).build());
        store.accumulateSeries(id, "s", event(id, 2).delta("s", "x").build(), "delta");

        store.deleteTask(id);

        assertEquals(Optional.empty(), store.getTask(id));
        assertEquals(List.of(), store.getEvents(id, EventQuery.ALL));
    }

    @Test
    void deleteTaskIsIdempotentAndLeavesOtherTasksAlone() {
        String gone = savedTask("gone");
        String kept = savedTask("kept");
        store.saveEvent(event(gone, 0).build());
        List<TaskEvent> keptEvents = savePlainEvents(kept, 2);

        store.deleteTask(gone);
        store.deleteTask(gone);
        store.deleteTask(taskId("never-stored"));

        assertEquals(Optional.of(task(kept, TaskStatus.PENDING)), store.getTask(kept));
        assertEquals(keptEvents, store.getEvents(kept, EventQuery.ALL));
    }

    @Test
    void aDeletedTaskCanBeSavedAgainAsANewRow() {
        String id = savedTask("t");
        store.saveEvent(event(id, 0).build());
        store.deleteTask(id);
        Task again = task(id, TaskStatus.RUNNING).toBuilder().type("second").params(json("{\"v\":2}")).build();

        store.saveTask(again);
        TaskEvent reused = event(id, 0).build();
        store.saveEvent(reused);

        assertEquals(Optional.of(again), store.getTask(id), "create-only columns come from the new row");
        assertEquals(List.of(reused), store.getEvents(id, EventQuery.ALL));
    }

    @Test
    void deleteEventsRemovesExactlyTheGivenRowsOfTheTask() {
        String id = savedTask("t");
        String other = savedTask("other");
        List<TaskEvent> events = savePlainEvents(id, 5);
        TaskEvent foreign = event(other, 0).build();
        store.saveEvent(foreign);

        store.deleteEvents(id, Set.of(events.get(0).id(), events.get(3).id(), foreign.id(),
                StorageFixtures.newEventId()));

        assertEquals(List.of(events.get(1), events.get(2), events.get(4)), store.getEvents(id, EventQuery.ALL));
        assertEquals(List.of(foreign), store.getEvents(other, EventQuery.ALL), "another task's row is ignored");
        assertEquals(Optional.of(task(id, TaskStatus.PENDING)), store.getTask(id), "the task row stays");
    }

    @Test
    void deleteEventsRemovesACompactedSeriesRowByItsId() {
        String id = savedTask("t");
        TaskEvent plain = event(id, 0).build();
        store.saveEvent(plain);
        TaskEvent first = event(id, 1).delta("s", "a").build();
        store.accumulateSeries(id, "s", first, "delta");
        store.accumulateSeries(id, "s", event(id, 2).delta("s", "b").build(), "delta");

        store.deleteEvents(id, Set.of(first.id()));
        store.deleteEvents(id, Set.of(first.id()));

        assertEquals(List.of(plain), store.getEvents(id, EventQuery.ALL));
    }

    // ---------------------------------------------------------------- helpers

    /** A task id unique to this test. */
    protected String taskId(String name) {
        return prefix + name;
    }

    /** Saves a pending task (event rows need their task row) and returns its id. */
    protected String savedTask(String name) {
        String id = taskId(name);
        store.saveTask(task(id, TaskStatus.PENDING));
        return id;
    }

    /** The row a compaction leaves: id, task and index of {@code first}, everything else of {@code content}. */
    private static TaskEvent row(TaskEvent first, TaskEvent content) {
        return new TaskEvent(first.id(), first.taskId(), first.index(), content.timestamp(), content.type(),
                content.level(), content.data() == null ? NullNode.getInstance() : content.data(),
                content.seriesId(), content.seriesMode(), content.seriesAccField(), null);
    }

    private List<TaskEvent> query(String id, SinceCursor since, Integer limit) {
        return store.getEvents(id, new EventQuery(since, limit));
    }

    private List<TaskEvent> savePlainEvents(String id, int count) {
        List<TaskEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TaskEvent e = event(id, i).build();
            store.saveEvent(e);
            events.add(e);
        }
        return events;
    }

    private TaskEvent accumulate(String id, long index, String data) {
        TaskEvent e = event(id, index).series("s", SeriesMode.ACCUMULATE).accField("t").data(data).build();
        return store.accumulateSeries(id, "s", e, "t");
    }
}
