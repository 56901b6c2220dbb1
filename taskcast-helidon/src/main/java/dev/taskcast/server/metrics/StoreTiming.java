package dev.taskcast.server.metrics;

import dev.taskcast.api.BroadcastMessage;
import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskQuery;
import dev.taskcast.spi.BroadcastProvider;
import dev.taskcast.spi.DependencyHealth;
import dev.taskcast.spi.LongTermStore;
import dev.taskcast.spi.ShortTermStore;
import dev.taskcast.spi.Subscription;
import io.helidon.metrics.api.Timer;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decorators that time every storage SPI call (histogram {@code taskcast_store_operation_seconds}
 * by layer, provider and operation) and otherwise pass it through unchanged, failures included.
 * Each one overrides every method of its interface, default methods too, so that a provider's own
 * implementation of a default method is still the one that runs (a test checks this).
 */
public final class StoreTiming {
    private StoreTiming() {
    }

    public static ShortTermStore shortTerm(ShortTermStore store, String provider, ServerMetrics metrics) {
        return new TimedShortTermStore(store, new Timers(metrics, "shortTermStore", provider));
    }

    public static LongTermStore longTerm(LongTermStore store, String provider, ServerMetrics metrics) {
        return store == null ? null : new TimedLongTermStore(store, new Timers(metrics, "longTermStore", provider));
    }

    public static BroadcastProvider broadcast(BroadcastProvider broadcast, String provider, ServerMetrics metrics) {
        return new TimedBroadcast(broadcast, new Timers(metrics, "broadcast", provider));
    }

    /** One timer per operation name, looked up once. */
    private static final class Timers {
        private final ServerMetrics metrics;
        private final String layer;
        private final String provider;

        Timers(ServerMetrics metrics, String layer, String provider) {
            this.metrics = metrics;
            this.layer = layer;
            this.provider = provider;
        }

        Timer of(String operation) {
            return metrics.storeTimer(layer, provider, operation);
        }
    }

