package dev.taskcast.spi;

import dev.taskcast.api.BroadcastMessage;
import java.util.function.Consumer;

/**
 * Live fan-out of emitted events to subscribers on every instance sharing the provider (storage.md §1).
 * Fire-and-forget and at-most-once: nothing is persisted or replayed. A handler that throws must not
 * affect other handlers or the publisher. Handlers should return quickly (hand off to a queue).
 */
public interface BroadcastProvider extends HealthReporting, AutoCloseable {
    void publish(String taskId, BroadcastMessage message);

    Subscription subscribe(String taskId, Consumer<BroadcastMessage> handler);

    @Override
    default void close() {
    }
}
