package dev.taskcast.spi;

/**
 * ServiceLoader entry point for a short-term store. Register the implementation in
 * {@code META-INF/services/dev.taskcast.spi.ShortTermStoreFactory}; users select it by {@link #name()}.
 */
public interface ShortTermStoreFactory {
    /** The provider name users write in YAML, e.g. {@code memory} or {@code redis}. */
    String name();

    /** Build the adapter from its YAML block. Throw {@link IllegalArgumentException} for bad options. */
    ShortTermStore create(PluginContext context);
}
