package dev.taskcast.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.taskcast.api.TaskEvent;

/** The accumulate merge of model.md §8.2, shared by every store that keeps a series pointer. */
public final class SeriesAccumulation {
    private SeriesAccumulation() {
    }

    /**
     * The accumulated event for {@code event} given the previous pointer's data: when both data are
     * objects and both hold a string at {@code field}, the strings are concatenated (other keys come
     * from the new data only); otherwise the new event resets the accumulation.
     */
    public static TaskEvent merge(JsonNode previousData, TaskEvent event, String field) {
        JsonNode data = event.data();
        if (previousData != null && previousData.isObject() && data != null && data.isObject()) {
            JsonNode prev = previousData.get(field);
            JsonNode next = data.get(field);
            if (prev != null && prev.isTextual() && next != null && next.isTextual()) {
                ObjectNode merged = ((ObjectNode) data).deepCopy();
                merged.set(field, TextNode.valueOf(prev.textValue() + next.textValue()));
                return event.withData(merged);
            }
        }
        return event;
    }
}
