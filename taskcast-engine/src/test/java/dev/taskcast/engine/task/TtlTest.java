package dev.taskcast.engine.task;

import static dev.taskcast.engine.task.EngineFixture.assertJson;
import static dev.taskcast.engine.task.EngineFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.taskcast.api.Level;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskError;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.engine.hooks.HookDispatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** model.md §6: TTL deadline bookkeeping and the automatic timeout sweep. */
class TtlTest {
    private final RecordingHooks rec = new RecordingHooks();
    private final EngineFixture f = EngineFixture.create(b -> b.hooks(new HookDispatcher(List.of(rec))));

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void deadlineIsCreatedAtPlusTtlSeconds() {
        f.createWithTtl("t", 10);
        long deadline = EngineFixture.T0 + 10_000;
        f.clock.set(deadline - 1);
        assertEquals(0, f.engine.sweepDeadlines(100), "not yet due");
        assertEquals(TaskStatus.PENDING, f.engine.getTask("t").orElseThrow().status());
        f.clock.set(deadline + 1);
        assertEquals(1, f.engine.sweepDeadlines(100));
        assertEquals(TaskStatus.TIMEOUT, f.engine.getTask("t").orElseThrow().status());
    }

    @Test
    void deadlineIsNotMovedByTransitionsOrPublishes() {
        f.createWithTtl("t", 5);
        f.tick(4000);
        f.to("t", TaskStatus.RUNNING);
        f.publish("t", "log");
        f.clock.set(EngineFixture.T0 + 5001);
        assertEquals(1, f.engine.sweepDeadlines(100), "the deadline stays createdAt + ttl");
    }

    @Test
    void timeoutKeepsResultAndErrorAndEmitsExactlyTheBareStatusEvent() {
        f.createWithTtl("t", 1);
        TaskError err = new TaskError("E", "partial failure", null);
        Task running = f.engine.transition("t", new StatusChange(TaskStatus.RUNNING, json("{\"partial\":1}"), err,
                null, null, null, null));
        long now = f.tick(60_000);

        assertEquals(1, f.engine.sweepDeadlines(100));

        Task t = f.engine.getTask("t").orElseThrow();
        assertEquals(TaskStatus.TIMEOUT, t.status());
        assertEquals(now, t.updatedAt());
        assertEquals(now, t.completedAt());
        assertEquals(running.result(), t.result());
        assertEquals(err, t.error());

        List<TaskEvent> h = f.history("t");
        assertEquals(2, h.size());
        TaskEvent status = h.getLast();
        assertEquals(TaskEvent.STATUS_TYPE, status.type());
        assertEquals(Level.INFO, status.level());
        assertEquals(1, status.index());
        assertEquals(now, status.timestamp());
        assertJson("{\"status\":\"timeout\"}", status.data());
    }

    @Test
    void autoTimeoutFiresTimeoutThenTransitionedHooks() {
        f.createWithTtl("t", 1);
        f.to("t", TaskStatus.RUNNING);
        f.tick(2000);
        f.engine.sweepDeadlines(100);

        rec.awaitBrief("transitioned:t:running>timeout");
        assertEquals(List.of("created:t", "transitioned:t:pending>running", "timeout:t", "transitioned:t:running>timeout"),
                rec.briefsFor("t"));
        RecordingHooks.Call timeout = rec.calls().stream().filter(c -> c.hook().equals("timeout")).findFirst().orElseThrow();
        assertEquals(TaskStatus.TIMEOUT, timeout.task().status());
    }

    @Test
    void pendingTaskTimesOutToo() {
        f.createWithTtl("t", 1);
        f.tick(1001);
        assertEquals(1, f.engine.sweepDeadlines(100));
        assertEquals(TaskStatus.TIMEOUT, f.engine.getTask("t").orElseThrow().status());
        assertJson("{\"status\":\"timeout\"}", f.history("t").getFirst().data());
        assertEquals(0, f.history("t").getFirst().index());
    }

    @Test
    void taskThatCompletedFirstIsNotTimedOut() {
        f.createWithTtl("t", 1);
        f.to("t", TaskStatus.RUNNING);
        Task done = f.to("t", TaskStatus.COMPLETED);
        f.tick(10_000);
        assertEquals(0, f.engine.sweepDeadlines(100));
        assertEquals(done, f.engine.getTask("t").orElseThrow());
        assertEquals(2, f.history("t").size());
    }

    @Test
    void aSecondSweepDoesNothing() {
        f.createWithTtl("t", 1);
        f.tick(5000);
        assertEquals(1, f.engine.sweepDeadlines(100));
        Task after = f.engine.getTask("t").orElseThrow();
        f.tick(5000);
        assertEquals(0, f.engine.sweepDeadlines(100));
        assertEquals(after, f.engine.getTask("t").orElseThrow());
        assertEquals(1, f.history("t").size(), "exactly one timeout status event");
    }

