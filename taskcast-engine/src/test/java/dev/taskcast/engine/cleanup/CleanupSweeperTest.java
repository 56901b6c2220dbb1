package dev.taskcast.engine.cleanup;

import static dev.taskcast.engine.task.EngineFixture.json;
import static dev.taskcast.engine.task.EngineFixture.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.api.CleanupRule;
import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskQuery;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.engine.memory.MemoryLongTermStore;
import dev.taskcast.engine.storage.contract.Concurrently;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.engine.task.EngineFixture;
import dev.taskcast.engine.task.NewEvent;
import dev.taskcast.engine.task.NewTask;
import dev.taskcast.spi.DependencyUnavailableException;
import dev.taskcast.spi.LongTermStore;
import dev.taskcast.spi.TaskcastHooks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** webhooks-hooks-cleanup.md §3.3: executing cleanup rules against the memory stores. */
class CleanupSweeperTest {
    private final MemoryLongTermStore longTerm = new MemoryLongTermStore();
    private EngineFixture f = EngineFixture.create(b -> b.longTerm(longTerm));

    @AfterEach
    void close() {
        f.close();
    }

    // ---------------------------------------------------------------- helpers

    private static String rules(String... rules) {
        return "{\"rules\":[" + String.join(",", rules) + "]}";
    }

    private static List<CleanupRule> global(String... rules) {
        return CleanupRule.listFrom(json("[" + String.join(",", rules) + "]"));
    }

    private CleanupSweeper sweeper(List<CleanupRule> globalRules) {
        return new CleanupSweeper(f.shortTerm, longTerm, globalRules, f::now);
    }

    private Task create(String id, String type, String cleanup) {
        return f.engine.createTask(new NewTask(id, type, null, null, null, null, null,
                cleanup == null ? null : json(cleanup), null, null, null, null));
    }

    /** running → publish the given types (info) → completed; waits until the archive has every event. */
    private Task completedWith(String id, String type, String cleanup, String... eventTypes) {
        create(id, type, cleanup);
        f.to(id, TaskStatus.RUNNING);
        for (String t : eventTypes) {
            f.publish(id, t);
        }
        Task done = f.to(id, TaskStatus.COMPLETED);
        awaitArchived(id);
        return done;
    }

    /** The archive writer is asynchronous and FIFO: once the last event is there, all are. */
    private void awaitArchived(String id) {
        String lastId = f.shortTerm.getEvents(id, EventQuery.ALL).getLast().id();
        Eventually.await(EngineFixture.ASYNC,
                () -> longTerm.getEvents(id, EventQuery.ALL).stream().anyMatch(e -> e.id().equals(lastId)),
                () -> "archive of " + id + ": " + longTerm.getEvents(id, EventQuery.ALL));
    }

    private List<String> shortTermTypes(String id) {
        return types(f.shortTerm.getEvents(id, EventQuery.ALL));
    }

    private List<String> longTermTypes(String id) {
        return types(longTerm.getEvents(id, EventQuery.ALL));
    }

    private static final List<String> RUN_AND_COMPLETE = List.of("taskcast:status", "taskcast:status");

    // ---------------------------------------------------------------- targets

    @Test
    void eventsTargetDeletesTheChosenEventsFromBothStoresAndKeepsTheTask() {
        Task done = completedWith("t", "llm.chat",
                rules("{\"target\":\"events\",\"eventFilter\":{\"types\":[\"llm.*\"]}}"),
                "llm.delta", "log", "llm.done");

        assertEquals(1, sweeper(List.of()).sweep(100));

        List<String> left = List.of("taskcast:status", "log", "taskcast:status");
        assertEquals(left, shortTermTypes("t"));
        assertEquals(left, longTermTypes("t"));
        assertEquals(left, types(f.engine.getEvents("t", EventQuery.ALL)));
        assertEquals(Optional.of(done), f.engine.getTask("t"));
        assertEquals(List.of(done), f.engine.listTasks(TaskQuery.ALL));
    }

    @Test
    void eventsTargetWithoutAFilterEmptiesBothHistories() {
        Task done = completedWith("t", null, rules("{\"target\":\"events\"}"), "a", "b");

        sweeper(List.of()).sweep(100);

        assertEquals(List.of(), f.engine.getEvents("t", EventQuery.ALL), "no short-term events and no archive rows");
        assertEquals(List.of(), longTerm.getEvents("t", EventQuery.ALL));
        assertEquals(Optional.of(done), f.engine.getTask("t"));
    }

