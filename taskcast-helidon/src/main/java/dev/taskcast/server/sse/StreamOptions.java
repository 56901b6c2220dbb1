package dev.taskcast.server.sse;

import dev.taskcast.api.EventQuery;
import dev.taskcast.api.SubscribeFilter;

/**
 * A parsed task-stream request (http-api.md §7.1): the subscriber's filter (its {@code since.index}
 * applies to the filtered sequence), the store query (only {@code since.id} and a non-zero
 * {@code since.timestamp}, plus {@code limit}), and whether any since cursor was given, which
 * disables snapshot collapse.
 */
public record StreamOptions(SubscribeFilter filter, EventQuery storeQuery, boolean cursorPresent) {
}
