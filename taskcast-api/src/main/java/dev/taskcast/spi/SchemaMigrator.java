package dev.taskcast.spi;

import java.util.List;

/**
 * Schema migrations of a store that needs them (PostgreSQL). Used by {@code taskcast migrate} and by
 * automatic migration at startup, before the store itself is created.
 */
public interface SchemaMigrator extends AutoCloseable {
    /** Where migrations would be applied, without credentials (e.g. {@code host:port/db}). */
    String target();

    /** File names of the migrations not yet applied, in order. */
    List<String> pending();

    /** Applies the pending migrations; returns the file names applied, in order. */
    List<String> apply();

    /** Total number of known migrations already applied. */
    int applied();

    @Override
    default void close() {
    }
}