    @Test
    void eventsAreChosenSeparatelyFromEachStoresOwnRows() {
        create("t", null, rules("{\"target\":\"events\",\"eventFilter\":{\"seriesMode\":[\"accumulate\"]}}"));
        f.to("t", TaskStatus.RUNNING);
        for (String delta : List.of("He", "ll", "o")) {
            f.engine.publish("t", new NewEvent("llm.delta", Level.INFO,
                    json("{\"delta\":\"" + delta + "\"}"), "s", SeriesMode.ACCUMULATE, null));
        }
        TaskEvent kept = f.publishSeries("t", "step", "{\"n\":1}", "k", SeriesMode.KEEP_ALL, null);
        f.to("t", TaskStatus.COMPLETED);
        awaitArchived("t");
        assertEquals(6, f.shortTerm.getEvents("t", EventQuery.ALL).size(), "three deltas in the short-term history");
        assertEquals(4, longTerm.getEvents("t", EventQuery.ALL).size(), "one compacted row in the archive");

        sweeper(List.of()).sweep(100);

        // Events without a series mode are not excluded by seriesMode: only the keep-all event stays.
        assertEquals(List.of(kept), f.shortTerm.getEvents("t", EventQuery.ALL));
        assertEquals(List.of(kept.id()), longTerm.getEvents("t", EventQuery.ALL).stream().map(TaskEvent::id).toList());
        assertEquals(Optional.empty(), f.shortTerm.getSeriesLatest("t", "s"), "the accumulate pointer went with its event");
    }

    @Test
    void taskTargetWithoutALongTermStoreMakesTheTaskAndItsHistoryDisappear() {
        f.close();
        f = EngineFixture.create();
        create("t", null, rules("{\"target\":\"task\"}"));
        f.to("t", TaskStatus.RUNNING);
        f.publish("t", "log");
        f.to("t", TaskStatus.CANCELLED);

        assertEquals(1, new CleanupSweeper(f.shortTerm, null, List.of(), f::now).sweep(100));

        assertEquals(Optional.empty(), f.engine.getTask("t"));
        assertEquals(List.of(), f.engine.getEvents("t", EventQuery.ALL));
        assertEquals(List.of(), f.engine.listTasks(TaskQuery.ALL));
    }

    @Test
    void taskTargetLeavesTheArchiveWhichTheEngineThenReadsFrom() {
        Task done = completedWith("t", null, rules("{\"target\":\"task\"}"), "a", "b");
        List<TaskEvent> archived = longTerm.getEvents("t", EventQuery.ALL);

        sweeper(List.of()).sweep(100);

        assertEquals(Optional.empty(), f.shortTerm.getTask("t"));
        assertEquals(List.of(), f.shortTerm.getEvents("t", EventQuery.ALL));
        assertEquals(List.of(), f.engine.listTasks(TaskQuery.ALL));
        assertEquals(Optional.of(done), f.engine.getTask("t"), "the archived task");
        assertEquals(archived, f.engine.getEvents("t", EventQuery.ALL), "the archived history");
    }

    @Test
    void allTargetDeletesTheTaskAndEveryEventEverywhere() {
        completedWith("t", null, rules("{\"target\":\"all\",\"eventFilter\":{\"types\":[\"nothing\"]}}"), "a");

        assertEquals(1, sweeper(List.of()).sweep(100));

        assertEquals(Optional.empty(), f.engine.getTask("t"));
        assertEquals(List.of(), f.engine.getEvents("t", EventQuery.ALL));
        assertEquals(Optional.empty(), longTerm.getTask("t"));
        assertEquals(List.of(), longTerm.getEvents("t", EventQuery.ALL));
        assertEquals(List.of(), f.engine.listTasks(TaskQuery.ALL));
    }

    @Test
    void aTaskIdFreedByCleanupCanBeUsedAgain() {
        f.close();
        f = EngineFixture.create();
        create("t", null, rules("{\"target\":\"all\"}"));
        f.to("t", TaskStatus.CANCELLED);
        new CleanupSweeper(f.shortTerm, null, List.of(), f::now).sweep(100);

        create("t", null, null);
        f.to("t", TaskStatus.RUNNING);

        assertEquals(List.of(0L), EngineFixture.indexes(f.history("t")), "a new history from index 0");
    }

