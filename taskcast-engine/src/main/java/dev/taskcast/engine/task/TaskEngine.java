package dev.taskcast.engine.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.f4b6a3.ulid.UlidCreator;
import dev.taskcast.api.BroadcastMessage;
import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskQuery;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.archive.LongTermWriter;
import dev.taskcast.engine.hooks.HookDispatcher;
import dev.taskcast.engine.metrics.EngineMetrics;
import dev.taskcast.spi.BroadcastProvider;
import dev.taskcast.spi.DependencyUnavailableException;
import dev.taskcast.spi.LongTermStore;
import dev.taskcast.spi.ShortTermStore;
import dev.taskcast.spi.Subscription;
import dev.taskcast.spi.TaskcastHooks;
import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The storage-independent core (model.md §5): creates tasks, runs transitions through the state
 * machine, emits events in a per-task sequence, and reads histories with the long-term fallback.
 */
public final class TaskEngine implements AutoCloseable {
    private static final Logger LOG = System.getLogger(TaskEngine.class.getName());

    private final ShortTermStore shortTerm;
    private final BroadcastProvider broadcast;
    private final LongTermStore longTerm;
    private final LongTermWriter archive;
    private final HookDispatcher hooks;
    private final EngineMetrics metrics;
    private final LongSupplier clock;
    private final TaskLocks locks = new TaskLocks();
    private final AtomicLong lastNow = new AtomicLong(Long.MIN_VALUE);
    private final List<Consumer<Task>> creationListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<EmittedEvent>> emitListeners = new CopyOnWriteArrayList<>();

    /** An event just emitted for {@code task} (the task as it was when the event was emitted). */
    public record EmittedEvent(Task task, TaskEvent event) {
    }

    private TaskEngine(Builder b) {
        this.shortTerm = Objects.requireNonNull(b.shortTerm, "shortTerm");
        this.broadcast = Objects.requireNonNull(b.broadcast, "broadcast");
        this.longTerm = b.longTerm;
        this.hooks = b.hooks != null ? b.hooks : HookDispatcher.none();
        this.metrics = b.metrics;
        this.clock = b.clock;
        this.archive = longTerm == null ? null : new LongTermWriter(longTerm, hooks, b.longTermQueueCapacity);
    }

    public static Builder builder(ShortTermStore shortTerm, BroadcastProvider broadcast) {
        return new Builder(shortTerm, broadcast);
    }

    public HookDispatcher hooks() {
        return hooks;
    }

    /**
     * The wall clock, never going backwards within this instance, so event timestamps do not
     * decrease with index even when the system clock steps back (model.md §1).
     */
    public long now() {
        long t = clock.getAsLong();
        return lastNow.accumulateAndGet(t, Math::max);
    }

    // ---- create / read -------------------------------------------------------------------

    public Task createTask(NewTask in) {
        String id = in.id() != null ? in.id() : UlidCreator.getMonotonicUlid().toString();
        if (in.id() != null && longTerm != null && archivedTaskExists(id)) {
            throw new TaskConflictException(id);
        }
        long now = now();
        Task task = Task.builder(id, TaskStatus.PENDING, now)
                .type(in.type()).params(in.params()).metadata(in.metadata()).ttl(in.ttl())
                .authConfig(in.authConfig()).webhooks(in.webhooks()).cleanup(in.cleanup()).tags(in.tags())
                .assignMode(in.assignMode()).cost(in.cost()).disconnectPolicy(in.disconnectPolicy())
                .build();
        ReentrantLock lock = locks.forTask(id);
        lock.lock();
        try {
            if (!shortTerm.createTask(task)) {
                throw new TaskConflictException(id);
            }
            if (longTerm != null) {
                saveTaskLongTerm(task);
            }
        } finally {
            lock.unlock();
        }
        if (task.ttl() != null) {
            shortTerm.setDeadline(id, task.createdAt() + task.ttl() * 1000L);
        }
        metrics.taskCreated();
        hooks.onTaskCreated(task);
        for (Consumer<Task> l : creationListeners) {
            notify(l, task);
        }
        return task;
    }

    /**
     * Whether the long-term store holds {@code id} (a task whose short-term record is gone). When
     * the store cannot be reached the check is skipped and the short-term store's atomic create
     * alone decides: creating tasks keeps working through a long-term outage (docs/reliability.md).
     */
    private boolean archivedTaskExists(String id) {
        if (archive.storeUnavailable()) {
            return false; // known to be down: do not make every create wait for the connect timeout
        }
        try {
            return longTerm.getTask(id).isPresent();
        } catch (DependencyUnavailableException e) {
            LOG.log(Logger.Level.WARNING, "cannot check the long-term store for an archived task " + id + " ("
                    + e.getMessage() + "); the short-term store decides whether the id is free");
            return false;
        }
    }

