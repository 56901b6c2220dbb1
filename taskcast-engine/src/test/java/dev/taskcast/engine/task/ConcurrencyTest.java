package dev.taskcast.engine.task;

import static dev.taskcast.engine.task.EngineFixture.indexes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.taskcast.api.Level;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.engine.storage.contract.Eventually;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** model.md §3.2 (linearizable transitions), §4.2 (atomic index allocation), §5.1 step 3 (atomic create). */
class ConcurrencyTest {
    private static final TaskStatus[] TERMINALS = {
            TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.TIMEOUT, TaskStatus.CANCELLED};

    private final EngineFixture f = EngineFixture.create();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        f.close();
    }

    /** Runs every task at once behind a start gate and returns each outcome (value or exception). */
    private <T> List<Object> race(List<Callable<T>> tasks) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(tasks.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> c : tasks) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                start.await();
                return c.call();
            }));
        }
        assertTrue(ready.await(10, TimeUnit.SECONDS), "threads did not start");
        start.countDown();
        List<Object> outcomes = new ArrayList<>();
        for (Future<T> fu : futures) {
            try {
                outcomes.add(fu.get(30, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                outcomes.add(e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                fail("a racing call did not finish");
            }
        }
        return outcomes;
    }

    @RepeatedTest(5)
    void fiftyRacingTerminalTransitionsHaveExactlyOneWinner() throws Exception {
        f.createRunning("r");
        List<Callable<Task>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            TaskStatus to = TERMINALS[i % TERMINALS.length];
            calls.add(() -> f.to("r", to));
        }
        List<Object> outcomes = race(calls);

        List<Task> winners = outcomes.stream().filter(Task.class::isInstance).map(Task.class::cast).toList();
        assertEquals(1, winners.size(), "exactly one transition wins: " + outcomes);
        TaskStatus won = winners.getFirst().status();
        assertEquals(won, f.engine.getTask("r").orElseThrow().status());

        int losers = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            Object o = outcomes.get(i);
            if (o instanceof Task) {
                continue;
            }
            InvalidTransitionException e = assertInstanceOf(InvalidTransitionException.class, o);
            assertEquals("Invalid transition: " + won.wireName() + " \u2192 " + TERMINALS[i % 4].wireName(),
                    e.getMessage(), "a loser is judged against the winner's terminal state");
            losers++;
        }
        assertEquals(49, losers);

        List<TaskEvent> history = f.history("r");
        assertEquals(2, history.size(), "running status event + exactly one terminal status event");
        assertEquals(won.wireName(), history.get(1).data().get("status").textValue());
    }

    @Test
    void concurrentPublishesGetUniqueContiguousIndexes() throws Exception {
        f.create("p");
        int threads = 8;
        int perThread = 200;
        List<Callable<List<Long>>> calls = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            calls.add(() -> {
                List<Long> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    mine.add(f.engine.publish("p", NewEvent.of("t" + thread, Level.INFO, null)).index());
                }
                return mine;
            });
        }
        List<Object> outcomes = race(calls);
        int n = threads * perThread;

        Set<Long> all = new HashSet<>();
        for (Object o : outcomes) {
            @SuppressWarnings("unchecked")
            List<Long> mine = assertInstanceOf(List.class, o);
            for (int i = 1; i < mine.size(); i++) {
                assertTrue(mine.get(i) > mine.get(i - 1), "one publisher sees increasing indexes");
            }
            all.addAll(mine);
        }
        assertEquals(n, all.size(), "indexes are unique");
        assertEquals(LongStream.range(0, n).boxed().collect(java.util.stream.Collectors.toSet()), all);

        List<TaskEvent> history = f.history("p");
        assertEquals(n, history.size());
        assertEquals(LongStream.range(0, n).boxed().toList(), indexes(history),
                "within one instance the history is stored in index order");
        assertEquals(n, history.stream().map(TaskEvent::id).distinct().count(), "event ids are unique");
    }

    @RepeatedTest(5)
    void noPublishIsIndexedAfterTheTerminalStatusEvent() throws Exception {
        f.createRunning("race");
        AtomicInteger published = new AtomicInteger();
        List<Callable<Object>> calls = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            calls.add(() -> {
                List<TaskEvent> mine = new ArrayList<>();
                while (true) {
                    try {
                        mine.add(f.publish("race", "work"));
                        published.incrementAndGet();
                    } catch (TaskTerminalException e) {
                        assertEquals("Cannot publish to task in terminal status: completed", e.getMessage());
                        return mine;
                    }
                }
            });
        }
        calls.add(() -> {
            // Complete while the publishers are busy (bounded wait so a broken publisher cannot hang us).
            Eventually.await(EngineFixture.ASYNC, () -> published.get() >= 100, () -> "publishers to get going");
            return f.to("race", TaskStatus.COMPLETED);
        });
        List<Object> outcomes = race(calls);

        assertInstanceOf(Task.class, outcomes.getLast(), "the completing transition succeeds");
        List<TaskEvent> history = f.history("race");
        TaskEvent terminal = history.stream().filter(e -> e.terminalStatus() != null).findFirst().orElseThrow();
        assertEquals(history.getLast(), terminal, "nothing follows the terminal status event");
        for (TaskEvent e : history) {
            assertTrue(e.index() <= terminal.index(), "event " + e.index() + " after terminal " + terminal.index());
        }
        int accepted = 0;
        for (Object o : outcomes.subList(0, 6)) {
            @SuppressWarnings("unchecked")
            List<TaskEvent> mine = assertInstanceOf(List.class, o);
            for (TaskEvent e : mine) {
                assertTrue(e.index() < terminal.index());
                assertTrue(history.contains(e), "every accepted publish is in the history");
            }
            accepted += mine.size();
        }
        assertEquals(history.size(), accepted + 2, "history = accepted publishes + two status events");
        assertEquals(LongStream.rangeClosed(0, terminal.index()).boxed().toList(), indexes(history));
    }

    @Test
    void twentyConcurrentCreatesWithOneIdHaveExactlyOneWinner() throws Exception {
        List<Callable<Task>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> f.create("dup"));
        }
        List<Object> outcomes = race(calls);
        assertEquals(1, outcomes.stream().filter(Task.class::isInstance).count(), outcomes::toString);
        for (Object o : outcomes) {
            if (!(o instanceof Task)) {
                TaskConflictException e = assertInstanceOf(TaskConflictException.class, o);
                assertEquals("Task already exists: dup", e.getMessage());
            }
        }
        assertNotNull(f.engine.getTask("dup").orElse(null));
    }
}
