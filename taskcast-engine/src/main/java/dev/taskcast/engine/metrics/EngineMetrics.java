package dev.taskcast.engine.metrics;

import dev.taskcast.api.TaskStatus;

/**
 * What the engine counts, independent of any metrics library: the server implements it on its
 * meter registry, tests and embedders that do not care use {@link #NONE}. Every method is called
 * on the request or delivery path, so implementations must only increment a counter (no I/O, no
 * locks, no allocation beyond what the counter needs) and must never throw.
 *
 * <p>Values that the engine already keeps (long-term backlog and drops) are read on demand
 * instead, through {@code TaskEngine.longTermBacklog()} and {@code TaskEngine.longTermDropped()}.
 */
public interface EngineMetrics {

    /** Counts nothing. */
    EngineMetrics NONE = new EngineMetrics() {
    };

    /** A task was created on this instance. */
    default void taskCreated() {
    }

    /** A task moved to {@code to} on this instance (auto-timeout included). */
    default void taskTransitioned(TaskStatus to) {
    }

    /**
     * An event was stored and broadcast on this instance: {@code statusEvent} is true for the
     * built-in {@code taskcast:status} event of a transition, false for a published event.
     */
    default void eventPublished(boolean statusEvent) {
    }

    /** One HTTP attempt of a webhook delivery (the first try and every retry). */
    default void webhookAttempt() {
    }

    /** A webhook delivery succeeded (possibly after retries); events its filter skips are not counted. */
    default void webhookSucceeded() {
    }

    /** A webhook delivery failed after its last attempt (or was abandoned or refused at shutdown). */
    default void webhookFailed() {
    }

    /** A webhook delivery was shed because too many deliveries were outstanding. */
    default void webhookShed() {
    }
}