    /**
     * The long-term task upsert of create and transition (caller holds the task's lock). Written
     * synchronously, so the row exists when the call returns (storage.md §3), unless an older upsert
     * of the task is still queued (it must not be overtaken) or the store is unreachable: then it is
     * queued and retried until the store is back, and the request succeeds from the committed
     * short-term state (docs/reliability.md, guarantee 4). Any other failure surfaces to the caller.
     */
    private void saveTaskLongTerm(Task task) {
        if (!archive.canWriteTaskNow(task.id())) {
            archive.submitTask(task);
            return;
        }
        try {
            longTerm.saveTask(task);
        } catch (DependencyUnavailableException e) {
            LOG.log(Logger.Level.WARNING, "long-term write of task " + task.id() + " queued for retry: " + e.getMessage());
            archive.markUnavailable();
            archive.submitTask(task);
        }
    }

    /** Short-term store first, then the long-term store (model.md §5.2). */
    public Optional<Task> getTask(String id) {
        Optional<Task> t = shortTerm.getTask(id);
        if (t.isEmpty() && longTerm != null) {
            return longTerm.getTask(id);
        }
        return t;
    }

    public List<Task> listTasks(TaskQuery query) {
        return shortTerm.listTasks(query);
    }

    /** Short-term history; when it is empty and a long-term store exists, that store's answer (§5.5). */
    public List<TaskEvent> getEvents(String taskId, EventQuery query) {
        List<TaskEvent> events = shortTerm.getEvents(taskId, query);
        if (events.isEmpty() && longTerm != null) {
            try {
                return longTerm.getEvents(taskId, query);
            } catch (DependencyUnavailableException e) {
                // A caught-up cursor of a task the short-term store still holds: its (empty) answer
                // is complete, so streaming and resuming keep working through a long-term outage.
                if (shortTerm.getTask(taskId).isPresent()) {
                    return events;
                }
                throw e;
            }
        }
        return events;
    }

    public Optional<TaskEvent> getSeriesLatest(String taskId, String seriesId) {
        return shortTerm.getSeriesLatest(taskId, seriesId);
    }

    public Subscription subscribe(String taskId, Consumer<BroadcastMessage> handler) {
        return broadcast.subscribe(taskId, handler);
    }

    /** Called with every task created on this instance (global SSE stream). */
    public Subscription onTaskCreated(Consumer<Task> listener) {
        creationListeners.add(listener);
        return () -> creationListeners.remove(listener);
    }

    /** Called with every event emitted on this instance, after it is stored and broadcast (webhooks). */
    public Subscription onEventEmitted(Consumer<EmittedEvent> listener) {
        emitListeners.add(listener);
        return () -> emitListeners.remove(listener);
    }

    // ---- transitions ---------------------------------------------------------------------

    public Task transition(String id, StatusChange change) {
        return transition(id, change, false);
    }

    /**
     * Auto-timeout of a task whose deadline passed (model.md §6). Returns false when the task is
     * gone or already terminal (a lost race is not an error); the deadline is then cleared.
     */
    public boolean timeOut(String id) {
        try {
            transition(id, StatusChange.to(TaskStatus.TIMEOUT), true);
            return true;
        } catch (TaskNotFoundException | InvalidTransitionException e) {
            shortTerm.clearDeadline(id);
            return false;
        }
    }

    /** One TTL sweep: times out up to {@code batchSize} overdue tasks; returns how many timed out. */
    public int sweepDeadlines(int batchSize) {
        int n = 0;
        for (String id : shortTerm.dueDeadlines(now(), batchSize)) {
            try {
                if (timeOut(id)) {
                    n++;
                }
            } catch (RuntimeException e) {
                // One task's store failure must not stall the rest of the batch.
                LOG.log(Logger.Level.WARNING, "timing out task " + id + " failed: " + e.getMessage());
                hooks.onUnhandledError(e, new TaskcastHooks.ErrorContext("ttlSweep", id));
            }
        }
        return n;
    }

