/**
 * The plugin SPI: storage adapters and hooks, each discovered through one {@link java.util.ServiceLoader}
 * factory per kind ({@link dev.taskcast.spi.BroadcastFactory}, {@link dev.taskcast.spi.ShortTermStoreFactory},
 * {@link dev.taskcast.spi.LongTermStoreFactory}, {@link dev.taskcast.spi.HooksFactory}) and chosen by
 * {@code name()} in the server's YAML.
 *
 * <h2>Why the operations are blocking</h2>
 * Every store operation is a plain blocking call rather than a {@code CompletionStage}. The server
 * runs each request and each SSE stream on its own virtual thread, so a blocking call costs a parked
 * virtual thread, not a platform thread; blocking signatures keep adapters short and their error
 * handling ordinary ({@code try}/{@code catch}), and let the engine express per-task ordering with
 * plain locks. An adapter that talks to an asynchronous client (Lettuce, say) simply waits for its
 * future. Work that must stay off the request path (long-term event writes, webhooks) is queued
 * by the engine, not by the adapter.
 *
 * <h2>Failures</h2>
 * An adapter that cannot reach its backing service throws {@link dev.taskcast.spi.DependencyUnavailableException}
 * naming the dependency and the kind of failure; the server answers such requests with 503.
 */
package dev.taskcast.spi;
