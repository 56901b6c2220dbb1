package dev.taskcast.spi;

/** A broadcast registration; closing it removes the handler. Closing twice is harmless. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
