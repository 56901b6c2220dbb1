package dev.taskcast.engine.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.spi.DependencyUnavailableException;
import dev.taskcast.spi.LongTermStore;
import dev.taskcast.spi.TaskcastHooks;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Writes to the long-term store off the request path (model.md §5.4 step 7). Writes are spread over
 * {@link #PARTITIONS} consumers by task id, each draining its own queue in submission order: a task's
 * writes keep emission order (and its row is written before the events that reference it) while
 * different tasks are written in parallel, so the archive keeps up with a busy server (one consumer
 * doing one round trip per event fell over a minute behind in the soak). The bound is on all queued writes
 * together.
 *
 * <p>Outages: a write that fails because the store cannot be reached
 * ({@link DependencyUnavailableException}) is retried, with a back-off capped at
 * {@link #MAX_BACKOFF}, until it succeeds; everything behind it waits (head-of-line), so order is
 * kept across the outage and, once the store is back, it receives every write it would have
 * received without the outage. While it waits the queue fills; what does not fit in the bound is
 * reported through {@code onEventDropped} (events) or {@code onUnhandledError} (task rows). Any
 * other failure (a constraint violation, corrupt data) is not transient: it is reported at once and
 * the writer moves on. Queued writes still pending when the server stops after the close deadline
 * are reported the same way.
 */
public final class LongTermWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LongTermWriter.class.getName());
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    /** Parallel writers (each holds at most one store connection at a time). */
    static final int PARTITIONS = 4;
    /**
     * Writes a consumer takes from its queue at once. Their events go to the store together
     * ({@link LongTermStore#saveEvents}): one transaction, and one compaction per series instead of
     * one per event, which is what lets the archive keep up with a publish load.
     */
    static final int MAX_BATCH = 256;
    /**
     * How long a consumer waits for more writes once it has one (when the store writes batches):
     * under a steady publish load writes arrive one by one, and some lag turns a transaction per
     * event into a transaction per few dozen events. It is 200 ms rather than a few because of
     * streamed series: the archive keeps one row per accumulate series holding the whole text, so
     * every batch rewrites each series' row (read, merge, write a large JSONB value and its WAL);
     * 5 ms meant one rewrite per delta at a steady publish rate (A/B with 50 ms: +39 % Redis +
     * PostgreSQL publish; 200 ms against 50 ms: +19 %). Nothing reads the archive while the
     * short-term store still holds the task, so the lag is not seen.
     */
    static final Duration LINGER = Duration.ofMillis(200);

    /** One queued write. */
    private sealed interface Write permits EventWrite, TaskWrite {
    }

    /** {@code accumulatedData} (null when none) is only asked for when the write is dropped. */
    private record EventWrite(TaskEvent event, Supplier<JsonNode> accumulatedData) implements Write {
    }

    private record TaskWrite(Task task) implements Write {
    }

    private final LongTermStore store;
    private final TaskcastHooks hooks;
    private final List<BlockingQueue<Write>> queues = new ArrayList<>();
    private final int capacity;
    /** Writes waiting in the queues (not the ones being written): bounded by {@code capacity}. */
    private final AtomicInteger queued = new AtomicInteger();
    /** Queued plus the ones being written (or retried). */
    private final AtomicInteger unfinished = new AtomicInteger();
    /** Task upserts queued or in progress, per task id: a synchronous upsert must not overtake them. */
    private final ConcurrentHashMap<String, Integer> pendingTaskWrites = new ConcurrentHashMap<>();
    /** Set while the store is unreachable (the last attempt failed that way), cleared by a success. */
    private volatile boolean unavailable;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;
    /** Set after the close deadline: stop retrying, report the rest. */
    private volatile boolean abandoned;
    /** Cleared once the store turns out not to write batches (saveEvents unsupported). */
    private volatile boolean batches = true;

    public LongTermWriter(LongTermStore store, TaskcastHooks hooks, int capacity) {
        this.store = store;
        this.hooks = hooks;
        this.capacity = capacity;
        for (int p = 0; p < PARTITIONS; p++) {
            BlockingQueue<Write> q = new LinkedBlockingQueue<>();
            queues.add(q);
            workers.add(Thread.ofVirtual().name("taskcast-long-term-writer-" + p).start(() -> run(q)));
        }
    }

    private static String taskIdOf(Write w) {
        return switch (w) {
            case EventWrite ew -> ew.event().taskId();
            case TaskWrite t -> t.task().id();
        };
    }

    private BlockingQueue<Write> queueOf(Write w) {
        int h = taskIdOf(w).hashCode();
        return queues.get(Math.floorMod(h ^ (h >>> 16), PARTITIONS));
    }

    /** Queue an emitted event; {@code accumulatedData} is the short-term merge for accumulate events. */
    public void submit(TaskEvent event, JsonNode accumulatedData) {
        submit(event, accumulatedData == null ? null : () -> accumulatedData);
    }

    /**
     * As {@link #submit(TaskEvent, JsonNode)} with the accumulated value computed only if needed
     * (to report a dropped write); {@code null} when the event has none.
     */
    public void submit(TaskEvent event, Supplier<JsonNode> accumulatedData) {
        enqueue(new EventWrite(event, accumulatedData));
    }

    /**
     * Queue a task upsert (used when it cannot be written synchronously: the store is unreachable, or
     * earlier writes are still pending and it must not overtake them).
     */
    public void submitTask(Task task) {
        enqueue(new TaskWrite(task));
    }

    private void enqueue(Write w) {
        unfinished.incrementAndGet();
        if (w instanceof TaskWrite t) {
            pendingTaskWrites.merge(t.task().id(), 1, Integer::sum);
        }
        boolean full = queued.incrementAndGet() > capacity;
        if (closed || full) {
            queued.decrementAndGet();
            finished(w);
            drop(w, closed ? "long-term writer is closed" : "long-term write queue is full");
            return;
        }
        queueOf(w).add(w);
    }

    private void finished(Write w) {
        unfinished.decrementAndGet();
        if (w instanceof TaskWrite t) {
            pendingTaskWrites.computeIfPresent(t.task().id(), (id, n) -> n == 1 ? null : n - 1);
        }
    }

    /**
     * Whether the caller may upsert task {@code taskId} synchronously: the store is not known to be
     * unreachable and no older upsert of that task is still queued (it would be overtaken). The
     * caller must hold the task's lock, so that no other upsert of it is submitted meanwhile.
     */
    public boolean canWriteTaskNow(String taskId) {
        return !unavailable && !pendingTaskWrites.containsKey(taskId);
    }

    /** Whether the last attempt found the store unreachable (until a write succeeds again). */
    public boolean storeUnavailable() {
        return unavailable;
    }

    /** A synchronous write found the store unreachable: queue further task upserts until a write succeeds. */
    public void markUnavailable() {
        unavailable = true;
    }

    /** Writes queued or in progress (retrying included): the backlog metric. */
    public int backlog() {
        return unfinished.get();
    }

    /** Writes given up since start (queue full, permanent failure, shutdown during an outage). */
    public long dropped() {
        return dropped.get();
    }

    /** Retried attempts since start (each failed attempt against an unreachable store counts once). */
    public long retries() {
        return retries.get();
    }

    private void run(BlockingQueue<Write> queue) {
        List<Write> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            Write w;
            try {
                w = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (abandoned) {
                    return;
                }
                continue;
            }
            if (w != null) {
                batch.add(w);
                queue.drainTo(batch, MAX_BATCH - 1);
                if (batches && batch.size() < MAX_BATCH) {
                    linger(queue, batch);
                }
                queued.addAndGet(-batch.size());
                try {
                    writeAll(batch);
                } finally {
                    batch.forEach(this::finished);
                    batch.clear();
                }
            }
            if (abandoned) {
                return;
            }
        }
    }

    /** Adds to {@code batch} what arrives within {@link #LINGER}, up to {@link #MAX_BATCH}. */
    private void linger(BlockingQueue<Write> queue, List<Write> batch) {
        long deadline = System.nanoTime() + LINGER.toNanos();
        while (batch.size() < MAX_BATCH && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Write more;
            try {
                more = queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return; // close(): write what we have
            }
            if (more == null) {
                return;
            }
            batch.add(more);
            queue.drainTo(batch, MAX_BATCH - batch.size());
        }
    }

    /**
     * Writes {@code batch} (queue order): consecutive events, of any tasks, go to the store in one
     * {@link #writeRun run}; a task upsert is written before the pending run unless that run holds
     * events of its task (then the run goes first), so each task's writes keep their order.
     */
    private void writeAll(List<Write> batch) {
        if (batch.size() == 1 || !batches) {
            batch.forEach(this::writeWithRetry);
            return;
        }
        List<EventWrite> run = new ArrayList<>();
        Set<String> runTasks = new HashSet<>();
        for (Write w : batch) {
            switch (w) {
                case EventWrite ew -> {
                    run.add(ew);
                    runTasks.add(ew.event().taskId());
                }
                case TaskWrite t -> {
                    if (runTasks.contains(t.task().id())) {
                        writeRun(run);
                        run.clear();
                        runTasks.clear();
                    }
                    writeWithRetry(t);
                }
            }
        }
        writeRun(run);
    }

    /**
     * Events in one {@link LongTermStore#saveEvents} call, retried like a single write while the
     * store is unreachable. It is all or nothing, so after any other failure (or when the store
     * does not write batches) the events are written one by one, each reporting its own failure.
     */
    private void writeRun(List<EventWrite> run) {
        if (run.size() > 1 && batches) {
            List<TaskEvent> events = run.stream().map(EventWrite::event).toList();
            RuntimeException failure = attempt(() -> store.saveEvents(events));
            if (failure == null) {
                return;
            }
            if (failure instanceof UnsupportedOperationException) {
                batches = false;
            }
            if (failure instanceof DependencyUnavailableException && abandoned) {
                run.forEach(w -> drop(w, failure.getMessage() + "; server stopped before it could be written"));
                return;
            }
        }
        run.forEach(this::writeWithRetry);
    }

    private void writeWithRetry(Write w) {
        RuntimeException failure = attempt(() -> apply(w));
        if (failure instanceof DependencyUnavailableException) {
            drop(w, failure.getMessage() + "; server stopped before it could be written");
        } else if (failure != null) {
            LOG.log(Level.WARNING, "long-term write of " + describe(w) + " failed: " + failure.getMessage());
            drop(w, failure.getMessage());
        }
    }

    /**
     * Runs {@code write}, retrying it with back-off while the store is unreachable. Returns
     * {@code null} once it succeeded; the failure of an attempt that is not retried (any failure
     * other than unreachable, not reported here); or the unreachable failure when the writer was
     * abandoned (server stopped) meanwhile.
     */
    private RuntimeException attempt(Runnable write) {
        long backoff = FIRST_BACKOFF.toMillis();
        boolean warned = false;
        while (true) {
            try {
                write.run();
                unavailable = false;
                if (warned) {
                    LOG.log(Level.INFO, "long-term store reachable again; resuming queued writes (backlog "
                            + unfinished.get() + ")");
                }
                return null;
            } catch (DependencyUnavailableException e) {
                if (abandoned) {
                    return e;
                }
                unavailable = true;
                if (!warned) {
                    LOG.log(Level.WARNING, "long-term store unavailable (" + e.getMessage() + "); holding "
                            + unfinished.get() + " queued write(s) and retrying");
                    warned = true;
                }
                retries.incrementAndGet();
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    // close(): re-check abandoned on the next attempt
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            } catch (RuntimeException e) {
                return e;
            }
        }
    }

    private void apply(Write w) {
        switch (w) {
            case TaskWrite t -> store.saveTask(t.task());
            case EventWrite ew -> LongTermStore.archive(store, ew.event());
        }
    }

    private void drop(Write w, String reason) {
        dropped.incrementAndGet();
        try {
            switch (w) {
                case EventWrite ew -> hooks.onEventDropped(droppedForm(ew), "Error: " + reason);
                case TaskWrite t -> {
                    LOG.log(Level.WARNING, "long-term write of task " + t.task().id() + " (" + t.task().status().wireName()
                            + ") dropped: " + reason);
                    hooks.onUnhandledError(new IllegalStateException("long-term task write dropped: " + reason),
                            new TaskcastHooks.ErrorContext("longTermTaskWrite", t.task().id()));
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "reporting a dropped long-term write failed: " + e.getMessage());
        }
    }

    private static String describe(Write w) {
        return switch (w) {
            case EventWrite ew -> "event " + ew.event().id();
            case TaskWrite t -> "task " + t.task().id();
        };
    }

    private static TaskEvent droppedForm(EventWrite p) {
        JsonNode accumulated = p.accumulatedData() == null ? null : p.accumulatedData().get();
        return accumulated == null ? p.event() : p.event().withData(accumulated);
    }

    /**
     * Write what is queued, up to {@code deadline}, then stop: writes still pending then (the store
     * is unreachable, or the backlog is too long) are reported as dropped, not lost silently.
     */
    public void close(Duration deadline) {
        closed = true;
        long end = System.nanoTime() + deadline.toNanos();
        try {
            for (Thread worker : workers) {
                worker.join(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            }
            if (workers.stream().anyMatch(Thread::isAlive)) {
                abandoned = true;
                workers.forEach(Thread::interrupt);
                for (Thread worker : workers) {
                    worker.join(Duration.ofSeconds(2));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Write> rest = new ArrayList<>();
        queues.forEach(q -> q.drainTo(rest));
        for (Write w : rest) {
            queued.decrementAndGet();
            finished(w);
            drop(w, "server stopped before it could be written");
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
