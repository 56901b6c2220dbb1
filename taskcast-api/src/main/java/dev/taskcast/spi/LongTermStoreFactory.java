package dev.taskcast.spi;

/**
 * ServiceLoader entry point for a long-term store. Register the implementation in
 * {@code META-INF/services/dev.taskcast.spi.LongTermStoreFactory}; users select it by {@link #name()}.
 */
public interface LongTermStoreFactory {
    /** The provider name users write in YAML, e.g. {@code memory} or {@code redis}. */
    String name();

    /** Build the adapter from its YAML block. Throw {@link IllegalArgumentException} for bad options. */
    LongTermStore create(PluginContext context);

    /**
     * The store's schema migrations, if it has any. {@link #create} must refuse (with a message that
     * names {@code taskcast migrate}) when the schema is not migrated.
     */
    default java.util.Optional<SchemaMigrator> migrator(PluginContext context) {
        return java.util.Optional.empty();
    }
}
