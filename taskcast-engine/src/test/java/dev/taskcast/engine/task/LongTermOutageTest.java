package dev.taskcast.engine.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.api.EventQuery;
import dev.taskcast.api.SinceCursor;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.engine.hooks.HookDispatcher;
import dev.taskcast.engine.memory.MemoryLongTermStore;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.spi.DependencyUnavailableException;
import dev.taskcast.spi.LongTermStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * docs/reliability.md guarantee 4 at the engine level: while the long-term store is unreachable,
 * creates, transitions and publishes succeed from the short-term store; long-term writes (task rows
 * and events) are held in a bounded queue and retried in order, so after recovery the store holds
 * what it would have held without the outage; only what exceeds the bound is reported dropped.
 */
class LongTermOutageTest {

    /** A memory long-term store that can be switched "unreachable" (every call fails as PostgreSQL's would). */
    static final class FlakyLongTerm implements LongTermStore {
        private final MemoryLongTermStore store = new MemoryLongTermStore();
        volatile boolean down;
        final AtomicInteger refused = new AtomicInteger();

        private void check() {
            if (down) {
                refused.incrementAndGet();
                throw new DependencyUnavailableException("postgres", "connection_refused", null);
            }
        }

        @Override
        public void saveTask(Task task) {
            check();
            store.saveTask(task);
        }

        @Override
        public Optional<Task> getTask(String taskId) {
            check();
            return store.getTask(taskId);
        }

        @Override
        public void saveEvent(TaskEvent event) {
            check();
            store.saveEvent(event);
        }

        @Override
        public void replaceLastSeriesEvent(String taskId, String seriesId, TaskEvent event) {
            check();
            store.replaceLastSeriesEvent(taskId, seriesId, event);
        }

        @Override
        public TaskEvent accumulateSeries(String taskId, String seriesId, TaskEvent event, String field) {
            check();
            return store.accumulateSeries(taskId, seriesId, event, field);
        }

        @Override
        public List<TaskEvent> getEvents(String taskId, EventQuery query) {
            check();
            return store.getEvents(taskId, query);
        }
    }

    @Test
    void everythingWrittenDuringAnOutageReachesTheStoreAfterItInOrder() {
        FlakyLongTerm lt = new FlakyLongTerm();
        RecordingHooks rec = new RecordingHooks();
        try (EngineFixture f = EngineFixture.create(b -> b.longTerm(lt).hooks(new HookDispatcher(List.of(rec))))) {
            f.createRunning("before");
            lt.down = true;

            f.create("during");                          // explicit id: the archive check is skipped
            f.to("during", TaskStatus.RUNNING);
            for (int i = 0; i < 20; i++) {
                f.publish("during", "e" + i);
            }
            f.to("during", TaskStatus.COMPLETED);
            f.publish("before", "x");
            f.to("before", TaskStatus.FAILED);
            assertTrue(f.engine.longTermBacklog() > 0, "writes are held");
            // A caught-up reader of a task the short-term store holds is not failed by the outage.
            long last = f.history("during").getLast().index();
            assertEquals(List.of(), f.engine.getEvents("during", EventQuery.since(SinceCursor.ofIndex(last))));

            lt.down = false;

            Eventually.await(EngineFixture.ASYNC, () -> f.engine.longTermBacklog() == 0,
                    () -> "backlog " + f.engine.longTermBacklog());
            assertEquals(TaskStatus.COMPLETED, lt.getTask("during").orElseThrow().status());
            assertEquals(TaskStatus.FAILED, lt.getTask("before").orElseThrow().status());
            assertEquals(ids(f.history("during")), ids(lt.getEvents("during", EventQuery.ALL)));
            assertEquals(ids(f.history("before")), ids(lt.getEvents("before", EventQuery.ALL)));
            assertEquals(0, f.engine.longTermDropped());
            assertTrue(rec.calls().stream().noneMatch(c -> c.hook().equals("dropped")), "nothing dropped");
        }
    }

    private static List<String> ids(List<TaskEvent> events) {
        return events.stream().map(TaskEvent::id).toList();
    }

    @Test
    void onlyWhatExceedsTheBoundIsReportedDropped() {
        FlakyLongTerm lt = new FlakyLongTerm();
        RecordingHooks rec = new RecordingHooks();
        try (EngineFixture f = EngineFixture.create(b -> b.longTerm(lt).longTermQueueCapacity(10)
                .hooks(new HookDispatcher(List.of(rec))))) {
            f.createRunning("t");
            Eventually.await(EngineFixture.ASYNC, () -> f.engine.longTermBacklog() == 0, () -> "initial writes");
            lt.down = true;
            f.publish("t", "e0");
            Eventually.await(EngineFixture.ASYNC, () -> lt.refused.get() > 0, () -> "the writer holds e0");
            for (int i = 1; i < 30; i++) {
                f.publish("t", "e" + i);
            }
            // One write is being retried, ten wait in the queue: the other 19 do not fit.
            Eventually.await(EngineFixture.ASYNC, () -> f.engine.longTermDropped() == 19,
                    () -> "dropped " + f.engine.longTermDropped());
            lt.down = false;
            Eventually.await(EngineFixture.ASYNC, () -> f.engine.longTermBacklog() == 0, () -> "drained");
            List<TaskEvent> stored = lt.getEvents("t", EventQuery.ALL);
            Set<String> droppedIds = new java.util.HashSet<>();
            rec.calls().stream().filter(c -> c.hook().equals("dropped")).forEach(c -> droppedIds.add(c.event().id()));
            assertEquals(19, droppedIds.size());
            assertEquals(f.history("t").size(), stored.size() + droppedIds.size(), "stored + reported = all");
            stored.forEach(e -> assertTrue(!droppedIds.contains(e.id())));
        }
    }
}
