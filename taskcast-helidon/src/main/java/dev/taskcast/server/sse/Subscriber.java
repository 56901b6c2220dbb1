package dev.taskcast.server.sse;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
    private volatile boolean closed;

    Subscriber(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Called on the publishing thread: never blocks. */
    void offer(LiveEvent event) {
        if (!closed && !queue.offer(event)) {
            overflowed = true;
            closed = true;
            queue.clear();
            queue.offer(CLOSE);
        }
    }

    /** Ask the writer to end the stream (server shutdown). */
    void close() {
        closed = true;
        queue.offer(CLOSE);
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
