package dev.taskcast.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the broadcast layer carries: the event as stored plus, for accumulate series only, the
 * transient accumulated value (model.md §8.4; {@code _accumulatedData} on the pub/sub wire).
 *
 * <p>The accumulated value may be {@linkplain #deferred deferred}: computed the first time
 * {@link #accumulatedData()} is called, then kept. The in-memory store builds it from text it
 * appends in place, and most messages are never asked for it (only streams with
 * {@code seriesFormat=accumulated} and the Redis wire use it), so a long accumulate series does not
 * cost a copy of its whole text per event. Two messages are equal when their events and
 * accumulated values are.
 */
public final class BroadcastMessage {
    public static final String ACCUMULATED_FIELD = "_accumulatedData";

    private final TaskEvent event;
    /** Non-null until the deferred value is computed (guarded by {@code this}). */
    private Supplier<JsonNode> pending;
    private volatile JsonNode accumulatedData;

    public BroadcastMessage(TaskEvent event, JsonNode accumulatedData) {
        this.event = Objects.requireNonNull(event, "BroadcastMessage.event is required");
        this.accumulatedData = accumulatedData;
    }

    private BroadcastMessage(TaskEvent event, Supplier<JsonNode> accumulatedData) {
        this.event = Objects.requireNonNull(event, "BroadcastMessage.event is required");
        this.pending = Objects.requireNonNull(accumulatedData, "accumulatedData");
    }

    public static BroadcastMessage of(TaskEvent event) {
        return new BroadcastMessage(event, (JsonNode) null);
    }

    /**
     * A message whose accumulated value is {@code accumulatedData.get()}, called at most once, on
     * the first {@link #accumulatedData()}, on whichever thread asks. The supplier must answer the
     * value as of the publish, however late it is called.
     */
    public static BroadcastMessage deferred(TaskEvent event, Supplier<JsonNode> accumulatedData) {
        return new BroadcastMessage(event, accumulatedData);
    }

    public TaskEvent event() {
        return event;
    }

    /** The accumulated data, or {@code null} when the message carries none. */
    public JsonNode accumulatedData() {
        JsonNode value = accumulatedData;
        if (value != null) {
            return value;
        }
        synchronized (this) {
            if (pending != null) {
                accumulatedData = pending.get();
                pending = null;
            }
            return accumulatedData;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BroadcastMessage m && event.equals(m.event)
                && Objects.equals(accumulatedData(), m.accumulatedData());
    }

    @Override
    public int hashCode() {
        return 31 * event.hashCode() + Objects.hashCode(accumulatedData());
    }

    @Override
    public String toString() {
        return "BroadcastMessage[event=" + event + ", accumulatedData=" + accumulatedData() + "]";
    }
}