    // ---------------------------------------------------------------- rule order

    @Test
    void theTasksOwnRulesComeBeforeTheGlobalOnesAndTaskStopsEvaluation() {
        completedWith("t", null, rules("{\"target\":\"task\"}"), "a");

        sweeper(global("{\"target\":\"all\"}", "{\"target\":\"events\"}")).sweep(100);

        assertTrue(longTerm.getTask("t").isPresent(), "the global all rule never ran");
        assertEquals(List.of("taskcast:status", "a", "taskcast:status"), longTermTypes("t"),
                "nor did the global events rule");
    }

    @Test
    void allStopsEvaluationToo() {
        completedWith("t", null, rules("{\"target\":\"all\"}"), "a");
        List<String> later = new CopyOnWriteArrayList<>();
        LongTermStore watching = new Delegating(longTerm) {
            @Override
            public void deleteEvents(String taskId, Set<String> eventIds) {
                later.add(taskId);
                super.deleteEvents(taskId, eventIds);
            }
        };

        new CleanupSweeper(f.shortTerm, watching, global("{\"target\":\"events\"}"), f::now).sweep(100);

        assertEquals(List.of(), later);
        assertEquals(Optional.empty(), longTerm.getTask("t"));
    }

    @Test
    void everyMatchingEventsRuleRunsInOrderBeforeALaterTaskRule() {
        completedWith("t", null,
                rules("{\"target\":\"events\",\"eventFilter\":{\"types\":[\"a\"]}}",
                        "{\"target\":\"events\",\"match\":{\"status\":[\"failed\"]}}"),
                "a", "b", "c");

        sweeper(global("{\"target\":\"events\",\"eventFilter\":{\"types\":[\"b\"]}}",
                "{\"target\":\"task\"}")).sweep(100);

        assertEquals(List.of("taskcast:status", "c", "taskcast:status"), longTermTypes("t"),
                "a (task rule) and b (global events rule) deleted; the failed-only rule did not match");
        assertEquals(Optional.empty(), f.shortTerm.getTask("t"), "then the global task rule");
    }

    @Test
    void rulesWithoutAValidTargetAreIgnored() {
        completedWith("t", null, rules("{}", "{\"target\":\"everything\"}"), "a");

        assertEquals(0, sweeper(global("{\"target\":null}")).sweep(100));

        assertEquals(List.of("taskcast:status", "a", "taskcast:status"), shortTermTypes("t"));
    }

    // ---------------------------------------------------------------- timing and matching

    @Test
    void afterMsCountsFromCompletedAt() {
        Task done = completedWith("t", null, rules("{\"target\":\"all\",\"trigger\":{\"afterMs\":60000}}"), "a");
        CleanupSweeper sweeper = sweeper(List.of());

        f.tick(59_999);
        assertEquals(0, sweeper.sweep(100));
        assertEquals(Optional.of(done), f.engine.getTask("t"));

        f.tick(1);
        assertEquals(1, sweeper.sweep(100));
        assertEquals(Optional.empty(), f.engine.getTask("t"));
    }

    @Test
    void matchCriteriaSelectTheTasks() {
        completedWith("llm", "llm.chat", null, "a");
        completedWith("img", "image.render", null, "a");
        completedWith("untyped", null, null, "a");
        create("failed", "llm.chat", null);
        f.to("failed", TaskStatus.RUNNING);
        f.to("failed", TaskStatus.FAILED);

        sweeper(global("{\"target\":\"all\",\"match\":{\"taskTypes\":[\"llm.*\"],\"status\":[\"completed\"]}}"))
                .sweep(100);

        assertEquals(List.of("failed", "img", "untyped"),
                f.engine.listTasks(TaskQuery.ALL).stream().map(Task::id).sorted().toList());
    }

    @Test
    void eventFilterByLevel() {
        create("t", null, rules("{\"target\":\"events\",\"eventFilter\":{\"levels\":[\"debug\",\"warn\"]}}"));
        f.to("t", TaskStatus.RUNNING);
        f.engine.publish("t", NewEvent.of("d", Level.DEBUG, null));
        f.engine.publish("t", NewEvent.of("i", Level.INFO, null));
        f.engine.publish("t", NewEvent.of("w", Level.WARN, null));
        f.engine.publish("t", NewEvent.of("e", Level.ERROR, null));
        f.to("t", TaskStatus.COMPLETED);
        awaitArchived("t");

        sweeper(List.of()).sweep(100);

        List<String> left = List.of("taskcast:status", "i", "e", "taskcast:status");
        assertEquals(left, shortTermTypes("t"));
        assertEquals(left, longTermTypes("t"));
    }

