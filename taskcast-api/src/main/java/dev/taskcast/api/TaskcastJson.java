package dev.taskcast.api;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * The one JSON mapping of the wire model, shared by the server, the stores and plugins so that
 * every place writes the same bytes for the same value.
 */
public final class TaskcastJson {
    /**
     * Buffers recycled through a shared pool, not Jackson's default per-thread one: every request
     * and every SSE stream runs on a virtual thread of its own, so a per-thread pool allocates fresh
     * buffers (a few KiB) per connection and keeps them as long as the thread lives, which for a
     * stream is its whole life (docs/performance.md).
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newBoundedPool(64))
            .build();

    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // Only record components are wire fields; helper methods such as isTerminal() are not.
            .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .addModule(new SimpleModule("taskcast-wire").addSerializer(TaskEvent.class, new TaskEventSerializer()))
            .build();

    private TaskcastJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static <T> T fromTree(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Task readTask(String json) {
        return read(json, Task.class);
    }

    public static TaskEvent readEvent(String json) {
        return read(json, TaskEvent.class);
    }

    /** Pub/sub wire form: the event JSON plus {@code _accumulatedData} when present. */
    public static String writeBroadcast(BroadcastMessage message) {
        String event = write(message.event());
        JsonNode accumulated = message.accumulatedData();
        if (accumulated == null) {
            return event;
        }
        // The event is always a non-empty object: the extra member goes before its closing brace,
        // as it would after building the event's tree and adding it (without that tree).
        return event.substring(0, event.length() - 1) + ",\"" + BroadcastMessage.ACCUMULATED_FIELD + "\":"
                + write(accumulated) + "}";
    }

    public static BroadcastMessage readBroadcast(String json) {
        JsonNode node = tree(json);
        JsonNode acc = node.get(BroadcastMessage.ACCUMULATED_FIELD);
        return new BroadcastMessage(fromTree(node, TaskEvent.class), acc);
    }
}
