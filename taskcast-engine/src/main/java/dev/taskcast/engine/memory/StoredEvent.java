package dev.taskcast.engine.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.f4b6a3.ulid.Ulid;
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
    /**
     * The id as text, or {@code null} when it is a canonical ULID (every id this server makes),
     * then kept as its 128 bits in {@link #idHigh}/{@link #idLow}: 16 bytes instead of a 26-char
     * String (about 72). Rebuilt on read.
     */
    private final String idText;
    private final long idHigh;
    private final long idLow;
    private final String taskId;
    private final long index;
    private final long timestamp;
    private final String type;
    private final Level level;
    private final byte[] data;
    private final String seriesId;
    private final SeriesMode seriesMode;
    private final String seriesAccField;

    private StoredEvent(TaskEvent event, String taskId, String type, String seriesId, String seriesAccField) {
        Ulid ulid = canonicalUlid(event.id());
        this.idText = ulid == null ? event.id() : null;
        this.idHigh = ulid == null ? 0 : ulid.getMostSignificantBits();
        this.idLow = ulid == null ? 0 : ulid.getLeastSignificantBits();
        this.taskId = taskId;
        this.index = event.index();
        this.timestamp = event.timestamp();
        this.type = type;
        this.level = event.level();
        this.data = event.data() == null ? null : TaskcastJson.writeBytes(event.data());
        this.seriesId = seriesId;
        this.seriesMode = event.seriesMode();
        this.seriesAccField = seriesAccField;
    }

    /** The ULID whose text is exactly {@code id} (26 chars, upper case), else {@code null}. */
    private static Ulid canonicalUlid(String id) {
        if (id.length() != 26 || !Ulid.isValid(id)) {
            return null;
        }
        Ulid ulid = Ulid.from(id);
        return ulid.toString().equals(id) ? ulid : null;
    }

    /**
     * Encodes {@code event} for the history of {@code recordTaskId}. Equal strings are shared with
     * the record's key and with the previous entry's type: each request parses its own copies, and
     * a stream of events of one type would otherwise keep one copy per event.
     */
    static StoredEvent of(TaskEvent event, String recordTaskId, StoredEvent previous) {
        String taskId = event.taskId().equals(recordTaskId) ? recordTaskId : event.taskId();
        String type = previous != null && previous.type.equals(event.type()) ? previous.type : event.type();
        String seriesId = previous != null && previous.seriesId != null && previous.seriesId.equals(event.seriesId())
                ? previous.seriesId : event.seriesId();
        String accField = previous != null && previous.seriesAccField != null
                && previous.seriesAccField.equals(event.seriesAccField()) ? previous.seriesAccField : event.seriesAccField();
        return new StoredEvent(event, taskId, type, seriesId, accField);
    }

    String id() {
        return idText != null ? idText : new Ulid(idHigh, idLow).toString();
    }

    TaskEvent toEvent() {
        return new TaskEvent(id(), taskId, index, timestamp, type, level, decodeData(), seriesId, seriesMode,
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
            throw new UncheckedIOException("stored event " + id() + " has unreadable data", e);
        }
    }
}
