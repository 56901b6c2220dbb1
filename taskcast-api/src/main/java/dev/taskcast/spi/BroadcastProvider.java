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

    /**
     * Registers {@code listener}, called (on any thread; it must return quickly) whenever messages to
     * current subscriptions may have been lost, e.g. because the connection to the broker dropped.
     * Subscribers cannot tell what they missed, so the server ends its live streams and clients
     * resume from the history. A provider that cannot lose messages (memory) never calls it.
     *
     * @return closing it removes the listener
     */
    default Subscription onDeliveryInterrupted(Runnable listener) {
        return () -> { };
    }

    /**
     * Throws {@link DependencyUnavailableException} when a subscription made now would not receive
     * live messages: the broker connection is down, or its subscription has not been restored since
     * a reconnect. Called after subscribing and before serving a live stream. Default: never throws.
     */
    default void requireDelivery() {
    }

    @Override
    default void close() {
    }
}
