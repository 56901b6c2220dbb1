package dev.taskcast.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What the broadcast layer carries: the event as stored plus, for accumulate series only, the
 * transient accumulated value (model.md §8.4; {@code _accumulatedData} on the pub/sub wire).
 */
public record BroadcastMessage(TaskEvent event, JsonNode accumulatedData) {
    public static final String ACCUMULATED_FIELD = "_accumulatedData";

    public BroadcastMessage {
        Objects.requireNonNull(event, "BroadcastMessage.event is required");
    }

    public static BroadcastMessage of(TaskEvent event) {
        return new BroadcastMessage(event, null);
    }
}