    @Test
    void taskWithoutTtlNeverTimesOut() {
        f.createRunning("t");
        f.tick(365L * 24 * 3600 * 1000);
        assertEquals(0, f.engine.sweepDeadlines(100));
        assertEquals(TaskStatus.RUNNING, f.engine.getTask("t").orElseThrow().status());
    }

    @Test
    void explicitTimeoutTransitionClearsTheDeadline() {
        f.createWithTtl("t", 1);
        f.to("t", TaskStatus.TIMEOUT);
        f.tick(5000);
        assertEquals(0, f.engine.sweepDeadlines(100));
        assertEquals(1, f.history("t").size());
    }

    @Test
    void batchSizeIsHonoured() {
        for (int i = 0; i < 5; i++) {
            f.createWithTtl("t" + i, 1);
        }
        f.tick(2000);
        assertEquals(2, f.engine.sweepDeadlines(2));
        assertEquals(2, f.engine.sweepDeadlines(2));
        assertEquals(1, f.engine.sweepDeadlines(2));
        assertEquals(0, f.engine.sweepDeadlines(2));
        for (int i = 0; i < 5; i++) {
            assertEquals(TaskStatus.TIMEOUT, f.engine.getTask("t" + i).orElseThrow().status());
        }
    }

    @Test
    void onlyOverdueTasksAreSwept() {
        f.createWithTtl("short", 1);
        f.createWithTtl("long", 100);
        f.tick(2000);
        assertEquals(1, f.engine.sweepDeadlines(100));
        assertEquals(TaskStatus.TIMEOUT, f.engine.getTask("short").orElseThrow().status());
        assertEquals(TaskStatus.PENDING, f.engine.getTask("long").orElseThrow().status());
    }

    @Test
    void concurrentSweepsTimeATaskOutExactlyOnce() throws Exception {
        for (int i = 0; i < 20; i++) {
            f.createWithTtl("t" + i, 1);
        }
        f.tick(2000);
        int sweepers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(sweepers);
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (int s = 0; s < sweepers; s++) {
                counts.add(pool.submit(() -> {
                    start.await();
                    return f.engine.sweepDeadlines(100);
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> c : counts) {
                total += c.get(30, TimeUnit.SECONDS);
            }
            assertEquals(20, total, "each task is counted by exactly one sweeper");
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 20; i++) {
            List<TaskEvent> h = f.history("t" + i);
            assertEquals(1, h.size(), "exactly one timeout status event for t" + i);
            assertJson("{\"status\":\"timeout\"}", h.getFirst().data());
        }
    }

    @RepeatedTest(5)
    void sweepRacingACompletionYieldsOneTerminalStatus() throws Exception {
        f.createWithTtl("t", 1);
        f.to("t", TaskStatus.RUNNING);
        f.tick(2000);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> swept = pool.submit(() -> {
                start.await();
                return f.engine.sweepDeadlines(100);
            });
            Future<Boolean> completed = pool.submit(() -> {
                start.await();
                try {
                    f.to("t", TaskStatus.COMPLETED);
                    return true;
                } catch (InvalidTransitionException e) {
                    assertEquals("Invalid transition: timeout \u2192 completed", e.getMessage());
                    return false;
                }
            });
            start.countDown();
            boolean completedWon = completed.get(30, TimeUnit.SECONDS);
            int timedOut = swept.get(30, TimeUnit.SECONDS);
            assertEquals(completedWon ? 0 : 1, timedOut, "exactly one of them wins");
            assertEquals(completedWon ? TaskStatus.COMPLETED : TaskStatus.TIMEOUT,
                    f.engine.getTask("t").orElseThrow().status());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, f.history("t").stream().filter(e -> e.terminalStatus() != null).count());
    }

    @Test
    void timeOutOfATerminalOrMissingTaskIsNotAnError() {
        f.createRunning("t");
        f.to("t", TaskStatus.CANCELLED);
        assertFalse(f.engine.timeOut("t"), "a lost race is not an error");
        assertFalse(f.engine.timeOut("missing"));
    }

    @Test
    void timedOutTaskRefusesPublishes() {
        f.createWithTtl("t", 1);
        f.tick(1500);
        f.engine.sweepDeadlines(100);
        TaskTerminalException e = org.junit.jupiter.api.Assertions.assertThrows(TaskTerminalException.class,
                () -> f.publish("t", "late"));
        assertEquals("Cannot publish to task in terminal status: timeout", e.getMessage());
    }
}
