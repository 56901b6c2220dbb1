package dev.taskcast.spi;

/**
 * ServiceLoader entry point for a live fan-out. Register the implementation in
 * {@code META-INF/services/dev.taskcast.spi.BroadcastFactory}; users select it by {@link #name()}.
 */
public interface BroadcastFactory {
    /** The provider name users write in YAML, e.g. {@code memory} or {@code redis}. */
    String name();

    /** Build the adapter from its YAML block. Throw {@link IllegalArgumentException} for bad options. */
    BroadcastProvider create(PluginContext context);
}
