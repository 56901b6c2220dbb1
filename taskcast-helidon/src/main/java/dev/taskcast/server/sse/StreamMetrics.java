package dev.taskcast.server.sse;

/**
 * What the SSE layer counts. Called on stream threads, once per stream event or per sent message:
 * implementations only increment a counter and never throw.
 */
public interface StreamMetrics {

    /** Counts nothing. */
    StreamMetrics NONE = new StreamMetrics() {
    };

    /** Why a stream was cut off because its client did not keep up. */
    enum SlowReason {
        /** Its queue of live events filled up. */
        QUEUE_FULL,
        /** A write to the client stayed blocked past the write timeout. */
        WRITE_TIMEOUT
    }

    /** A stream started: {@code global} for {@code GET /events}, else a task stream. */
    default void streamOpened(boolean global) {
    }

    /** A stream ended, for whatever reason. */
    default void streamClosed(boolean global) {
    }

    /** One {@code taskcast.event} message was written to a client. */
    default void eventSent() {
    }

    /** A stream was closed because its client was too slow. */
    default void slowSubscriberDisconnected(SlowReason reason) {
    }
}
