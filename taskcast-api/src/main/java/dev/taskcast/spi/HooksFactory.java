package dev.taskcast.spi;

/**
 * ServiceLoader entry point for a hook provider. Register the implementation in
 * {@code META-INF/services/dev.taskcast.spi.HooksFactory}; users select it by {@link #name()}.
 */
public interface HooksFactory {
    /** The provider name users write in YAML, e.g. {@code memory} or {@code redis}. */
    String name();

    /** Build the adapter from its YAML block. Throw {@link IllegalArgumentException} for bad options. */
    TaskcastHooks create(PluginContext context);
}
