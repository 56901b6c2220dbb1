package dev.taskcast.engine.memory;

import static dev.taskcast.engine.storage.contract.StorageFixtures.event;
import static dev.taskcast.engine.storage.contract.StorageFixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.api.EventQuery;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskQuery;
import dev.taskcast.api.TaskStatus;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the memory store promises beyond the shared contract: it is alone in its process, so it can be exact. */
class MemoryShortTermStoreTest {
    private final MemoryShortTermStore store = new MemoryShortTermStore();

    @Test
    void listTasksAnswersInTheOrderTasksWereFirstStored() {
        Task c = task("c", TaskStatus.PENDING);
        Task a = task("a", TaskStatus.PENDING);
        Task b = task("b", TaskStatus.RUNNING);
        store.createTask(c);
        store.saveTask(a);
        store.createTask(b);
        Task aRunning = a.toBuilder().status(TaskStatus.RUNNING).build();
        store.saveTask(aRunning);
        store.createTask(c);

        assertEquals(List.of(c, aRunning, b), store.listTasks(TaskQuery.ALL));
        assertEquals(List.of(c, aRunning), store.listTasks(new TaskQuery(null, null, 2)));
        assertEquals(List.of(aRunning, b), store.listTasks(new TaskQuery(List.of("running"), null, null)));
    }

    @Test
    void listTasksTreatsANonPositiveLimitAsNoLimit() {
        store.createTask(task("a", TaskStatus.PENDING));
        store.createTask(task("b", TaskStatus.PENDING));

        assertEquals(2, store.listTasks(new TaskQuery(null, null, 0)).size());
    }

    @Test
    void writingEventsForAnIdCreatesNoTask() {
        store.nextIndex("ghost");
        store.appendEvent("ghost", event("ghost", 0).build());
        store.setDeadline("ghost", 5);

        assertEquals(Optional.empty(), store.getTask("ghost"));
        assertEquals(List.of(), store.listTasks(TaskQuery.ALL));
    }

    @Test
    void dueDeadlinesAreExactlyTheDueOnesEarliestFirst() {
        store.setDeadline("a", 30);
        store.setDeadline("b", 10);
        store.setDeadline("c", 20);
        store.setDeadline("d", 31);

        assertEquals(List.of("b", "c", "a"), store.dueDeadlines(30, 100));
        assertEquals(List.of("b", "c"), store.dueDeadlines(30, 2));
        assertEquals(List.of(), store.dueDeadlines(9, 100));
        assertEquals(List.of(), store.dueDeadlines(30, 0));
    }

    @Test
    void aMovedOrClearedDeadlineLeavesNoStaleEntry() {
        store.setDeadline("a", 10);
        store.setDeadline("a", 20);
        store.setDeadline("b", 15);
        store.clearDeadline("b");

        assertEquals(List.of("a"), store.dueDeadlines(100, 100));
    }

    @Test
    void aTaskDeletedWithItsHistoryLeavesNothingBehind() {
        for (int i = 0; i < 1000; i++) {
            String id = "t" + i;
            store.createTask(task(id, TaskStatus.COMPLETED));
            store.setDeadline(id, 5);
            store.nextIndex(id);
            store.appendEvent(id, event(id, 0).build());
            store.setSeriesLatest(id, "s", event(id, 1).series("s", SeriesMode.LATEST).build());
        }

        for (int i = 0; i < 1000; i++) {
            store.deleteHistory("t" + i);
            store.deleteTask("t" + i);
        }

        assertEquals(0, store.recordCount());
        assertEquals(List.of(), store.listTasks(TaskQuery.ALL));
        assertEquals(List.of(), store.dueDeadlines(Long.MAX_VALUE, 10));
    }

    @Test
    void aRecordStaysWhileAnythingIsLeftInIt() {
        store.createTask(task("task-only", TaskStatus.COMPLETED));
        store.appendEvent("history-only", event("history-only", 0).build());
        TaskEvent e = event("events-deleted", 0).build();
        store.createTask(task("events-deleted", TaskStatus.COMPLETED));
        store.appendEvent("events-deleted", e);

        store.deleteHistory("task-only");
        store.deleteTask("history-only");
        store.deleteEvents("events-deleted", Set.of(e.id()));

        assertEquals(3, store.recordCount());
        assertTrue(store.getTask("task-only").isPresent());
        assertEquals(1, store.getEvents("history-only", EventQuery.ALL).size());
    }

    @Test
    void writesAfterTheRecordWasDroppedLandInAFreshRecord() {
        store.createTask(task("t", TaskStatus.COMPLETED));
        store.deleteTask("t");
        assertEquals(0, store.recordCount());

        TaskEvent e = event("t", 0).build();
        store.appendEvent("t", e);

        assertEquals(List.of(e), store.getEvents("t", EventQuery.ALL));
        assertEquals(1, store.recordCount());
    }
}
