/**
 * The in-process storage providers named {@code memory}: a short-term store and a broadcast for a
 * single server instance (storage.md §1, §2.2). State lives only as long as the process.
 */
package dev.taskcast.engine.memory;