    @Test
    void eventFilterOlderThanIsRelativeToCompletedAt() {
        create("t", null, rules("{\"target\":\"events\",\"eventFilter\":{\"olderThanMs\":15000}}"));
        f.to("t", TaskStatus.RUNNING);
        f.publish("t", "early");
        f.tick(5_000);
        f.publish("t", "boundary");
        f.tick(15_000);
        f.publish("t", "late");
        f.to("t", TaskStatus.COMPLETED);
        awaitArchived("t");

        sweeper(List.of()).sweep(100);

        // completedAt − 15000 = T0 + 5000: only strictly older events go; "boundary" sits exactly on it.
        List<String> left = List.of("boundary", "late", "taskcast:status");
        assertEquals(left, shortTermTypes("t"));
        assertEquals(left, longTermTypes("t"));
    }

    // ---------------------------------------------------------------- what is never touched

    @Test
    void nonTerminalTasksAndTasksWithoutAMatchingRuleAreNeverTouched() {
        create("pending", null, rules("{\"target\":\"all\"}"));
        f.publish("pending", "p");
        create("running", null, rules("{\"target\":\"all\"}"));
        f.to("running", TaskStatus.RUNNING);
        f.publish("running", "r");
        Task noRule = completedWith("no-rule", null, null, "x");
        Task otherType = completedWith("other-type", "image", rules("{\"target\":\"all\",\"match\":{\"taskTypes\":[\"llm\"]}}"), "y");
        List<TaskEvent> pendingHistory = f.history("pending");
        List<TaskEvent> runningHistory = f.history("running");
        List<TaskEvent> noRuleHistory = f.history("no-rule");

        assertEquals(0, sweeper(global("{\"target\":\"all\",\"match\":{\"status\":[\"timeout\"]}}")).sweep(100));

        assertEquals(TaskStatus.PENDING, f.engine.getTask("pending").orElseThrow().status());
        assertEquals(pendingHistory, f.history("pending"));
        assertEquals(TaskStatus.RUNNING, f.engine.getTask("running").orElseThrow().status());
        assertEquals(runningHistory, f.history("running"));
        assertEquals(Optional.of(noRule), f.engine.getTask("no-rule"));
        assertEquals(noRuleHistory, f.history("no-rule"));
        assertEquals(Optional.of(otherType), f.engine.getTask("other-type"));
        assertEquals(3, longTerm.getEvents("no-rule", EventQuery.ALL).size());
    }

    @Test
    void cleaningOneTaskLeavesTheOthersAlone() {
        completedWith("gone", "tmp", null, "a");
        Task kept = completedWith("kept", "keep", null, "a");
        List<TaskEvent> keptShort = f.history("kept");
        List<TaskEvent> keptLong = longTerm.getEvents("kept", EventQuery.ALL);

        sweeper(global("{\"target\":\"all\",\"match\":{\"taskTypes\":[\"tmp\"]}}")).sweep(100);

        assertEquals(Optional.empty(), f.engine.getTask("gone"));
        assertEquals(Optional.of(kept), f.engine.getTask("kept"));
        assertEquals(keptShort, f.history("kept"));
        assertEquals(keptLong, longTerm.getEvents("kept", EventQuery.ALL));
    }

    // ---------------------------------------------------------------- idempotency and concurrency

    @Test
    void aSecondSweepDeletesNothingMore() {
        completedWith("events", null, rules("{\"target\":\"events\",\"eventFilter\":{\"types\":[\"a\"]}}"), "a", "b");
        completedWith("task", null, rules("{\"target\":\"task\"}"), "a");
        completedWith("all", null, rules("{\"target\":\"all\"}"), "a");
        CleanupSweeper sweeper = sweeper(List.of());
        assertEquals(3, sweeper.sweep(100));
        List<TaskEvent> eventsShort = f.history("events");
        List<TaskEvent> eventsLong = longTerm.getEvents("events", EventQuery.ALL);
        List<TaskEvent> taskLong = longTerm.getEvents("task", EventQuery.ALL);

        assertEquals(0, sweeper.sweep(100));
        assertEquals(0, sweeper(List.of()).sweep(100), "nor does a fresh sweeper");

        assertEquals(eventsShort, f.history("events"));
        assertEquals(eventsLong, longTerm.getEvents("events", EventQuery.ALL));
        assertEquals(taskLong, longTerm.getEvents("task", EventQuery.ALL));
        assertTrue(longTerm.getTask("task").isPresent());
    }

