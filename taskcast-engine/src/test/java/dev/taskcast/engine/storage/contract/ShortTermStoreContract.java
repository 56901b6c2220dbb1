package dev.taskcast.engine.storage.contract;

import static dev.taskcast.engine.storage.contract.StorageFixtures.T0;
import static dev.taskcast.engine.storage.contract.StorageFixtures.event;
import static dev.taskcast.engine.storage.contract.StorageFixtures.json;
import static dev.taskcast.engine.storage.contract.StorageFixtures.task;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.SinceCursor;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskError;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskQuery;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.spi.ShortTermStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The short-term store contract (storage.md §2, model.md §8, §9.5) as a reusable suite: a provider
 * module extends this class and implements {@link #newStore()}.
 *
 * <p>Every test works on task ids under a fresh random prefix and only asserts on its own tasks, so
 * the suite can run against a Redis shared with other runs. TTL deadlines live in a random window
 * of small epoch values far from real clock values and are cleared after each test.
 */
public abstract class ShortTermStoreContract {
    private static final int FAR_ENOUGH = 1_000_000;
    /** Ids raced on per concurrency test: one collision window is too small to fail reliably. */
    private static final int RACE_ROUNDS = 50;

    /** The store under test: a fresh one per test (it may share its backing service with others). */
    protected ShortTermStore store;
    private final String prefix = StorageFixtures.uniquePrefix();
    private final Set<String> tasksWithDeadline = new HashSet<>();

    /** A store for one test; called once before every test. */
    protected abstract ShortTermStore newStore();

    /** Releases what {@link #newStore()} created; by default closes it. */
    protected void releaseStore(ShortTermStore released) throws Exception {
        released.close();
    }

    /** Whether two stores from {@link #newStore()} share one backing service (true for Redis). */
    protected boolean storesShareState() {
        return false;
    }

    /** Upper bound for every concurrent section of the suite. */
    protected Duration timeout() {
        return Duration.ofSeconds(30);
    }

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        try {
            tasksWithDeadline.forEach(store::clearDeadline);
        } finally {
            releaseStore(store);
        }
    }

    /** A task id unique to this test. */
    protected String taskId(String name) {
        return prefix + name;
    }

    // ---------------------------------------------------------------- tasks

    @Test
    void getTaskOfUnknownIdIsEmpty() {
        assertEquals(Optional.empty(), store.getTask(taskId("missing")));
    }

    @Test
    void createTaskInsertsOnlyWhenNoTaskHasTheId() {
        String id = taskId("t");
        Task first = task(id, TaskStatus.PENDING).toBuilder().type("first").build();
        Task second = task(id, TaskStatus.RUNNING).toBuilder().type("second").build();

        assertTrue(store.createTask(first));
        assertFalse(store.createTask(second));
        assertEquals(Optional.of(first), store.getTask(id));
    }

    /** Many rounds, each thread walking the ids in the same order, so that the callers really collide. */
    @Test
    void createTaskHasExactlyOneWinnerAmongConcurrentCallers() {
        List<String> ids = IntStream.range(0, RACE_ROUNDS).mapToObj(r -> taskId("t" + r)).toList();
        List<List<Boolean>> createdPerThread = Concurrently.run(20, timeout(), thread -> ids.stream()
                .map(id -> store.createTask(task(id, TaskStatus.PENDING).toBuilder()
                        .metadata(json("{\"by\":" + thread + "}")).build()))
                .toList());

        for (int r = 0; r < RACE_ROUNDS; r++) {
            List<Boolean> created = column(createdPerThread, r);
            assertEquals(1, created.stream().filter(c -> c).count(), "exactly one create succeeds: " + created);
            assertEquals(json("{\"by\":" + created.indexOf(true) + "}"),
                    store.getTask(ids.get(r)).orElseThrow().metadata(), "the winner's task is stored");
        }
    }

    @Test
    void taskRoundTripsWithEveryField() {
        Task full = Task.builder(taskId("full"), TaskStatus.FAILED, T0)
                .type("llm.chat")
                .params(json("{\"prompt\":\"Hello\",\"n\":[1,2.5,null,true]}"))
                .result(json("{\"output\":\"Hi\"}"))
                .error(new TaskError("E1", "boom", json("{\"line\":3}")))
                .metadata(json("{\"owner\":\"ü/ñ\"}"))
                .updatedAt(T0 + 42)
                .completedAt(T0 + 42)
                .ttl(3600)
                .authConfig(json("{\"rules\":[{\"match\":{\"scope\":[\"event:publish\"]},\"require\":{}}]}"))
                .webhooks(json("[{\"url\":\"http://example.test/hook\",\"custom\":1}]"))
                .cleanup(json("{\"rules\":[{\"target\":\"events\"}]}"))
                .tags(List.of("gpu", "eu"))
                .assignMode("pull")
                .cost(2)
                .disconnectPolicy("fail")
                .assignedWorker("w1")
                .reason("why")
                .resumeAt(T0 + 1000)
                .blockedRequest(json("{\"type\":\"approval\",\"data\":null}"))
                .build();

        store.saveTask(full);

        assertEquals(Optional.of(full), store.getTask(full.id()));
    }

    @Test
    void saveTaskReplacesTheStoredTask() {
        String id = taskId("t");
        store.saveTask(task(id, TaskStatus.PENDING));
        Task running = task(id, TaskStatus.RUNNING).toBuilder().updatedAt(T0 + 5).build();

        store.saveTask(running);

        assertEquals(Optional.of(running), store.getTask(id));
    }

    @Test
    void saveTaskOfANewIdAddsItToTheTaskSet() {
        String type = prefix + "type";
        Task saved = task(taskId("t"), TaskStatus.PENDING).toBuilder().type(type).build();

        store.saveTask(saved);

        assertEquals(List.of(saved), store.listTasks(new TaskQuery(null, List.of(type), null)));
    }

    @Test
    void compareAndSaveTaskReplacesWhenTheStoredTaskIsTheExpectedOne() {
        String id = taskId("t");
        Task pending = task(id, TaskStatus.PENDING);
        store.createTask(pending);
        Task running = pending.toBuilder().status(TaskStatus.RUNNING).updatedAt(T0 + 1).build();

        assertTrue(store.compareAndSaveTask(pending, running));
        assertEquals(Optional.of(running), store.getTask(id));
    }

    @Test
    void compareAndSaveTaskFailsWhenTheStoredTaskChanged() {
        String id = taskId("t");
        Task pending = task(id, TaskStatus.PENDING);
        store.createTask(pending);
        Task running = pending.toBuilder().status(TaskStatus.RUNNING).updatedAt(T0 + 1).build();
        store.compareAndSaveTask(pending, running);
        Task cancelled = pending.toBuilder().status(TaskStatus.CANCELLED).updatedAt(T0 + 2).completedAt(T0 + 2).build();

        assertFalse(store.compareAndSaveTask(pending, cancelled), "the expected (pending) task is stale");
        assertEquals(Optional.of(running), store.getTask(id));
    }

    /** The SPI compares the whole task, not only its status (storage.md §4.4 calls status-only ABA-prone). */
    @Test
    void compareAndSaveTaskComparesTheWholeTask() {
        String id = taskId("t");
        Task running = task(id, TaskStatus.RUNNING);
        store.saveTask(running);
        Task runningWithResult = running.toBuilder().result(json("{\"partial\":true}")).updatedAt(T0 + 1).build();
        store.saveTask(runningWithResult);
        Task completed = running.toBuilder().status(TaskStatus.COMPLETED).updatedAt(T0 + 2).completedAt(T0 + 2).build();

        assertFalse(store.compareAndSaveTask(running, completed));
        assertEquals(Optional.of(runningWithResult), store.getTask(id));
    }

    @Test
    void compareAndSaveTaskOfUnknownTaskFailsAndWritesNothing() {
        Task ghost = task(taskId("ghost"), TaskStatus.PENDING);

        assertFalse(store.compareAndSaveTask(ghost, ghost.toBuilder().status(TaskStatus.RUNNING).build()));
        assertEquals(Optional.empty(), store.getTask(ghost.id()));
    }

    @Test
    void compareAndSaveTaskHasExactlyOneWinnerAmongConcurrentTransitions() {
        List<Task> running = IntStream.range(0, RACE_ROUNDS)
                .mapToObj(r -> task(taskId("t" + r), TaskStatus.RUNNING)).toList();
        running.forEach(store::saveTask);

        List<List<Boolean>> wonPerThread = Concurrently.run(16, timeout(), thread -> running.stream()
                .map(t -> store.compareAndSaveTask(t, t.toBuilder().status(TaskStatus.COMPLETED).completedAt(T0 + 1)
                        .result(json("{\"by\":" + thread + "}")).build()))
                .toList());

        for (int r = 0; r < RACE_ROUNDS; r++) {
            List<Boolean> won = column(wonPerThread, r);
            assertEquals(1, won.stream().filter(w -> w).count(), "exactly one transition wins: " + won);
            assertEquals(json("{\"by\":" + won.indexOf(true) + "}"),
                    store.getTask(running.get(r).id()).orElseThrow().result(), "the winner's task is stored");
        }
    }

    // ---------------------------------------------------------------- index counter

    @Test
    void nextIndexesContinueTheSequenceInOrder() {
        String a = taskId("a");
        String b = taskId("b");
        store.nextIndex(a);
        store.nextIndex(a);

        assertArrayEquals(new long[] {2, 3, 4}, store.nextIndexes(a, 3));
        assertEquals(5, store.nextIndex(a));
        assertArrayEquals(new long[] {0, 1}, store.nextIndexes(b, 2));
        assertArrayEquals(new long[] {6}, store.nextIndexes(a, 1));
    }

    @Test
    void reserveIndexesAnswersTheTaskWithFreshIndexesOnlyWhenItCanTakeEvents() {
        String running = taskId("running");
        store.createTask(task(running, TaskStatus.RUNNING));
        store.nextIndex(running);

        ShortTermStore.IndexedTask three = store.reserveIndexes(running, 3).orElseThrow();
        assertEquals(task(running, TaskStatus.RUNNING), three.task());
        assertArrayEquals(new long[] {1, 2, 3}, three.indexes());
        assertArrayEquals(new long[] {4}, store.reserveIndexes(running, 1).orElseThrow().indexes());
        assertEquals(5, store.nextIndex(running));

        String missing = taskId("missing");
        assertTrue(store.reserveIndexes(missing, 2).isEmpty());
        store.createTask(task(missing, TaskStatus.RUNNING));
        assertEquals(0, store.nextIndex(missing), "a refused reservation allocates nothing");

        String done = taskId("done");
        store.createTask(task(done, TaskStatus.COMPLETED));
        ShortTermStore.IndexedTask terminal = store.reserveIndexes(done, 2).orElseThrow();
        assertEquals(TaskStatus.COMPLETED, terminal.task().status());
        assertEquals(0, terminal.indexes().length, "a finished task takes no events");
        assertEquals(0, store.nextIndex(done));
    }

    @Test
    void nextIndexCountsFromZeroPerTask() {
        String a = taskId("a");
        String b = taskId("b");

        assertEquals(0, store.nextIndex(a));
        assertEquals(1, store.nextIndex(a));
        assertEquals(2, store.nextIndex(a));
        assertEquals(0, store.nextIndex(b));
    }

    @Test
    void nextIndexNeverRepeatsUnderConcurrency() {
        String id = taskId("t");
        List<List<Long>> perThread = Concurrently.run(8, timeout(), i -> {
            List<Long> mine = new ArrayList<>();
            for (int n = 0; n < 500; n++) {
                mine.add(store.nextIndex(id));
            }
            return mine;
        });

        List<Long> all = perThread.stream().flatMap(List::stream).sorted().toList();
        assertEquals(LongStream.range(0, 4000).boxed().toList(), all);
        perThread.forEach(mine -> assertEquals(mine.stream().sorted().toList(), mine,
                "one caller sees increasing indexes"));
    }

    // ---------------------------------------------------------------- history

    @Test
    void getEventsOfUnknownTaskIsEmpty() {
        assertEquals(List.of(), store.getEvents(taskId("missing"), EventQuery.ALL));
    }

    @Test
    void appendedEventsComeBackInAppendOrderAndUnchanged() {
        String id = taskId("t");
        List<TaskEvent> events = List.of(
                event(id, 0).type("taskcast:status").data("{\"status\":\"running\"}").build(),
                event(id, 1).type("").level(Level.DEBUG).data("[1,\"two\",{\"3\":[]}]").build(),
                event(id, 2).type("llm.delta").level(Level.WARN).delta("s1", "Hi").accField("delta").build(),
                event(id, 3).level(Level.ERROR).series("s2", SeriesMode.KEEP_ALL).data("\"text\"").build(),
                event(id, 4).series("only-id", null).data("42").build());

        events.forEach(e -> store.appendEvent(id, e));

        assertEquals(events, store.getEvents(id, EventQuery.ALL));
    }

    /** model.md §4.1: absent {@code data} and JSON {@code null} data stay distinct in the short-term path. */
    @Test
    void absentDataAndNullDataStayDistinct() {
        String id = taskId("t");
        TaskEvent absent = event(id, 0).noData().build();
        TaskEvent nullData = event(id, 1).data(NullNode.getInstance()).build();
        store.appendEvent(id, absent);
        store.appendEvent(id, nullData);

        List<TaskEvent> read = store.getEvents(id, EventQuery.ALL);

        assertNull(read.get(0).data(), "absent data stays absent");
        assertEquals(NullNode.getInstance(), read.get(1).data(), "null data stays null");
        assertEquals(List.of(absent, nullData), read);
    }

    @Test
    void getEventsReturnsASnapshotUnaffectedByLaterAppends() {
        String id = taskId("t");
        store.appendEvent(id, event(id, 0).build());
        List<TaskEvent> before = store.getEvents(id, EventQuery.ALL);

        store.appendEvent(id, event(id, 1).build());

        assertEquals(1, before.size());
        assertEquals(2, store.getEvents(id, EventQuery.ALL).size());
    }

    @Test
    void sinceIdReturnsTheEventsAfterThatEventsPosition() {
        String id = taskId("t");
        List<TaskEvent> events = appendPlainEvents(id, 5);

        assertEquals(events.subList(2, 5), query(id, SinceCursor.ofId(events.get(1).id()), null));
        assertEquals(List.of(), query(id, SinceCursor.ofId(events.get(4).id()), null));
    }

    @Test
    void sinceIdIsAPositionInTheListNotAnIndexComparison() {
        String id = taskId("t");
        TaskEvent first = event(id, 0).build();
        TaskEvent high = event(id, 5).build();
        TaskEvent low = event(id, 2).build();
        List.of(first, high, low).forEach(e -> store.appendEvent(id, e));

        assertEquals(List.of(low), query(id, SinceCursor.ofId(high.id()), null));
    }

    @Test
    void sinceUnknownIdFiltersNothing() {
        String id = taskId("t");
        List<TaskEvent> events = appendPlainEvents(id, 3);

        assertEquals(events, query(id, SinceCursor.ofId(StorageFixtures.newEventId()), null));
    }

    @Test
    void sinceIndexKeepsEventsWithARawIndexAboveIt() {
        String id = taskId("t");
        List<TaskEvent> events = appendPlainEvents(id, 5);

        assertEquals(events.subList(3, 5), query(id, SinceCursor.ofIndex(2), null));
        assertEquals(events.subList(3, 5), query(id, SinceCursor.ofIndex(2.5), null), "fractional cursor");
        assertEquals(events, query(id, SinceCursor.ofIndex(-1), null));
        assertEquals(List.of(), query(id, SinceCursor.ofIndex(4), null));
        assertEquals(List.of(), query(id, SinceCursor.ofIndex(Double.NaN), null), "NaN matches nothing");
    }

    @Test
    void sinceIndexComparesIndexesNotPositions() {
        String id = taskId("t");
        TaskEvent i0 = event(id, 0).build();
        TaskEvent i4 = event(id, 4).build();
        TaskEvent i3 = event(id, 3).build();
        List.of(i0, i4, i3).forEach(e -> store.appendEvent(id, e));

        assertEquals(List.of(i4, i3), query(id, SinceCursor.ofIndex(2), null));
    }

    @Test
    void sinceTimestampKeepsEventsStrictlyAfterIt() {
        String id = taskId("t");
        List<TaskEvent> events = List.of(
                event(id, 0).timestamp(1000).build(),
                event(id, 1).timestamp(1000).build(),
                event(id, 2).timestamp(2000).build(),
                event(id, 3).timestamp(3000).build());
        events.forEach(e -> store.appendEvent(id, e));

        assertEquals(events.subList(2, 4), query(id, SinceCursor.ofTimestamp(1000), null));
        assertEquals(events.subList(2, 4), query(id, SinceCursor.ofTimestamp(1500.5), null));
        assertEquals(events, query(id, SinceCursor.ofTimestamp(999), null));
        assertEquals(List.of(), query(id, SinceCursor.ofTimestamp(Double.NaN), null));
    }

    @Test
    void sinceIdTakesPrecedenceOverIndexAndTimestamp() {
        String id = taskId("t");
        List<TaskEvent> events = appendPlainEvents(id, 5);

        SinceCursor all = new SinceCursor(events.get(3).id(), 0.0, 0.0);
        assertEquals(events.subList(4, 5), query(id, all, null));
    }

    @Test
    void sinceIndexTakesPrecedenceOverTimestamp() {
        String id = taskId("t");
        List<TaskEvent> events = appendPlainEvents(id, 5);

        assertEquals(events.subList(4, 5), query(id, new SinceCursor(null, 3.0, 0.0), null));
        assertEquals(events.subList(4, 5), query(id, new SinceCursor("", 3.0, 0.0), null), "empty id is no cursor");
    }

    @Test
    void sinceUnknownIdStillTakesPrecedenceSoNothingIsFiltered() {
        String id = taskId("t");
        List<TaskEvent> events = appendPlainEvents(id, 3);

        assertEquals(events, query(id, new SinceCursor(StorageFixtures.newEventId(), 1.0, null), null));
    }

    @Test
    void limitKeepsTheFirstEvents() {
        String id = taskId("t");
        List<TaskEvent> events = appendPlainEvents(id, 5);

        assertEquals(events.subList(0, 2), query(id, null, 2));
        assertEquals(events, query(id, null, 50));
    }

    @Test
    void limitAppliesAfterTheCursor() {
        String id = taskId("t");
        List<TaskEvent> events = appendPlainEvents(id, 6);

        assertEquals(events.subList(2, 4), query(id, SinceCursor.ofIndex(1), 2));
        assertEquals(events.subList(2, 4), query(id, SinceCursor.ofId(events.get(1).id()), 2));
    }

    // ---------------------------------------------------------------- series pointers

    @Test
    void seriesPointerIsAbsentUntilSetAndThenTheLastEventSet() {
        String id = taskId("t");
        TaskEvent first = event(id, 0).series("s", SeriesMode.LATEST).build();
        TaskEvent second = event(id, 1).series("s", SeriesMode.LATEST).noData().build();

        assertEquals(Optional.empty(), store.getSeriesLatest(id, "s"));
        store.setSeriesLatest(id, "s", first);
        assertEquals(Optional.of(first), store.getSeriesLatest(id, "s"));
        store.setSeriesLatest(id, "s", second);
        assertEquals(Optional.of(second), store.getSeriesLatest(id, "s"));
    }

    @Test
    void seriesPointersAreIndependentPerSeriesAndPerTask() {
        String a = taskId("a");
        String b = taskId("b");
        TaskEvent aS = event(a, 0).series("s", SeriesMode.LATEST).build();

        store.setSeriesLatest(a, "s", aS);

        assertEquals(Optional.empty(), store.getSeriesLatest(a, "other"));
        assertEquals(Optional.empty(), store.getSeriesLatest(b, "s"));
        assertEquals(List.of(), store.getEvents(a, EventQuery.ALL), "setting a pointer writes no history");
    }

    @Test
    void accumulateConcatenatesTheDefaultDeltaField() {
        String id = taskId("t");
        TaskEvent hel = event(id, 1).delta("s", "Hel").build();
        TaskEvent lo = event(id, 2).delta("s", "lo").type("llm.delta").level(Level.DEBUG).build();

        assertEquals(hel, store.accumulateSeries(id, "s", hel, "delta"), "the first delta starts the series");
        TaskEvent accumulated = store.accumulateSeries(id, "s", lo, "delta");

        assertEquals(lo.withData(json("{\"delta\":\"Hello\"}")), accumulated,
                "the accumulated event is the new delta with the concatenated data");
        assertEquals(Optional.of(accumulated), store.getSeriesLatest(id, "s"));
        assertEquals(List.of(), store.getEvents(id, EventQuery.ALL), "accumulating writes no history");
    }

    @Test
    void accumulateUsesTheGivenFieldAndKeepsOnlyTheNewDatasOtherKeys() {
        String id = taskId("t");
        accumulate(id, 1, "{\"t\":\"a\",\"n\":1}");

        assertEquals(json("{\"t\":\"ab\",\"m\":2}"), accumulate(id, 2, "{\"t\":\"b\",\"m\":2}").data());
    }

    @Test
    void accumulateResetsWhenTheFieldIsNotAString() {
        String id = taskId("t");
        accumulate(id, 1, "{\"t\":\"a\",\"n\":1}");
        accumulate(id, 2, "{\"t\":\"b\",\"m\":2}");

        assertEquals(json("{\"t\":5}"), accumulate(id, 3, "{\"t\":5}").data(), "new value not a string");
        assertEquals(json("{\"t\":\"c\"}"), accumulate(id, 4, "{\"t\":\"c\"}").data(), "previous value not a string");
        assertEquals(json("{\"u\":\"x\"}"), accumulate(id, 5, "{\"u\":\"x\"}").data(), "new data lacks the field");
        assertEquals(json("{\"t\":\"d\"}"), accumulate(id, 6, "{\"t\":\"d\"}").data(), "previous data lacks the field");
        assertEquals(Optional.of(json("{\"t\":\"d\"}")), store.getSeriesLatest(id, "s").map(TaskEvent::data));
    }

    @Test
    void accumulateResetsWhenEitherDataIsNotAnObject() {
        String id = taskId("t");
        TaskEvent start = event(id, 1).delta("s", "a").build();
        TaskEvent text = event(id, 2).series("s", SeriesMode.ACCUMULATE).data("\"b\"").build();
        TaskEvent afterText = event(id, 3).delta("s", "c").build();
        TaskEvent nullData = event(id, 4).series("s", SeriesMode.ACCUMULATE).data(NullNode.getInstance()).build();
        TaskEvent absentData = event(id, 5).series("s", SeriesMode.ACCUMULATE).noData().build();
        TaskEvent afterAbsent = event(id, 6).delta("s", "d").build();

        store.accumulateSeries(id, "s", start, "delta");
        assertEquals(text, store.accumulateSeries(id, "s", text, "delta"));
        assertEquals(afterText, store.accumulateSeries(id, "s", afterText, "delta"));
        assertEquals(nullData, store.accumulateSeries(id, "s", nullData, "delta"));
        assertEquals(absentData, store.accumulateSeries(id, "s", absentData, "delta"));
        assertEquals(Optional.of(absentData), store.getSeriesLatest(id, "s"), "absent data stays absent");
        assertEquals(afterAbsent, store.accumulateSeries(id, "s", afterAbsent, "delta"));
    }

    @Test
    void appendAccumulatedMergesAppendsAndAnswersTheValueAsOfTheCall() {
        String id = taskId("t");
        TaskEvent hel = event(id, 0).delta("s", "Hel").build();
        TaskEvent lo = event(id, 1).delta("s", "lo").type("llm.delta").level(Level.DEBUG).build();
        TaskEvent bang = event(id, 2).delta("s", "!").build();
        TaskEvent reset = event(id, 3).series("s", SeriesMode.ACCUMULATE).data("{\"delta\":7}").build();

        Supplier<TaskEvent> first = store.appendAccumulated(id, "s", hel, "delta");
        Supplier<TaskEvent> second = store.appendAccumulated(id, "s", lo, "delta");
        Supplier<TaskEvent> third = store.appendAccumulated(id, "s", bang, "delta");
        Supplier<TaskEvent> fourth = store.appendAccumulated(id, "s", reset, "delta");

        // Asked for only after later appends: each answers the value of its own call.
        assertEquals(hel, first.get());
        assertEquals(lo.withData(json("{\"delta\":\"Hello\"}")), second.get());
        assertEquals(bang.withData(json("{\"delta\":\"Hello!\"}")), third.get());
        assertEquals(reset, fourth.get(), "a non-text delta resets the series");
        assertEquals(Optional.of(reset), store.getSeriesLatest(id, "s"));
        assertEquals(List.of(hel, lo, bang, reset), store.getEvents(id, EventQuery.ALL),
                "the history holds the events as published, not merged");

        TaskEvent again = event(id, 4).delta("s", "x").build();
        store.appendAccumulated(id, "s", again, "delta");
        TaskEvent more = event(id, 5).delta("s", "y").build();
        assertEquals(more.withData(json("{\"delta\":\"xy\"}")), store.appendAccumulated(id, "s", more, "delta").get());
        assertEquals(Optional.of(more.withData(json("{\"delta\":\"xy\"}"))), store.getSeriesLatest(id, "s"));
    }

    @Test
    void appendAccumulatedAgreesWithAccumulateSeriesAcrossFieldChanges() {
        String id = taskId("t");
        String other = taskId("u");
        String[] data = {"{\"t\":\"a\",\"n\":1}", "{\"t\":\"b\",\"m\":2}", "{\"u\":\"x\",\"t\":\"c\"}", "{\"t\":5}",
                "{\"t\":\"d\"}", "{\"t\":\"e\",\"k\":[1]}"};
        String[] fields = {"t", "t", "u", "t", "t", "t"};
        for (int i = 0; i < data.length; i++) {
            TaskEvent e = event(id, i).series("s", SeriesMode.ACCUMULATE).accField(fields[i]).data(data[i]).build();
            TaskEvent o = event(other, i).series("s", SeriesMode.ACCUMULATE).accField(fields[i]).data(data[i]).build();
            TaskEvent viaAppend = store.appendAccumulated(id, "s", e, fields[i]).get();
            TaskEvent viaAccumulate = store.accumulateSeries(other, "s", o, fields[i]);
            assertEquals(viaAccumulate.data(), viaAppend.data(), "step " + i);
            assertEquals(e.id(), viaAppend.id(), "step " + i);
            assertEquals(Optional.of(viaAppend), store.getSeriesLatest(id, "s"), "step " + i);
        }
    }

    @Test
    void accumulateSeriesAreIndependent() {
        String id = taskId("t");
        store.accumulateSeries(id, "a", event(id, 1).delta("a", "x").build(), "delta");
        TaskEvent other = event(id, 2).delta("b", "y").build();

        assertEquals(other, store.accumulateSeries(id, "b", other, "delta"));
    }

    @Test
    void concurrentAccumulationLosesNoDelta() {
        String id = taskId("t");
        int threads = 8;
        int perThread = 50;
        store.accumulateSeries(id, "s", event(id, 0).delta("s", "").build(), "delta");

        Concurrently.runAll(threads, timeout(), t -> {
            String letter = String.valueOf((char) ('a' + t));
            for (int n = 0; n < perThread; n++) {
                long index = 1 + (long) t * perThread + n;
                store.accumulateSeries(id, "s", event(id, index).delta("s", letter).build(), "delta");
            }
        });

        String text = store.getSeriesLatest(id, "s").orElseThrow().data().get("delta").textValue();
        assertEquals(threads * perThread, text.length());
        Map<Character, Long> perLetter = text.chars().mapToObj(c -> (char) c)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        perLetter.values().forEach(count -> assertEquals(perThread, count, "every delta is kept: " + perLetter));
    }

    @Test
    void replaceWithoutPointerAppendsAndSetsThePointer() {
        String id = taskId("t");
        store.appendEvent(id, event(id, 0).build());
        TaskEvent p = event(id, 1).series("p", SeriesMode.LATEST).build();

        store.replaceLastSeriesEvent(id, "p", p);

        assertEquals(p, store.getEvents(id, EventQuery.ALL).get(1));
        assertEquals(Optional.of(p), store.getSeriesLatest(id, "p"));
    }

    /** The example of model.md §8.3: log(1), p=1 (2), x(3), p=2 (4) leave indexes 0, 1, 4, 3. */
    @Test
    void replaceKeepsTheSeriesAtItsFirstPositionWithTheNewestEvent() {
        String id = taskId("t");
        TaskEvent status = event(id, 0).type("taskcast:status").data("{\"status\":\"running\"}").build();
        TaskEvent log = event(id, 1).build();
        TaskEvent p1 = event(id, 2).type("p").series("p", SeriesMode.LATEST).data("{\"v\":1}").build();
        TaskEvent x = event(id, 3).type("x").build();
        TaskEvent p2 = event(id, 4).type("p").series("p", SeriesMode.LATEST).data("{\"v\":2}").build();

        store.appendEvent(id, status);
        store.appendEvent(id, log);
        store.replaceLastSeriesEvent(id, "p", p1);
        store.appendEvent(id, x);
        store.replaceLastSeriesEvent(id, "p", p2);

        List<TaskEvent> history = store.getEvents(id, EventQuery.ALL);
        assertEquals(List.of(0L, 1L, 4L, 3L), history.stream().map(TaskEvent::index).toList());
        assertEquals(List.of(status, log, p2, x), history);
        assertEquals(Optional.of(p2), store.getSeriesLatest(id, "p"));
    }

    @Test
    void replaceOfInterleavedLatestSeriesKeepsOneEventPerSeries() {
        String id = taskId("t");
        TaskEvent a1 = event(id, 0).series("a", SeriesMode.LATEST).build();
        TaskEvent b1 = event(id, 1).series("b", SeriesMode.LATEST).build();
        TaskEvent a2 = event(id, 2).series("a", SeriesMode.LATEST).build();
        TaskEvent b2 = event(id, 3).series("b", SeriesMode.LATEST).build();

        store.replaceLastSeriesEvent(id, "a", a1);
        store.replaceLastSeriesEvent(id, "b", b1);
        store.replaceLastSeriesEvent(id, "a", a2);
        store.replaceLastSeriesEvent(id, "b", b2);

        assertEquals(List.of(a2, b2), store.getEvents(id, EventQuery.ALL));
    }

    @Test
    void replaceWritesNoHistoryWhenThePointersEventIsNotInIt() {
        String id = taskId("t");
        TaskEvent kept = event(id, 0).build();
        store.appendEvent(id, kept);
        store.setSeriesLatest(id, "p", event(id, 1).series("p", SeriesMode.LATEST).build());
        TaskEvent next = event(id, 2).series("p", SeriesMode.LATEST).build();

        store.replaceLastSeriesEvent(id, "p", next);

        assertEquals(List.of(kept), store.getEvents(id, EventQuery.ALL));
        assertEquals(Optional.of(next), store.getSeriesLatest(id, "p"));
    }

    @Test
    void replaceConcurrentWithAppendsLosesNoEvent() {
        String id = taskId("t");
        int count = 200;
        List<TaskEvent> plain = new ArrayList<>();
        List<TaskEvent> latest = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            plain.add(event(id, 2L * n).build());
            latest.add(event(id, 2L * n + 1).series("p", SeriesMode.LATEST).build());
        }

        Concurrently.runAll(2, timeout(), t -> {
            for (int n = 0; n < count; n++) {
                if (t == 0) {
                    store.appendEvent(id, plain.get(n));
                } else {
                    store.replaceLastSeriesEvent(id, "p", latest.get(n));
                }
            }
        });

        List<TaskEvent> history = store.getEvents(id, EventQuery.ALL);
        assertEquals(plain, history.stream().filter(e -> e.seriesId() == null).toList());
        assertEquals(List.of(latest.get(count - 1)), history.stream().filter(e -> e.seriesId() != null).toList());
    }

    // ---------------------------------------------------------------- listing

    @Test
    void listTasksFiltersByStatus() {
        String type = prefix + "type";
        Task pending = saveTyped("p", TaskStatus.PENDING, type);
        Task running = saveTyped("r", TaskStatus.RUNNING, type);
        Task completed = saveTyped("c", TaskStatus.COMPLETED, type);

        assertEquals(Set.of(running, completed),
                Set.copyOf(store.listTasks(new TaskQuery(List.of("running", "completed"), List.of(type), null))));
        assertEquals(Set.of(pending, running, completed),
                Set.copyOf(store.listTasks(new TaskQuery(null, List.of(type), null))));
    }

    @Test
    void listTasksFiltersByExactType() {
        String typeA = prefix + "a";
        String typeB = prefix + "b";
        Task a = saveTyped("a", TaskStatus.PENDING, typeA);
        Task b = saveTyped("b", TaskStatus.PENDING, typeB);
        Task untyped = task(taskId("untyped"), TaskStatus.PENDING);
        store.saveTask(untyped);

        assertEquals(List.of(a), store.listTasks(new TaskQuery(null, List.of(typeA), null)));
        assertEquals(Set.of(a, b), Set.copyOf(store.listTasks(new TaskQuery(null, List.of(typeA, typeB), null))));
        assertEquals(List.of(), store.listTasks(new TaskQuery(null, List.of(prefix), null)), "no prefix match");
        assertTrue(store.listTasks(TaskQuery.ALL).containsAll(List.of(a, b, untyped)));
    }

    @Test
    void listTasksWithAnUnknownStatusMatchesNothing() {
        String type = prefix + "type";
        saveTyped("p", TaskStatus.PENDING, type);

        assertEquals(List.of(), store.listTasks(new TaskQuery(List.of("nope"), List.of(type), null)));
    }

    @Test
    void listTasksHonoursTheLimit() {
        String type = prefix + "type";
        Set<Task> ours = Set.of(saveTyped("1", TaskStatus.PENDING, type), saveTyped("2", TaskStatus.PENDING, type),
                saveTyped("3", TaskStatus.PENDING, type));

        List<Task> limited = store.listTasks(new TaskQuery(null, List.of(type), 2));

        assertEquals(2, limited.size());
        assertTrue(ours.containsAll(limited));
    }

    @Test
    void listTasksSeesTheCurrentStatus() {
        String type = prefix + "type";
        Task pending = saveTyped("t", TaskStatus.PENDING, type);
        Task running = pending.toBuilder().status(TaskStatus.RUNNING).build();
        store.compareAndSaveTask(pending, running);

        assertEquals(List.of(running), store.listTasks(new TaskQuery(List.of("running"), List.of(type), null)));
        assertEquals(List.of(), store.listTasks(new TaskQuery(List.of("pending"), List.of(type), null)));
    }

    // ---------------------------------------------------------------- deadlines

    @Test
    void dueDeadlinesAreTheOnesAtOrBeforeNowEarliestFirst() {
        long base = deadlineWindow();
        String a = arm("a", base + 30);
        String b = arm("b", base + 10);
        String c = arm("c", base + 20);
        arm("later", base + 31);

        assertEquals(List.of(b, c, a), ours(store.dueDeadlines(base + 30, 10_000)));
        assertEquals(List.of(), ours(store.dueDeadlines(base + 9, 10_000)));
    }

    @Test
    void dueDeadlinesHonoursTheLimit() {
        long base = deadlineWindow();
        arm("a", base + 1);
        arm("b", base + 2);
        arm("c", base + 3);

        List<String> all = store.dueDeadlines(base + 3, 10_000);
        List<String> two = store.dueDeadlines(base + 3, 2);

        assertEquals(all.subList(0, 2), two, "the limit keeps the earliest");
        assertEquals(1, store.dueDeadlines(base + 3, 1).size());
    }

    @Test
    void setDeadlineMovesAnArmedDeadline() {
        long base = deadlineWindow();
        String a = arm("a", base + 10);

        arm("a", base + 100);

        assertEquals(List.of(), ours(store.dueDeadlines(base + 50, 10_000)));
        assertEquals(List.of(a), ours(store.dueDeadlines(base + 100, 10_000)), "one entry per task");
    }

    @Test
    void clearDeadlineDisarms() {
        long base = deadlineWindow();
        String a = arm("a", base + 10);
        String b = arm("b", base + 20);

        store.clearDeadline(a);
        store.clearDeadline(taskId("never-armed"));

        assertEquals(List.of(b), ours(store.dueDeadlines(base + 20, 10_000)));
    }

    // ---------------------------------------------------------------- deletion (cleanup rules)

    @Test
    void deleteTaskRemovesTheTaskFromReadsListingAndDeadlines() {
        long base = deadlineWindow();
        String type = prefix + "type";
        Task stored = saveTyped("t", TaskStatus.COMPLETED, type);
        arm("t", base + 10);

        store.deleteTask(stored.id());

        assertEquals(Optional.empty(), store.getTask(stored.id()));
        assertEquals(List.of(), store.listTasks(new TaskQuery(null, List.of(type), null)));
        assertEquals(List.of(), ours(store.dueDeadlines(base + 10, 10_000)), "the deadline is gone too");
        assertFalse(store.compareAndSaveTask(stored, stored.toBuilder().updatedAt(T0 + 1).build()),
                "there is nothing left to compare with");
        assertEquals(Optional.empty(), store.getTask(stored.id()));
    }

    @Test
    void deleteTaskLeavesHistoryPointersAndCounterAlone() {
        String id = taskId("t");
        store.saveTask(task(id, TaskStatus.COMPLETED));
        List<TaskEvent> events = appendPlainEvents(id, 3);
        TaskEvent pointer = event(id, 3).series("p", SeriesMode.LATEST).build();
        store.replaceLastSeriesEvent(id, "p", pointer);
        store.nextIndex(id);

        store.deleteTask(id);

        List<TaskEvent> expected = new ArrayList<>(events);
        expected.add(pointer);
        assertEquals(expected, store.getEvents(id, EventQuery.ALL));
        assertEquals(Optional.of(pointer), store.getSeriesLatest(id, "p"));
        assertEquals(1, store.nextIndex(id), "the index counter keeps counting");
    }

    @Test
    void deleteTaskIsIdempotentAndLeavesOtherTasksAlone() {
        String type = prefix + "type";
        Task gone = saveTyped("gone", TaskStatus.COMPLETED, type);
        Task kept = saveTyped("kept", TaskStatus.COMPLETED, type);
        List<TaskEvent> keptEvents = appendPlainEvents(kept.id(), 2);

        store.deleteTask(gone.id());
        store.deleteTask(gone.id());
        store.deleteTask(taskId("never-stored"));

        assertEquals(Optional.of(kept), store.getTask(kept.id()));
        assertEquals(List.of(kept), store.listTasks(new TaskQuery(null, List.of(type), null)));
        assertEquals(keptEvents, store.getEvents(kept.id(), EventQuery.ALL));
    }

    @Test
    void aDeletedTaskCanBeCreatedAgainAndIsListedOnce() {
        String type = prefix + "type";
        Task first = saveTyped("t", TaskStatus.COMPLETED, type);
        store.deleteTask(first.id());
        Task again = task(first.id(), TaskStatus.PENDING).toBuilder().type(type).build();

        assertTrue(store.createTask(again));

        assertEquals(Optional.of(again), store.getTask(first.id()));
        assertEquals(List.of(again), store.listTasks(new TaskQuery(null, List.of(type), null)));
    }

    /** Deleting and re-creating one id race: listing and reading must agree whatever the interleaving. */
    @Test
    void concurrentDeleteAndCreateLeaveListingAndReadsConsistent() {
        String type = prefix + "type";
        List<String> ids = IntStream.range(0, RACE_ROUNDS).mapToObj(r -> taskId("t" + r)).toList();
        ids.forEach(id -> store.saveTask(task(id, TaskStatus.COMPLETED).toBuilder().type(type).build()));

        Concurrently.runAll(2, timeout(), thread -> ids.forEach(id -> {
            if (thread == 0) {
                store.deleteTask(id);
                store.deleteHistory(id);
            } else {
                store.createTask(task(id, TaskStatus.PENDING).toBuilder().type(type).build());
                store.appendEvent(id, event(id, 0).build());
            }
        }));

        List<Task> listed = store.listTasks(new TaskQuery(null, List.of(type), null));
        assertEquals(listed.size(), Set.copyOf(listed.stream().map(Task::id).toList()).size(), "listed once: " + listed);
        for (String id : ids) {
            assertEquals(store.getTask(id).isPresent(), listed.stream().anyMatch(t -> t.id().equals(id)),
                    "listing agrees with getTask for " + id);
        }
    }

    @Test
    void deleteEventsRemovesExactlyTheGivenIdsAndKeepsTheOrder() {
        String id = taskId("t");
        store.saveTask(task(id, TaskStatus.COMPLETED));
        List<TaskEvent> events = appendPlainEvents(id, 6);

        store.deleteEvents(id, Set.of(events.get(0).id(), events.get(2).id(), events.get(5).id(),
                StorageFixtures.newEventId()));

        assertEquals(List.of(events.get(1), events.get(3), events.get(4)), store.getEvents(id, EventQuery.ALL));
        assertEquals(Optional.of(task(id, TaskStatus.COMPLETED)), store.getTask(id), "the task stays");
        assertEquals(0, store.nextIndex(id), "the index counter is not touched");
    }

    @Test
    void deleteEventsIsIdempotentAndScopedToTheTask() {
        String a = taskId("a");
        String b = taskId("b");
        List<TaskEvent> ofA = appendPlainEvents(a, 3);
        List<TaskEvent> ofB = appendPlainEvents(b, 2);
        Set<String> doomed = Set.of(ofA.get(1).id(), ofB.get(0).id());

        store.deleteEvents(a, doomed);
        store.deleteEvents(a, doomed);
        store.deleteEvents(a, Set.of());
        store.deleteEvents(taskId("never-stored"), doomed);

        assertEquals(List.of(ofA.get(0), ofA.get(2)), store.getEvents(a, EventQuery.ALL));
        assertEquals(ofB, store.getEvents(b, EventQuery.ALL), "an id of another task's event is ignored");
    }

    @Test
    void deleteEventsDropsTheSeriesPointersThatPointAtDeletedEvents() {
        String id = taskId("t");
        TaskEvent plain = event(id, 0).build();
        store.appendEvent(id, plain);
        TaskEvent latest = event(id, 1).series("p", SeriesMode.LATEST).build();
        store.replaceLastSeriesEvent(id, "p", latest);
        TaskEvent delta1 = event(id, 2).delta("s", "a").build();
        TaskEvent delta2 = event(id, 3).delta("s", "b").build();
        for (TaskEvent d : List.of(delta1, delta2)) {
            store.accumulateSeries(id, "s", d, "delta");
            store.appendEvent(id, d);
        }
        TaskEvent keptLatest = event(id, 4).series("q", SeriesMode.LATEST).build();
        store.replaceLastSeriesEvent(id, "q", keptLatest);

        store.deleteEvents(id, Set.of(latest.id(), delta2.id()));

        assertEquals(List.of(plain, delta1, keptLatest), store.getEvents(id, EventQuery.ALL));
        assertEquals(Optional.empty(), store.getSeriesLatest(id, "p"));
        assertEquals(Optional.empty(), store.getSeriesLatest(id, "s"), "the accumulated pointer carries delta2's id");
        assertEquals(Optional.of(keptLatest), store.getSeriesLatest(id, "q"));
    }

    @Test
    void deleteEventsConcurrentWithAppendsLosesNoAppendedEvent() {
        String id = taskId("t");
        List<TaskEvent> old = appendPlainEvents(id, 100);
        List<TaskEvent> fresh = LongStream.range(100, 300).mapToObj(i -> event(id, i).build()).toList();

        Concurrently.runAll(2, timeout(), t -> {
            if (t == 0) {
                fresh.forEach(e -> store.appendEvent(id, e));
            } else {
                old.subList(0, 50).forEach(e -> store.deleteEvents(id, Set.of(e.id())));
            }
        });

        List<TaskEvent> expected = new ArrayList<>(old.subList(50, 100));
        expected.addAll(fresh);
        assertEquals(expected, store.getEvents(id, EventQuery.ALL));
    }

    @Test
    void deleteHistoryRemovesEventsPointersAndTheCounterButNotTheTask() {
        String id = taskId("t");
        String other = taskId("other");
        Task completed = task(id, TaskStatus.COMPLETED);
        store.saveTask(completed);
        store.nextIndex(id);
        store.nextIndex(id);
        appendPlainEvents(id, 2);
        store.replaceLastSeriesEvent(id, "p", event(id, 2).series("p", SeriesMode.LATEST).build());
        store.accumulateSeries(id, "s", event(id, 3).delta("s", "x").build(), "delta");
        List<TaskEvent> otherEvents = appendPlainEvents(other, 2);

        store.deleteHistory(id);
        store.deleteHistory(id);
        store.deleteHistory(taskId("never-stored"));

        assertEquals(List.of(), store.getEvents(id, EventQuery.ALL));
        assertEquals(Optional.empty(), store.getSeriesLatest(id, "p"));
        assertEquals(Optional.empty(), store.getSeriesLatest(id, "s"));
        assertEquals(Optional.of(completed), store.getTask(id));
        assertEquals(0, store.nextIndex(id), "the counter starts again at 0");
        assertEquals(otherEvents, store.getEvents(other, EventQuery.ALL));
    }

    @Test
    void deletingHistoryAndTaskLeavesNothingAndTheIdIsUsableAgain() {
        String type = prefix + "type";
        Task gone = saveTyped("t", TaskStatus.COMPLETED, type);
        appendPlainEvents(gone.id(), 3);
        store.setSeriesLatest(gone.id(), "p", event(gone.id(), 3).series("p", SeriesMode.LATEST).build());

        store.deleteHistory(gone.id());
        store.deleteTask(gone.id());

        assertEquals(Optional.empty(), store.getTask(gone.id()));
        assertEquals(List.of(), store.getEvents(gone.id(), EventQuery.ALL));
        assertEquals(Optional.empty(), store.getSeriesLatest(gone.id(), "p"));
        assertEquals(List.of(), store.listTasks(new TaskQuery(null, List.of(type), null)));

        Task again = task(gone.id(), TaskStatus.PENDING).toBuilder().type(type).build();
        assertTrue(store.createTask(again));
        assertEquals(0, store.nextIndex(gone.id()));
        TaskEvent first = event(gone.id(), 0).build();
        store.appendEvent(gone.id(), first);
        assertEquals(Optional.of(again), store.getTask(gone.id()));
        assertEquals(List.of(first), store.getEvents(gone.id(), EventQuery.ALL));
        assertEquals(List.of(again), store.listTasks(new TaskQuery(null, List.of(type), null)));
    }

    // ---------------------------------------------------------------- several instances

    @Test
    void storesSharingABackingServiceSeeEachOthersWrites() throws Exception {
        assumeTrue(storesShareState(), "the provider keeps state per store instance");
        ShortTermStore other = newStore();
        try {
            String id = taskId("t");
            Task pending = task(id, TaskStatus.PENDING);
            assertTrue(store.createTask(pending));
            assertFalse(other.createTask(pending));
            assertEquals(Optional.of(pending), other.getTask(id));
            assertEquals(0, store.nextIndex(id));
            assertEquals(1, other.nextIndex(id));
        } finally {
            releaseStore(other);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Element {@code r} of every thread's result list, in thread order. */
    private static <T> List<T> column(List<List<T>> perThread, int r) {
        return perThread.stream().map(results -> results.get(r)).toList();
    }

    private List<TaskEvent> query(String id, SinceCursor since, Integer limit) {
        return store.getEvents(id, new EventQuery(since, limit));
    }

    private List<TaskEvent> appendPlainEvents(String id, int count) {
        List<TaskEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TaskEvent e = event(id, i).build();
            store.appendEvent(id, e);
            events.add(e);
        }
        return events;
    }

    private TaskEvent accumulate(String id, long index, String data) {
        TaskEvent e = event(id, index).series("s", SeriesMode.ACCUMULATE).accField("t").data(data).build();
        return store.accumulateSeries(id, "s", e, "t");
    }

    private Task saveTyped(String name, TaskStatus status, String type) {
        Task t = task(taskId(name), status).toBuilder().type(type).build();
        store.saveTask(t);
        return t;
    }

    /** The base of a deadline range no real deadline (epoch ms of today) and no other run is likely to use. */
    private static long deadlineWindow() {
        return FAR_ENOUGH * (1 + ThreadLocalRandom.current().nextLong(1_000_000));
    }

    private String arm(String name, long epochMs) {
        String id = taskId(name);
        store.setDeadline(id, epochMs);
        tasksWithDeadline.add(id);
        return id;
    }

    private List<String> ours(List<String> taskIds) {
        return taskIds.stream().filter(id -> id.startsWith(prefix)).toList();
    }
}
