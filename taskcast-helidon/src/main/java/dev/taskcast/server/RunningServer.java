package dev.taskcast.server;

/** A started server. */
public interface RunningServer {
    /** The bound port (useful when started on port 0). */
    int port();

    /** The port serving {@code /metrics}: {@link #port()} unless {@code metrics.port} gives it a listener of its own. */
    default int metricsPort() {
        return port();
    }

    /**
     * Graceful stop: end open SSE streams, stop accepting connections, stop background work, flush
     * queued long-term writes and close the stores.
     */
    void stop();

    /** Blocks until the server has stopped. */
    void awaitTermination() throws InterruptedException;
}