    @Test
    void instancesSweepingConcurrentlyReachTheSameResult() {
        for (int i = 0; i < 30; i++) {
            String target = switch (i % 3) {
                case 0 -> "{\"target\":\"events\",\"eventFilter\":{\"types\":[\"a\"]}}";
                case 1 -> "{\"target\":\"task\"}";
                default -> "{\"target\":\"all\"}";
            };
            completedWith("t" + i, null, rules(target), "a", "b");
        }

        Concurrently.runAll(4, Duration.ofSeconds(30), n -> sweeper(List.of()).sweep(1000));

        for (int i = 0; i < 30; i++) {
            String id = "t" + i;
            switch (i % 3) {
                case 0 -> {
                    assertEquals(List.of("taskcast:status", "b", "taskcast:status"), shortTermTypes(id));
                    assertEquals(List.of("taskcast:status", "b", "taskcast:status"), longTermTypes(id));
                }
                case 1 -> {
                    assertEquals(Optional.empty(), f.shortTerm.getTask(id));
                    assertEquals(4, longTerm.getEvents(id, EventQuery.ALL).size());
                }
                default -> {
                    assertEquals(Optional.empty(), f.engine.getTask(id));
                    assertEquals(List.of(), f.engine.getEvents(id, EventQuery.ALL));
                }
            }
        }
    }

    // ---------------------------------------------------------------- budget and failures

