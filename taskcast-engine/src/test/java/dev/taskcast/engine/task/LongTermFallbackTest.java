package dev.taskcast.engine.task;

import static dev.taskcast.engine.task.EngineFixture.indexes;
import static dev.taskcast.engine.task.EngineFixture.json;
import static dev.taskcast.engine.task.EngineFixture.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.SinceCursor;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.engine.hooks.HookDispatcher;
import dev.taskcast.engine.memory.MemoryLongTermStore;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.spi.LongTermStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * model.md §5.1 step 3/5 and §5.2 (the long-term store in create and getTask), §3.1 step 5
 * (synchronous task writes, long-term failure), §5.4 step 7 (asynchronous event archive,
 * onEventDropped) and §5.5 (long-term fallback when the short-term answer is empty).
 */
class LongTermFallbackTest {

    /** A scripted long-term store: answers getEvents with a fixed list and records the queries. */
    static final class ScriptedLongTerm implements LongTermStore {
        final Map<String, Task> tasks = new ConcurrentHashMap<>();
        final List<EventQuery> queries = new ArrayList<>();
        /** Archive writes in arrival order, e.g. {@code accumulateSeries:3:s:t}. */
        final List<String> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile List<TaskEvent> answer = List.of();
        volatile RuntimeException failTaskWrites;
        volatile RuntimeException failEventWrites;

        @Override
        public void saveTask(Task task) {
            if (failTaskWrites != null) {
                throw failTaskWrites;
            }
            tasks.put(task.id(), task);
        }

        @Override
        public Optional<Task> getTask(String taskId) {
            return Optional.ofNullable(tasks.get(taskId));
        }

        @Override
        public void saveEvent(TaskEvent event) {
            write("saveEvent:" + event.index());
        }

        @Override
        public void replaceLastSeriesEvent(String taskId, String seriesId, TaskEvent event) {
            write("replaceLastSeriesEvent:" + event.index() + ":" + seriesId);
        }

        @Override
        public TaskEvent accumulateSeries(String taskId, String seriesId, TaskEvent event, String field) {
            write("accumulateSeries:" + event.index() + ":" + seriesId + ":" + field);
            return event;
        }

        private void write(String op) {
            if (failEventWrites != null) {
                throw failEventWrites;
            }
            writes.add(op);
        }

        @Override
        public synchronized List<TaskEvent> getEvents(String taskId, EventQuery query) {
            queries.add(query);
            return answer;
        }

        synchronized List<EventQuery> queries() {
            return List.copyOf(queries);
        }
    }

    private static TaskEvent archived(String taskId, long index) {
        return new TaskEvent("01ARCHIVED00000000000000" + String.format("%02d", index), taskId, index, 1, "old",
                Level.INFO, json("{}"), null, null, null, null);
    }

    @Test
    void emptyShortTermAnswerIsReplacedByTheLongTermAnswerToTheSameQuery() {
        ScriptedLongTerm lt = new ScriptedLongTerm();
        lt.answer = List.of(archived("t", 0), archived("t", 1));
        try (EngineFixture f = EngineFixture.create(b -> b.longTerm(lt))) {
            f.createRunning("t");
            f.publish("t", "a");
            // A caught-up cursor: the short-term answer is empty, so the long-term store is asked.
            EventQuery caughtUp = new EventQuery(SinceCursor.ofIndex(1), 50);
            List<TaskEvent> got = f.engine.getEvents("t", caughtUp);
            assertEquals(lt.answer, got);
            assertEquals(List.of(caughtUp), lt.queries(), "the same query is passed on");
        }
    }

    @Test
    void nonEmptyShortTermAnswerNeverConsultsTheLongTermStore() {
        ScriptedLongTerm lt = new ScriptedLongTerm();
        lt.answer = List.of(archived("t", 0));
        try (EngineFixture f = EngineFixture.create(b -> b.longTerm(lt))) {
            f.createRunning("t");
            f.publish("t", "a");
            assertEquals(List.of(TaskEvent.STATUS_TYPE, "a"), types(f.engine.getEvents("t", EventQuery.ALL)));
            assertEquals(List.of("a"), types(f.engine.getEvents("t", EventQuery.since(SinceCursor.ofIndex(0)))));
            assertEquals(List.of(), lt.queries());
        }
    }

