package dev.taskcast.engine.envelope;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskcastJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The event envelope of http-api.md §7.4 ({@code filteredIndex}, {@code rawIndex}, {@code eventId},
 * ...), used by SSE streams and by webhooks with {@code wrap: true}. Built in two parts so that the
 * per-subscriber number is the only per-subscriber byte: a prefix {@code {"filteredIndex":N,} and a
 * tail shared by every subscriber.
 */
public final class EventEnvelope {
    private static final byte[] START = "{\"filteredIndex\":".getBytes(StandardCharsets.US_ASCII);

    private EventEnvelope() {
    }

    /**
     * The envelope after {@code "filteredIndex":N,}: rawIndex, eventId, taskId, type, timestamp,
     * level, data (only if present), series fields (only if present), seriesSnapshot (only on
     * snapshots), and the closing brace.
     */
    public static byte[] tail(TaskEvent e) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        try (JsonGenerator g = TaskcastJson.mapper().getFactory().createGenerator(buf)) {
            g.writeStartObject();
            g.writeNumberField("rawIndex", e.index());
            g.writeStringField("eventId", e.id());
            g.writeStringField("taskId", e.taskId());
            g.writeStringField("type", e.type());
            g.writeNumberField("timestamp", e.timestamp());
            g.writeStringField("level", e.level().wireName());
            if (e.data() != null) {
                g.writeFieldName("data");
                TaskcastJson.mapper().writeTree(g, e.data());
            }
            if (e.seriesId() != null) {
                g.writeStringField("seriesId", e.seriesId());
            }
            if (e.seriesMode() != null) {
                g.writeStringField("seriesMode", e.seriesMode().wireName());
            }
            if (e.seriesAccField() != null) {
                g.writeStringField("seriesAccField", e.seriesAccField());
            }
            if (e.isSnapshot()) {
                g.writeBooleanField("seriesSnapshot", true);
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        byte[] full = buf.toByteArray();
        // Drop the opening brace: the prefix supplies '{"filteredIndex":N,' in its place.
        byte[] tail = new byte[full.length - 1];
        System.arraycopy(full, 1, tail, 0, tail.length);
        return tail;
    }

    /** {@code {"filteredIndex":} — the start of {@link #prefix}, before the number. */
    public static byte[] prefixStart() {
        return START.clone();
    }

    /** {@code {"filteredIndex":N,} — the part of the envelope that differs per subscriber. */
    public static byte[] prefix(long filteredIndex) {
        byte[] n = Long.toString(filteredIndex).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[START.length + n.length + 1];
        System.arraycopy(START, 0, out, 0, START.length);
        System.arraycopy(n, 0, out, START.length, n.length);
        out[out.length - 1] = ',';
        return out;
    }

    /** The whole envelope. */
    public static byte[] of(TaskEvent e, long filteredIndex) {
        byte[] prefix = prefix(filteredIndex);
        byte[] tail = tail(e);
        byte[] out = new byte[prefix.length + tail.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(tail, 0, out, prefix.length, tail.length);
        return out;
    }
}