    private Task transition(String id, StatusChange change, boolean sweep) {
        TaskStatus from;
        Task updated;
        RuntimeException longTermFailure = null;
        ReentrantLock lock = locks.forTask(id);
        lock.lock();
        try {
            while (true) {
                Optional<Task> stored = shortTerm.getTask(id);
                Task current = stored.or(() -> longTerm == null ? Optional.empty() : longTerm.getTask(id))
                        .orElseThrow(() -> new TaskNotFoundException(id));
                from = current.status();
                if (!StateMachine.canTransition(from, change.to())) {
                    throw new InvalidTransitionException(from, change.to());
                }
                updated = applied(current, change, now());
                if (stored.isEmpty()) {
                    shortTerm.saveTask(updated);
                } else if (!shortTerm.compareAndSaveTask(current, updated)) {
                    continue; // another instance moved the task first: judge again against its state
                }
                break;
            }
            if (longTerm != null) {
                try {
                    saveTaskLongTerm(updated);
                } catch (RuntimeException e) {
                    // The short-term state is committed: still announce it, then report the failure.
                    longTermFailure = e;
                }
            }
            if (updated.isTerminal() && updated.ttl() != null) {
                shortTerm.clearDeadline(id);
            }
            emitLocked(updated, NewEvent.of(TaskEvent.STATUS_TYPE, Level.INFO, statusData(updated, sweep)));
        } finally {
            lock.unlock();
        }
        if (updated.status() == TaskStatus.FAILED && updated.error() != null) {
            hooks.onTaskFailed(updated, updated.error());
        }
        if (updated.status() == TaskStatus.TIMEOUT) {
            hooks.onTaskTimeout(updated);
        }
        metrics.taskTransitioned(updated.status());
        hooks.onTaskTransitioned(updated, from, updated.status());
        if (longTermFailure != null) {
            throw longTermFailure;
        }
        return updated;
    }

    private static Task applied(Task current, StatusChange change, long now) {
        Task.Builder b = current.toBuilder().status(change.to()).updatedAt(now);
        if (change.to().isTerminal()) {
            b.completedAt(now);
        }
        if (change.result() != null) {
            b.result(change.result());
        }
        if (change.error() != null) {
            b.error(change.error());
        }
        return b.build();
    }

    /** {@code {status, result?, error?}} after the transition; auto-timeout sends only the status. */
    private static JsonNode statusData(Task task, boolean sweep) {
        ObjectNode data = TaskcastJson.object().put("status", task.status().wireName());
        if (!sweep) {
            if (task.result() != null) {
                data.set("result", task.result());
            }
            if (task.error() != null) {
                data.set("error", TaskcastJson.toTree(task.error()));
            }
        }
        return data;
    }

    // ---- publishing ----------------------------------------------------------------------

    public TaskEvent publish(String taskId, NewEvent event) {
        return publishAll(taskId, List.of(event)).getFirst();
    }