    @Test
    void theBudgetCountsOnlyTasksWithAMatchingRuleAndLaterSweepsContinue() {
        for (int i = 0; i < 10; i++) {
            completedWith("a-plain" + i, null, null, "x");
        }
        for (int i = 0; i < 5; i++) {
            completedWith("z-rule" + i, null, rules("{\"target\":\"events\"}"), "x");
        }
        CleanupSweeper sweeper = sweeper(List.of());

        assertEquals(2, sweeper.sweep(2));
        assertEquals(2, sweeper.sweep(2));
        assertEquals(1, sweeper.sweep(2), "the last one, then the sweep wraps around");
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(), f.history("z-rule" + i));
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(3, f.history("a-plain" + i).size());
        }
        assertEquals(0, sweeper.sweep(2));
    }

    @Test
    void aFailureOnOneTaskIsReportedAndTheSweepContinues() {
        completedWith("a-bad", null, rules("{\"target\":\"events\"}"), "x");
        completedWith("b-good", null, rules("{\"target\":\"events\"}"), "x");
        List<String> reported = new CopyOnWriteArrayList<>();
        LongTermStore failing = new Delegating(longTerm) {
            @Override
            public void deleteEvents(String taskId, Set<String> eventIds) {
                if (taskId.equals("a-bad")) {
                    throw new IllegalStateException("disk on fire");
                }
                super.deleteEvents(taskId, eventIds);
            }
        };
        TaskcastHooks hooks = new TaskcastHooks() {
            @Override
            public void onUnhandledError(Throwable error, ErrorContext context) {
                reported.add(context.operation() + ":" + context.taskId() + ":" + error.getMessage());
            }
        };

        int changed = new CleanupSweeper(f.shortTerm, failing, List.of(), f::now, hooks).sweep(100);

        assertEquals(1, changed);
        assertEquals(List.of("cleanup:a-bad:disk on fire"), reported);
        assertEquals(List.of(), longTerm.getEvents("b-good", EventQuery.ALL));
        assertEquals(3, longTerm.getEvents("a-bad", EventQuery.ALL).size());
    }

    @Test
    void aStoreWithoutDeleteSupportFailsThatTaskOnly() {
        completedWith("t", null, rules("{\"target\":\"all\"}"), "x");
        LongTermStore legacy = new LegacyLongTerm(longTerm);
        List<Throwable> reported = new CopyOnWriteArrayList<>();

        new CleanupSweeper(f.shortTerm, legacy, List.of(), f::now, new TaskcastHooks() {
            @Override
            public void onUnhandledError(Throwable error, ErrorContext context) {
                reported.add(error);
            }
        }).sweep(100);

        assertEquals(1, reported.size());
        assertEquals("deleteTask is not supported by " + LegacyLongTerm.class.getName(), reported.get(0).getMessage());
        assertTrue(reported.get(0) instanceof UnsupportedOperationException);
        assertFalse(f.shortTerm.getTask("t").isPresent(), "the short-term part was done before the failure");
    }

    /**
     * Regression: target all used to delete the short-term record before the long-term row, so a
     * long-term outage at that moment left the archived task behind for good (sweeps only list the
     * short-term store). Now the short-term record stays until the long-term delete succeeds.
     */
    @Test
    void allKeepsTheShortTermRecordUntilTheLongTermDeleteSucceeds() {
        completedWith("t", null, rules("{\"target\":\"all\"}"), "x");
        boolean[] down = {true};
        LongTermStore flaky = new Delegating(longTerm) {
            @Override
            public void deleteTask(String taskId) {
                if (down[0]) {
                    throw new DependencyUnavailableException("postgres", "connection_refused",
                            new java.io.IOException("connection refused"));
                }
                super.deleteTask(taskId);
            }
        };
        List<String> reported = new CopyOnWriteArrayList<>();
        CleanupSweeper sweeper = new CleanupSweeper(f.shortTerm, flaky, List.of(), f::now, new TaskcastHooks() {
            @Override
            public void onUnhandledError(Throwable error, ErrorContext context) {
                reported.add(context.operation() + ":" + context.taskId());
            }
        });

        assertEquals(0, sweeper.sweep(100));
        assertEquals(List.of("cleanup:t"), reported);
        assertTrue(f.shortTerm.getTask("t").isPresent(), "kept for the next sweep");
        assertEquals(3, f.shortTerm.getEvents("t", EventQuery.ALL).size());
        assertTrue(longTerm.getTask("t").isPresent());

        down[0] = false;
        assertEquals(1, sweeper.sweep(100));
        assertEquals(Optional.empty(), f.shortTerm.getTask("t"));
        assertEquals(List.of(), f.shortTerm.getEvents("t", EventQuery.ALL));
        assertEquals(Optional.empty(), longTerm.getTask("t"));
        assertEquals(List.of(), longTerm.getEvents("t", EventQuery.ALL));
        assertEquals(Optional.empty(), f.engine.getTask("t"), "gone everywhere");
    }

    @Test
    void theSpiDefaultsRefuseDeletionByName() {
        LongTermStore legacy = new LegacyLongTerm(longTerm);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> legacy.deleteEvents("t", Set.of("x")));
        assertEquals("deleteEvents is not supported by " + LegacyLongTerm.class.getName(), e.getMessage());
    }

    // ---------------------------------------------------------------- store wrappers

    /** A long-term store written before the delete operations existed: it relies on the SPI defaults. */
    static class LegacyLongTerm implements LongTermStore {
        final LongTermStore inner;

        LegacyLongTerm(LongTermStore inner) {
            this.inner = inner;
        }

        @Override
        public void saveTask(Task task) {
            inner.saveTask(task);
        }

        @Override
        public Optional<Task> getTask(String taskId) {
            return inner.getTask(taskId);
        }

        @Override
        public void saveEvent(TaskEvent event) {
            inner.saveEvent(event);
        }

        @Override
        public void replaceLastSeriesEvent(String taskId, String seriesId, TaskEvent event) {
            inner.replaceLastSeriesEvent(taskId, seriesId, event);
        }

        @Override
        public TaskEvent accumulateSeries(String taskId, String seriesId, TaskEvent event, String field) {
            return inner.accumulateSeries(taskId, seriesId, event, field);
        }

        @Override
        public List<TaskEvent> getEvents(String taskId, EventQuery query) {
            return new ArrayList<>(inner.getEvents(taskId, query));
        }
    }

    /** Delegates everything, deletions included; tests override what they watch or break. */
    static class Delegating extends LegacyLongTerm {
        Delegating(LongTermStore inner) {
            super(inner);
        }

        @Override
        public void deleteTask(String taskId) {
            inner.deleteTask(taskId);
        }

        @Override
        public void deleteEvents(String taskId, Set<String> eventIds) {
            inner.deleteEvents(taskId, eventIds);
        }
    }
}
