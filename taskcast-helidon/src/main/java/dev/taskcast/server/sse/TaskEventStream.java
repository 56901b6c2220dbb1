package dev.taskcast.server.sse;

import dev.taskcast.api.SubscribeFilter;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.engine.filter.EventFilter;
import dev.taskcast.engine.filter.FilteredEvent;
import dev.taskcast.engine.filter.FilteredIndex;
import dev.taskcast.engine.series.SnapshotCollapse;
import dev.taskcast.engine.task.TaskEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One task SSE stream: the algorithm of http-api.md §7.3. Subscribes before reading history,
 * replays, drains what arrived meanwhile without duplicates, then streams live until a terminal
 * status event, the client leaving, overflow or shutdown. Runs on the request's virtual thread.
 */
final class TaskEventStream {
    private final TaskEngine engine;
    private final String taskId;
    private final StreamOptions options;
    private final SubscribeFilter filter;
    private final SubscribeFilter filterWithoutSince;
    private final OutputStream out;
    private final long keepaliveMs;
    private final boolean accumulated;
    private final boolean wrap;
    private final StreamMetrics metrics;
    /** Indexes of every history event, sorted: the overlap with buffered live events is skipped. */
    private long[] seen = new long[0];
    private long boundary = -1;
    private final SseFrames.Scratch scratch = new SseFrames.Scratch();
    private long next;
    /** Whether the history read holds a terminal status event (then the stream may close at once). */
    private boolean historyEndsTask;
    /** How long a stream on a just-finished task waits for the status event still in flight. */
    private static final long TERMINAL_EVENT_GRACE_MS = 2000;

    TaskEventStream(TaskEngine engine, String taskId, StreamOptions options, OutputStream out, long keepaliveMs,
                    StreamMetrics metrics) {
        this.metrics = metrics;
        this.engine = engine;
        this.taskId = taskId;
        this.options = options;
        this.filter = options.filter();
        this.filterWithoutSince = new SubscribeFilter(filter.types(), filter.levels(), filter.includeStatus(), null,
                filter.wrap(), filter.seriesFormat());
        this.out = out;
        this.keepaliveMs = keepaliveMs;
        this.accumulated = filter.accumulated();
        this.wrap = filter.wraps();
    }

    /** Streams until done; returns normally when the stream should end. */
    void run(Subscriber subscriber) throws IOException, InterruptedException {
        List<TaskEvent> history = engine.getEvents(taskId, options.storeQuery());
        if (!options.cursorPresent()) {
            history = SnapshotCollapse.collapse(history, s -> engine.getSeriesLatest(taskId, s));
        }
        List<FilteredEvent> replay = FilteredIndex.apply(history, filter);
        for (FilteredEvent fe : replay) {
            TaskEvent e = fe.event();
            byte[] payload = wrap ? SseFrames.envelopeTail(e) : SseFrames.bareEvent(e);
            SseFrames.writeFrame(out, SseFrames.frame(e.id(), payload, wrap), wrap, fe.filteredIndex(), scratch);
            metrics.eventSent();
        }
        if (replay.isEmpty()) {
            // Helidon sends the response head with the first body byte; a comment (ignored by SSE
            // clients) lets an empty replay open the stream at once instead of at the next event.
            out.write(SseFrames.KEEPALIVE);
        }
        historyEndsTask = history.stream().anyMatch(e -> e.terminalStatus() != null);
        next = FilteredIndex.countMatching(history, filterWithoutSince);
        seen = history.stream().mapToLong(TaskEvent::index).sorted().toArray();
        boundary = seen.length == 0 ? -1 : seen[seen.length - 1];
        out.flush();

        if (drainBuffered(subscriber)) {
            return;
        }
        Task task = engine.getTask(taskId).orElse(null);
        if (drainBuffered(subscriber)) {
            return;
        }
        if (task != null && task.isTerminal()) {
            // A transition stores the task before it emits its status event, so a stream can see a
            // terminal task whose status event is neither in the history it read nor delivered yet.
            // Wait briefly for that event rather than close without it.
            if (historyEndsTask || options.storeQuery().limit() != null
                    || !awaitTerminalEvent(subscriber, TERMINAL_EVENT_GRACE_MS)) {
                finish(task.status());
            }
            return;
        }
        live(subscriber);
    }

    /** Delivers live events until a terminal status event closes the stream; false on timeout. */
    private boolean awaitTerminalEvent(Subscriber subscriber, long graceMs) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + graceMs * 1_000_000;
        long left;
        while ((left = (deadline - System.nanoTime()) / 1_000_000) > 0) {
            LiveEvent e = subscriber.poll(left);
            if (e != null && !inHistory(e.event().index()) && deliver(e)) {
                return true;
            }
        }
        out.flush();
        return false;
    }

    /** Step 8: events that arrived while history was read, in index order, minus the overlap. */
    private boolean drainBuffered(Subscriber subscriber) throws IOException {
        List<LiveEvent> buffered = new ArrayList<>();
        for (LiveEvent e = subscriber.pollNow(); e != null; e = subscriber.pollNow()) {
            buffered.add(e);
        }
        buffered.sort(Comparator.comparingLong(e -> e.event().index()));
        for (LiveEvent e : buffered) {
            long index = e.event().index();
            if (index <= boundary || inHistory(index)) {
                continue;
            }
            if (deliver(e)) {
                return true;
            }
        }
        out.flush();
        return false;
    }

    private void live(Subscriber subscriber) throws IOException, InterruptedException {
        while (true) {
            LiveEvent e = subscriber.poll(keepaliveMs);
            if (e == null) {
                out.write(SseFrames.KEEPALIVE);
                out.flush();
                continue;
            }
            // Write everything already queued before flushing: one flush per burst, not per event.
            do {
                if (!inHistory(e.event().index()) && deliver(e)) {
                    return;
                }
                e = subscriber.pollNow();
            } while (e != null);
            out.flush();
        }
    }

    /** Sends {@code e} if it matches; returns true when it closed the stream (terminal status). */
    private boolean deliver(LiveEvent e) throws IOException {
        TaskEvent event = e.event();
        if (EventFilter.matches(event, filter)) {
            SseFrames.writeFrame(out, e.frame(accumulated, wrap), wrap, next++, scratch);
            metrics.eventSent();
        }
        TaskStatus terminal = event.terminalStatus();
        if (terminal != null) {
            finish(terminal);
            return true;
        }
        return false;
    }

    private boolean inHistory(long index) {
        return index <= boundary && Arrays.binarySearch(seen, index) >= 0;
    }

    private void finish(TaskStatus status) throws IOException {
        SseFrames.writeDone(out, status.wireName());
        out.flush();
    }
}