    /**
     * Publishes in order inside the task's emit sequence. Existence and terminal status are
     * checked inside the sequence, so a publish that loses the race to a terminal transition is
     * refused rather than indexed after the terminal status event.
     */
    public List<TaskEvent> publishAll(String taskId, List<NewEvent> events) {
        if (events.isEmpty()) {
            requirePublishable(taskId);
            return List.of();
        }
        List<TaskEvent> out = new ArrayList<>(events.size());
        ReentrantLock lock = locks.forTask(taskId);
        lock.lock();
        try {
            // The task and the batch's indexes in one step (one round trip on Redis).
            Optional<ShortTermStore.IndexedTask> reserved = shortTerm.reserveIndexes(taskId, events.size());
            Task task;
            long[] indexes;
            if (reserved.isPresent() && reserved.get().indexes().length == events.size()) {
                task = reserved.get().task();
                indexes = reserved.get().indexes();
            } else {
                // Terminal, or known only to the long-term store (which refuses it or lets it go on).
                task = reserved.map(ShortTermStore.IndexedTask::task).filter(Task::isTerminal)
                        .orElseGet(() -> requirePublishable(taskId));
                if (task.isTerminal()) {
                    throw new TaskTerminalException(task.status());
                }
                indexes = shortTerm.nextIndexes(taskId, events.size());
            }
            for (int i = 0; i < indexes.length; i++) {
                out.add(emitLocked(task, events.get(i), indexes[i]));
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    private Task requirePublishable(String taskId) {
        Task task = getTask(taskId).orElseThrow(() -> new TaskNotFoundException(taskId));
        if (task.isTerminal()) {
            throw new TaskTerminalException(task.status());
        }
        return task;
    }

    /** Allocate → series processing → store → broadcast → archive; the caller holds the task's lock. */
    private TaskEvent emitLocked(Task task, NewEvent in) {
        return emitLocked(task, in, shortTerm.nextIndex(task.id()));
    }

    /** As {@link #emitLocked(Task, NewEvent)} with the event's index already allocated. */
    private TaskEvent emitLocked(Task task, NewEvent in, long index) {
        String taskId = task.id();
        TaskEvent event = new TaskEvent(UlidCreator.getMonotonicUlid().toString(), taskId, index, now(), in.type(),
                in.level(), in.data(), in.seriesId(), in.seriesMode(), in.seriesAccField(), null);
        BroadcastMessage message = null;
        if (event.inSeries() && event.seriesMode() == SeriesMode.ACCUMULATE) {
            // The accumulated value is built only if someone asks for it (an accumulated-format
            // stream, the Redis wire, a dropped archive write): see ShortTermStore#appendAccumulated.
            Supplier<TaskEvent> accumulated = shortTerm.appendAccumulated(taskId, event.seriesId(), event,
                    event.accumulationField());
            message = BroadcastMessage.deferred(event, () -> accumulated.get().data());
        } else if (event.inSeries() && event.seriesMode() == SeriesMode.LATEST) {
            shortTerm.replaceLastSeriesEvent(taskId, event.seriesId(), event);
        } else {
            shortTerm.appendEvent(taskId, event);
        }
        if (message == null) {
            message = BroadcastMessage.of(event);
        }
        try {
            broadcast.publish(taskId, message);
        } catch (RuntimeException e) {
            // The event is stored; live subscribers can recover it from history on reconnect.
            LOG.log(Logger.Level.WARNING, "broadcast of event " + event.id() + " failed: " + e.getMessage());
        }
        if (archive != null) {
            BroadcastMessage m = message;
            Supplier<JsonNode> accumulatedData = event.inSeries() && event.seriesMode() == SeriesMode.ACCUMULATE
                    ? m::accumulatedData : null;
            archive.submit(event, accumulatedData);
        }
        metrics.eventPublished(TaskEvent.STATUS_TYPE.equals(event.type()));
        EmittedEvent emitted = new EmittedEvent(task, event);
        for (Consumer<EmittedEvent> l : emitListeners) {
            notify(l, emitted);
        }
        return event;
    }

    private static <T> void notify(Consumer<T> listener, T value) {
        try {
            listener.accept(value);
        } catch (RuntimeException e) {
            LOG.log(Logger.Level.WARNING, "listener failed", e);
        }
    }

    /**
     * Long-term writes queued or in progress (including one being retried while the store is
     * unreachable); 0 without a long-term store. The metric for the bounded retry queue.
     */
    public int longTermBacklog() {
        return archive == null ? 0 : archive.backlog();
    }

    /** Long-term writes given up since start (reported through onEventDropped / onUnhandledError). */
    public long longTermDropped() {
        return archive == null ? 0 : archive.dropped();
    }

    /**
     * Registers {@code listener}, called when the broadcast may have lost messages for current
     * subscriptions (its connection to the broker dropped): live subscribers must recover from the
     * history (see {@link BroadcastProvider#onDeliveryInterrupted}).
     */
    public Subscription onDeliveryInterrupted(Runnable listener) {
        return broadcast.onDeliveryInterrupted(listener);
    }

    /**
     * Fails with a {@link DependencyUnavailableException} when a subscription made now would not
     * receive live messages (see {@link BroadcastProvider#requireDelivery}).
     */
    public void requireLiveDelivery() {
        broadcast.requireDelivery();
    }

    @Override
    public void close() {
        if (archive != null) {
            archive.close();
        }
        hooks.close();
    }

    /** Builder: stores are required, everything else optional. */
    public static final class Builder {
        private final ShortTermStore shortTerm;
        private final BroadcastProvider broadcast;
        private LongTermStore longTerm;
        private HookDispatcher hooks;
        private EngineMetrics metrics = EngineMetrics.NONE;
        private LongSupplier clock = System::currentTimeMillis;
        private int longTermQueueCapacity = 100_000;

        private Builder(ShortTermStore shortTerm, BroadcastProvider broadcast) {
            this.shortTerm = shortTerm;
            this.broadcast = broadcast;
        }

        public Builder longTerm(LongTermStore store) { this.longTerm = store; return this; }
        public Builder hooks(HookDispatcher dispatcher) { this.hooks = dispatcher; return this; }
        public Builder metrics(EngineMetrics m) { this.metrics = Objects.requireNonNull(m); return this; }
        public Builder clock(LongSupplier clock) { this.clock = Objects.requireNonNull(clock); return this; }
        public Builder longTermQueueCapacity(int capacity) { this.longTermQueueCapacity = capacity; return this; }

        public TaskEngine build() {
            return new TaskEngine(this);
        }
    }
}
