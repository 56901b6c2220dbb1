package dev.taskcast.server.sse;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The hand-off between a task's broadcast and one stream's writer thread. Bounded: a subscriber
 * that does not keep up is marked overflowed instead of slowing publishers or growing memory;
 * its stream then ends and the client resumes with {@code Last-Event-ID}.
 */
final class Subscriber {
    private static final LiveEvent CLOSE = new LiveEvent(
            dev.taskcast.api.BroadcastMessage.of(new dev.taskcast.api.TaskEvent("close", "close", 0, 0, "", dev.taskcast.api.Level.INFO,
                    null, null, null, null, null)));

    private final BlockingQueue<LiveEvent> queue;
    private volatile boolean overflowed;
    private volatile boolean stalled;
    private volatile boolean closed;
    /** {@link System#nanoTime()} when the current write to the client started, 0 while not writing. */
    private volatile long writingSince;
    /** The thread writing this subscriber's response while it streams (guarded by {@code this}). */
    private Thread writer;
    private boolean writerInterrupted;

    Subscriber(int capacity) {
        // Linked, not array-backed: an ArrayBlockingQueue allocates its whole capacity up front
        // (16 KiB per stream at 4096), which is most of a stream's memory when 10 000 clients watch
        // a task whose queues stay nearly empty (docs/performance.md).
        this.queue = new LinkedBlockingQueue<>(capacity);
    }

    /** Called on the publishing thread: never blocks. */
    void offer(LiveEvent event) {
        if (!closed && !queue.offer(event)) {
            overflowed = true;
            closed = true;
            queue.clear();
            queue.offer(CLOSE);
            interruptWriter();
        }
    }

    /**
     * Registers the thread that writes this stream. A client that stops reading leaves that thread
     * blocked in a socket write, where it would never see {@link #CLOSE}; on overflow it is
     * interrupted, which aborts the blocked write (the channel closes) and ends the stream.
     */
    synchronized void bindWriter(Thread thread) {
        writer = thread;
    }

    /**
     * Called by the writer when its stream ends: no interrupt from this subscriber can arrive
     * afterwards, and one that arrived but was not consumed is cleared so it cannot hit the next
     * request served by the same connection thread.
     */
    void unbindWriter() {
        boolean clear;
        synchronized (this) {
            writer = null;
            clear = writerInterrupted;
        }
        if (clear) {
            Thread.interrupted();
        }
    }

    private synchronized void interruptWriter() {
        if (writer != null) {
            writerInterrupted = true;
            writer.interrupt();
        }
    }

    /** True once this subscriber fell too far behind and was cut off. */
    boolean overflowed() {
        return overflowed;
    }

    /** True once a write to this subscriber's client was blocked past the write timeout and cut off. */
    boolean stalled() {
        return stalled;
    }

    /** The writer is about to write or flush to the client (may block while the client does not read). */
    void writing() {
        long now = System.nanoTime();
        writingSince = now == 0 ? 1 : now;
    }

    /** The write or flush returned. */
    void wrote() {
        writingSince = 0;
    }

    /**
     * Called by the watchdog: if the current write has been blocked for longer than {@code timeoutNanos}
     * (a client that stopped reading, or a half-open connection whose buffers are full), cut the
     * stream off as on overflow. Returns true when it did.
     */
    boolean abortIfStalled(long nowNanos, long timeoutNanos) {
        long since = writingSince;
        if (since == 0 || nowNanos - since < timeoutNanos || closed) {
            return false;
        }
        stalled = true;
        closed = true;
        queue.clear();
        queue.offer(CLOSE);
        interruptWriter();
        return true;
    }

    /** Ask the writer to end the stream (server shutdown). */
    void close() {
        closed = true;
        if (!queue.offer(CLOSE)) {
            // Full: the stream ends anyway, so what it had queued is not needed.
            queue.clear();
            queue.offer(CLOSE);
        }
    }

    /** The next event, {@code null} on timeout, or throws {@link StreamClosed} once closed. */
    LiveEvent poll(long timeoutMs) throws InterruptedException {
        LiveEvent e = timeoutMs > 0 ? queue.poll(timeoutMs, TimeUnit.MILLISECONDS) : queue.take();
        if (e == CLOSE || (e == null && closed)) {
            throw new StreamClosed(overflowed);
        }
        return e;
    }

    /** Whatever is queued now, without waiting; {@code null} when empty. */
    LiveEvent pollNow() {
        LiveEvent e = queue.poll();
        if (e == CLOSE) {
            throw new StreamClosed(overflowed);
        }
        return e;
    }

    /** The stream must end: shutdown, or the subscriber fell too far behind. */
    static final class StreamClosed extends RuntimeException {
        final boolean overflowed;

        StreamClosed(boolean overflowed) {
            super(null, null, false, false);
            this.overflowed = overflowed;
        }
    }
}