    @Test
    void withoutLongTermStoreAnEmptyAnswerStaysEmpty() {
        try (EngineFixture f = EngineFixture.create()) {
            f.createRunning("t");
            assertEquals(List.of(), f.engine.getEvents("t", EventQuery.since(SinceCursor.ofIndex(0))));
        }
    }

    @Test
    void taskWritesReachTheLongTermStoreBeforeTheCallReturns() {
        ScriptedLongTerm lt = new ScriptedLongTerm();
        try (EngineFixture f = EngineFixture.create(b -> b.longTerm(lt))) {
            Task created = f.create("t");
            assertEquals(created, lt.tasks.get("t"));
            Task running = f.to("t", TaskStatus.RUNNING);
            assertEquals(running, lt.tasks.get("t"));
        }
    }

    @Test
    void longTermTaskWriteFailureSurfacesButKeepsTheShortTermTransition() {
        ScriptedLongTerm lt = new ScriptedLongTerm();
        try (EngineFixture f = EngineFixture.create(b -> b.longTerm(lt))) {
            f.createRunning("t");
            lt.failTaskWrites = new IllegalStateException("pg down");
            RuntimeException e = assertThrows(RuntimeException.class, () -> f.to("t", TaskStatus.COMPLETED));
            assertSame(lt.failTaskWrites, e);
            assertEquals(TaskStatus.COMPLETED, f.shortTerm.getTask("t").orElseThrow().status());
            assertEquals(TaskStatus.COMPLETED, f.history("t").getLast().terminalStatus(),
                    "the committed transition is still announced");
        }
    }

    @Test
    void failedArchiveWriteCallsOnEventDroppedAndTheLatePublishStillSucceeds() {
        ScriptedLongTerm lt = new ScriptedLongTerm();
        lt.failEventWrites = new IllegalStateException("disk full");
        RecordingHooks rec = new RecordingHooks();
        try (EngineFixture f = EngineFixture.create(b -> b.longTerm(lt).hooks(new HookDispatcher(List.of(rec))))) {
            f.create("t");
            TaskEvent e = f.publish("t", "a");
            assertEquals(List.of(e), f.history("t"));
            RecordingHooks.Call dropped = rec.await(c -> c.hook().equals("dropped"), "onEventDropped");
            assertEquals(e, dropped.event());
            assertEquals("Error: disk full", dropped.reason());
        }
    }

    @Test
    void archiveUsesEachSeriesModesCompactionOperationInEmissionOrder() {
        ScriptedLongTerm lt = new ScriptedLongTerm();
        try (EngineFixture f = EngineFixture.create(b -> b.longTerm(lt))) {
            f.createRunning("t");                                                              // 0 status
            f.publish("t", "plain");                                                           // 1
            f.publishSeries("t", "k", "{}", "k", SeriesMode.KEEP_ALL, null);                  // 2
            f.publishSeries("t", "d", "{\"delta\":\"a\"}", "s", SeriesMode.ACCUMULATE, null); // 3
            f.publishSeries("t", "d", "{\"t\":\"a\"}", "s2", SeriesMode.ACCUMULATE, "t");     // 4
            f.publishSeries("t", "p", "{}", "p", SeriesMode.LATEST, null);                    // 5
            f.publishSeries("t", "x", "{}", "only-id", null, null);                           // 6 plain
            f.to("t", TaskStatus.COMPLETED);                                                   // 7 status
            Eventually.await(EngineFixture.ASYNC, () -> lt.writes.size() == 8, () -> "8 archive writes: " + lt.writes);
            assertEquals(List.of("saveEvent:0", "saveEvent:1", "saveEvent:2", "accumulateSeries:3:s:delta",
                    "accumulateSeries:4:s2:t", "replaceLastSeriesEvent:5:p", "saveEvent:6", "saveEvent:7"), lt.writes);
        }
    }