    private static void record(Timer timer, long startNanos) {
        timer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    static final class TimedShortTermStore implements ShortTermStore {
        private final ShortTermStore d;
        private final Timer createTask;
        private final Timer saveTask;
        private final Timer compareAndSaveTask;
        private final Timer getTask;
        private final Timer nextIndex;
        private final Timer appendEvent;
        private final Timer getEvents;
        private final Timer getSeriesLatest;
        private final Timer setSeriesLatest;
        private final Timer accumulateSeries;
        private final Timer appendAccumulated;
        private final Timer nextIndexes;
        private final Timer reserveIndexes;
        private final Timer replaceLastSeriesEvent;
        private final Timer listTasks;
        private final Timer setDeadline;
        private final Timer clearDeadline;
        private final Timer dueDeadlines;
        private final Timer deleteTask;
        private final Timer deleteEvents;
        private final Timer deleteHistory;

        TimedShortTermStore(ShortTermStore delegate, Timers t) {
            this.d = delegate;
            createTask = t.of("createTask");
            saveTask = t.of("saveTask");
            compareAndSaveTask = t.of("compareAndSaveTask");
            getTask = t.of("getTask");
            nextIndex = t.of("nextIndex");
            appendEvent = t.of("appendEvent");
            getEvents = t.of("getEvents");
            getSeriesLatest = t.of("getSeriesLatest");
            setSeriesLatest = t.of("setSeriesLatest");
            accumulateSeries = t.of("accumulateSeries");
            appendAccumulated = t.of("appendAccumulated");
            nextIndexes = t.of("nextIndexes");
            reserveIndexes = t.of("reserveIndexes");
            replaceLastSeriesEvent = t.of("replaceLastSeriesEvent");
            listTasks = t.of("listTasks");
            setDeadline = t.of("setDeadline");
            clearDeadline = t.of("clearDeadline");
            dueDeadlines = t.of("dueDeadlines");
            deleteTask = t.of("deleteTask");
            deleteEvents = t.of("deleteEvents");
            deleteHistory = t.of("deleteHistory");
        }

        @Override
        public boolean createTask(Task task) {
            long s = System.nanoTime();
            try {
                return d.createTask(task);
            } finally {
                record(createTask, s);
            }
        }

        @Override
        public void saveTask(Task task) {
            long s = System.nanoTime();
            try {
                d.saveTask(task);
            } finally {
                record(saveTask, s);
            }
        }

        @Override
        public boolean compareAndSaveTask(Task expected, Task updated) {
            long s = System.nanoTime();
            try {
                return d.compareAndSaveTask(expected, updated);
            } finally {
                record(compareAndSaveTask, s);
            }
        }

        @Override
        public Optional<Task> getTask(String taskId) {
            long s = System.nanoTime();
            try {
                return d.getTask(taskId);
            } finally {
                record(getTask, s);
            }
        }

        @Override
        public long nextIndex(String taskId) {
            long s = System.nanoTime();
            try {
                return d.nextIndex(taskId);
            } finally {
                record(nextIndex, s);
            }
        }

        @Override
        public void appendEvent(String taskId, TaskEvent event) {
            long s = System.nanoTime();
            try {
                d.appendEvent(taskId, event);
            } finally {
                record(appendEvent, s);
            }
        }

        @Override
        public List<TaskEvent> getEvents(String taskId, EventQuery query) {
            long s = System.nanoTime();
            try {
                return d.getEvents(taskId, query);
            } finally {
                record(getEvents, s);
            }
        }

        @Override
        public Optional<TaskEvent> getSeriesLatest(String taskId, String seriesId) {
            long s = System.nanoTime();
            try {
                return d.getSeriesLatest(taskId, seriesId);
            } finally {
                record(getSeriesLatest, s);
            }
        }

        @Override
        public void setSeriesLatest(String taskId, String seriesId, TaskEvent event) {
            long s = System.nanoTime();
            try {
                d.setSeriesLatest(taskId, seriesId, event);
            } finally {
                record(setSeriesLatest, s);
            }
        }

        @Override
        public TaskEvent accumulateSeries(String taskId, String seriesId, TaskEvent event, String field) {
            long s = System.nanoTime();
            try {
                return d.accumulateSeries(taskId, seriesId, event, field);
            } finally {
                record(accumulateSeries, s);
            }
        }

        @Override
        public long[] nextIndexes(String taskId, int count) {
            long s = System.nanoTime();
            try {
                return d.nextIndexes(taskId, count);
            } finally {
                record(nextIndexes, s);
            }
        }

        @Override
        public Optional<IndexedTask> reserveIndexes(String taskId, int count) {
            long s = System.nanoTime();
            try {
                return d.reserveIndexes(taskId, count);
            } finally {
                record(reserveIndexes, s);
            }
        }

        @Override
        public Supplier<TaskEvent> appendAccumulated(String taskId, String seriesId, TaskEvent event, String field) {
            long s = System.nanoTime();
            try {
                return d.appendAccumulated(taskId, seriesId, event, field);
            } finally {
                record(appendAccumulated, s);
            }
        }

        @Override
        public void replaceLastSeriesEvent(String taskId, String seriesId, TaskEvent event) {
            long s = System.nanoTime();
            try {
                d.replaceLastSeriesEvent(taskId, seriesId, event);
            } finally {
                record(replaceLastSeriesEvent, s);
            }
        }

        @Override
        public List<Task> listTasks(TaskQuery query) {
            long s = System.nanoTime();
            try {
                return d.listTasks(query);
            } finally {
                record(listTasks, s);
            }
        }

        @Override
        public void setDeadline(String taskId, long epochMs) {
            long s = System.nanoTime();
            try {
                d.setDeadline(taskId, epochMs);
            } finally {
                record(setDeadline, s);
            }
        }

        @Override
        public void clearDeadline(String taskId) {
            long s = System.nanoTime();
            try {
                d.clearDeadline(taskId);
            } finally {
                record(clearDeadline, s);
            }
        }

        @Override
        public List<String> dueDeadlines(long now, int limit) {
            long s = System.nanoTime();
            try {
                return d.dueDeadlines(now, limit);
            } finally {
                record(dueDeadlines, s);
            }
        }

        @Override
        public void deleteTask(String taskId) {
            long s = System.nanoTime();
            try {
                d.deleteTask(taskId);
            } finally {
                record(deleteTask, s);
            }
        }

        @Override
        public void deleteEvents(String taskId, Set<String> eventIds) {
            long s = System.nanoTime();
            try {
                d.deleteEvents(taskId, eventIds);
            } finally {
                record(deleteEvents, s);
            }
        }

        @Override
        public void deleteHistory(String taskId) {
            long s = System.nanoTime();
            try {
                d.deleteHistory(taskId);
            } finally {
                record(deleteHistory, s);
            }
        }

        @Override
        public List<DependencyHealth> checkHealth() {
            return d.checkHealth();
        }

        @Override
        public void close() {
            d.close();
        }
    }

    static final class TimedLongTermStore implements LongTermStore {
        private final LongTermStore d;
        private final Timer saveTask;
        private final Timer getTask;
        private final Timer saveEvent;
        private final Timer saveEvents;
        private final Timer replaceLastSeriesEvent;
        private final Timer accumulateSeries;
        private final Timer getEvents;
        private final Timer deleteTask;
        private final Timer deleteEvents;

        TimedLongTermStore(LongTermStore delegate, Timers t) {
            this.d = delegate;
            saveTask = t.of("saveTask");
            getTask = t.of("getTask");
            saveEvent = t.of("saveEvent");
            saveEvents = t.of("saveEvents");
            replaceLastSeriesEvent = t.of("replaceLastSeriesEvent");
            accumulateSeries = t.of("accumulateSeries");
            getEvents = t.of("getEvents");
            deleteTask = t.of("deleteTask");
            deleteEvents = t.of("deleteEvents");
        }

        @Override
        public void saveTask(Task task) {
            long s = System.nanoTime();
            try {
                d.saveTask(task);
            } finally {
                record(saveTask, s);
            }
        }

        @Override
        public Optional<Task> getTask(String taskId) {
            long s = System.nanoTime();
            try {
                return d.getTask(taskId);
            } finally {
                record(getTask, s);
            }
        }

        @Override
        public void saveEvent(TaskEvent event) {
            long s = System.nanoTime();
            try {
                d.saveEvent(event);
            } finally {
                record(saveEvent, s);
            }
        }

        @Override
        public void saveEvents(List<TaskEvent> events) {
            long s = System.nanoTime();
            try {
                d.saveEvents(events);
            } finally {
                record(saveEvents, s);
            }
        }

        @Override
        public void replaceLastSeriesEvent(String taskId, String seriesId, TaskEvent event) {
            long s = System.nanoTime();
            try {
                d.replaceLastSeriesEvent(taskId, seriesId, event);
            } finally {
                record(replaceLastSeriesEvent, s);
            }
        }

        @Override
        public TaskEvent accumulateSeries(String taskId, String seriesId, TaskEvent event, String field) {
            long s = System.nanoTime();
            try {
                return d.accumulateSeries(taskId, seriesId, event, field);
            } finally {
                record(accumulateSeries, s);
            }
        }

        @Override
        public List<TaskEvent> getEvents(String taskId, EventQuery query) {
            long s = System.nanoTime();
            try {
                return d.getEvents(taskId, query);
            } finally {
                record(getEvents, s);
            }
        }

        @Override
        public void deleteTask(String taskId) {
            long s = System.nanoTime();
            try {
                d.deleteTask(taskId);
            } finally {
                record(deleteTask, s);
            }
        }

        @Override
        public void deleteEvents(String taskId, Set<String> eventIds) {
            long s = System.nanoTime();
            try {
                d.deleteEvents(taskId, eventIds);
            } finally {
                record(deleteEvents, s);
            }
        }

        @Override
        public List<DependencyHealth> checkHealth() {
            return d.checkHealth();
        }

        @Override
        public void close() {
            d.close();
        }
    }

    static final class TimedBroadcast implements BroadcastProvider {
        private final BroadcastProvider d;
        private final Timer publish;
        private final Timer subscribe;

        TimedBroadcast(BroadcastProvider delegate, Timers t) {
            this.d = delegate;
            publish = t.of("publish");
            subscribe = t.of("subscribe");
        }

        @Override
        public void publish(String taskId, BroadcastMessage message) {
            long s = System.nanoTime();
            try {
                d.publish(taskId, message);
            } finally {
                record(publish, s);
            }
        }

        @Override
        public Subscription subscribe(String taskId, Consumer<BroadcastMessage> handler) {
            long s = System.nanoTime();
            try {
                return d.subscribe(taskId, handler);
            } finally {
                record(subscribe, s);
            }
        }

        @Override
        public Subscription onDeliveryInterrupted(Runnable listener) {
            return d.onDeliveryInterrupted(listener);
        }

        @Override
        public void requireDelivery() {
            d.requireDelivery();
        }

        @Override
        public List<DependencyHealth> checkHealth() {
            return d.checkHealth();
        }

        @Override
        public void close() {
            d.close();
        }
    }
}
