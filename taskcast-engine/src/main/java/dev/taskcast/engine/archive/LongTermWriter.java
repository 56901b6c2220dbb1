package dev.taskcast.engine.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.spi.LongTermStore;
import dev.taskcast.spi.TaskcastHooks;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes events to the long-term store off the request path (model.md §5.4 step 7). One consumer
 * drains a bounded queue in submission order, so each task's writes keep emission order. A full
 * queue or a failed write is reported through {@code onEventDropped}; the publish never waits.
 */
public final class LongTermWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LongTermWriter.class.getName());

    private record Pending(TaskEvent event, JsonNode accumulatedData) {
    }

    private final LongTermStore store;
    private final TaskcastHooks hooks;
    private final BlockingQueue<Pending> queue;
    private final Thread worker;
    private volatile boolean closed;

    public LongTermWriter(LongTermStore store, TaskcastHooks hooks, int capacity) {
        this.store = store;
        this.hooks = hooks;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = Thread.ofVirtual().name("taskcast-long-term-writer").start(this::run);
    }

    /** Queue an emitted event; {@code accumulatedData} is the short-term merge for accumulate events. */
    public void submit(TaskEvent event, JsonNode accumulatedData) {
        Pending p = new Pending(event, accumulatedData);
        if (closed || !queue.offer(p)) {
            hooks.onEventDropped(droppedForm(p), "Error: long-term write queue is full");
        }
    }

    /** Events queued but not yet written. */
    public int backlog() {
        return queue.size();
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            Pending p;
            try {
                p = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (p != null) {
                write(p);
            }
        }
    }

    private void write(Pending p) {
        TaskEvent e = p.event();
        try {
            if (e.inSeries() && e.seriesMode() == SeriesMode.ACCUMULATE) {
                store.accumulateSeries(e.taskId(), e.seriesId(), e, e.accumulationField());
            } else if (e.inSeries() && e.seriesMode() == SeriesMode.LATEST) {
                store.replaceLastSeriesEvent(e.taskId(), e.seriesId(), e);
            } else {
                store.saveEvent(e);
            }
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "long-term write of event " + e.id() + " failed: " + ex.getMessage());
            hooks.onEventDropped(droppedForm(p), "Error: " + ex.getMessage());
        }
    }

    private static TaskEvent droppedForm(Pending p) {
        return p.accumulatedData() == null ? p.event() : p.event().withData(p.accumulatedData());
    }

    /** Write what is queued, up to {@code deadline}, then stop. */
    public void close(Duration deadline) {
        closed = true;
        try {
            worker.join(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