    @Test
    void droppedAccumulateEventIsReportedInItsAccumulatedForm() {
        ScriptedLongTerm lt = new ScriptedLongTerm();
        RecordingHooks rec = new RecordingHooks();
        try (EngineFixture f = EngineFixture.create(b -> b.longTerm(lt).hooks(new HookDispatcher(List.of(rec))))) {
            f.create("t");
            lt.failEventWrites = new IllegalStateException("down");
            f.publishSeries("t", "d", "{\"delta\":\"a\"}", "s", SeriesMode.ACCUMULATE, null);
            TaskEvent second = f.publishSeries("t", "d", "{\"delta\":\"b\"}", "s", SeriesMode.ACCUMULATE, null);
            RecordingHooks.Call dropped = rec.await(c -> c.hook().equals("dropped") && c.event().index() == 1,
                    "onEventDropped of the second delta");
            assertEquals(second.id(), dropped.event().id());
            EngineFixture.assertJson("{\"delta\":\"ab\"}", dropped.event().data());
            assertEquals("Error: down", dropped.reason());
        }
    }

    @Test
    void existingLongTermTaskMakesAnExplicitIdConflict() {
        MemoryLongTermStore lt = new MemoryLongTermStore();
        lt.saveTask(Task.builder("old", TaskStatus.COMPLETED, 1).completedAt(2L).updatedAt(2).build());
        try (EngineFixture f = EngineFixture.create(b -> b.longTerm(lt))) {
            TaskConflictException e = assertThrows(TaskConflictException.class, () -> f.create("old"));
            assertEquals("Task already exists: old", e.getMessage());
            assertTrue(f.shortTerm.getTask("old").isEmpty(), "nothing was inserted");
        }
    }

    @Test
    void restartedMemoryShortTermIsServedFromTheArchive() {
        MemoryLongTermStore lt = new MemoryLongTermStore();
        try (EngineFixture first = EngineFixture.create(b -> b.longTerm(lt))) {
            first.createRunning("t");
            first.publish("t", "a");
            first.publish("t", "b");
            // Event archiving is asynchronous: wait until the long-term store has all three.
            Eventually.await(EngineFixture.ASYNC, () -> lt.getEvents("t", EventQuery.ALL).size() == 3,
                    () -> "archive of 3 events, have " + lt.getEvents("t", EventQuery.ALL));
        }
        // A new instance with an empty memory short-term store sharing the archive.
        try (EngineFixture second = EngineFixture.create(b -> b.longTerm(lt))) {
            Task t = second.engine.getTask("t").orElseThrow();
            assertEquals(TaskStatus.RUNNING, t.status(), "getTask falls back to the long-term store");
            List<TaskEvent> all = second.engine.getEvents("t", EventQuery.ALL);
            assertEquals(List.of(TaskEvent.STATUS_TYPE, "a", "b"), types(all));
            assertEquals(List.of(0L, 1L, 2L), indexes(all));
            assertEquals(List.of(2L), indexes(second.engine.getEvents("t", EventQuery.since(SinceCursor.ofIndex(1)))));
            assertEquals(List.of(0L), indexes(second.engine.getEvents("t", new EventQuery(null, 1))));
        }
    }

    @Test
    void taskKnownOnlyToTheLongTermStoreCanStillBeTransitioned() {
        MemoryLongTermStore lt = new MemoryLongTermStore();
        lt.saveTask(Task.builder("arch", TaskStatus.RUNNING, 1).build());
        try (EngineFixture f = EngineFixture.create(b -> b.longTerm(lt))) {
            Task done = f.to("arch", TaskStatus.COMPLETED);
            assertEquals(TaskStatus.COMPLETED, done.status());
            assertEquals(TaskStatus.COMPLETED, f.shortTerm.getTask("arch").orElseThrow().status());
            assertEquals(TaskStatus.COMPLETED, lt.getTask("arch").orElseThrow().status());
        }
    }
}
