package dev.taskcast.engine.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskcastJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One history entry in compact form. Histories are most of what the memory store holds, and a
 * Jackson tree costs a few hundred bytes even for {@code {"delta":"x"}} (an ObjectNode with its own
 * LinkedHashMap and a node per value) where the JSON text is a dozen bytes; so an entry keeps its
 * data as UTF-8 JSON and rebuilds the tree when read. As a side effect every reader gets its own
 * tree and cannot alter the stored history by mutating a returned ObjectNode.
 *
 * <p>{@code data == null} means the event has no data key; JSON {@code null} is stored as the text
 * {@code null}. The snapshot flag is not kept: snapshots are never stored (model.md §8.6).
 */
final class StoredEvent {
    private final String id;
    private final String taskId;
    private final long index;
    private final long timestamp;
    private final String type;
    private final Level level;
    private final byte[] data;
    private final String seriesId;
    private final SeriesMode seriesMode;
    private final String seriesAccField;

    private StoredEvent(TaskEvent event, String taskId, String type) {
        this.id = event.id();
        this.taskId = taskId;
        this.index = event.index();
        this.timestamp = event.timestamp();
        this.type = type;
        this.level = event.level();
        this.data = event.data() == null ? null : TaskcastJson.writeBytes(event.data());
        this.seriesId = event.seriesId();
        this.seriesMode = event.seriesMode();
        this.seriesAccField = event.seriesAccField();
    }

    /**
     * Encodes {@code event} for the history of {@code recordTaskId}. Equal strings are shared with
     * the record's key and with the previous entry's type: each request parses its own copies, and
     * a stream of events of one type would otherwise keep one copy per event.
     */
    static StoredEvent of(TaskEvent event, String recordTaskId, StoredEvent previous) {
        String taskId = event.taskId().equals(recordTaskId) ? recordTaskId : event.taskId();
        String type = previous != null && previous.type.equals(event.type()) ? previous.type : event.type();
        return new StoredEvent(event, taskId, type);
    }

    String id() {
        return id;
    }

    TaskEvent toEvent() {
        return new TaskEvent(id, taskId, index, timestamp, type, level, decodeData(), seriesId, seriesMode,
                seriesAccField, null);
    }

    private JsonNode decodeData() {
        if (data == null) {
            return null;
        }
        try {
            return TaskcastJson.mapper().readTree(data);
        } catch (IOException e) {
            // The bytes were written by TaskcastJson a moment ago; failing to read them is a bug.
            throw new UncheckedIOException("stored event " + id + " has unreadable data", e);
        }
    }
}
