package dev.taskcast.server.sse;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskcastJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The SSE wire format of http-api.md §7.2/§7.4: field order {@code event}, {@code data}, {@code id};
 * {@code taskcast.done} without an id line; JSON on one line (JSON escapes line breaks).
 */
final class SseFrames {
    private static final byte[] EVENT_PREFIX = "event: taskcast.event\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENVELOPE_START = "{\"filteredIndex\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID_PREFIX = "\nid: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FRAME_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] KEEPALIVE = ":keepalive\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseFrames() {
    }

    /**
     * Writes one {@code taskcast.event} message. With {@code wrap}, {@code payload} is the
     * envelope without its leading {@code {"filteredIndex":N,} (see {@link #envelopeTail}), so the
     * per-subscriber number is the only per-subscriber byte.
     */
    static void writeEvent(OutputStream out, String eventId, byte[] payload, boolean wrap, long filteredIndex)
            throws IOException {
        out.write(EVENT_PREFIX);
        if (wrap) {
            out.write(ENVELOPE_START);
            out.write(Long.toString(filteredIndex).getBytes(StandardCharsets.US_ASCII));
            out.write(',');
        }
        out.write(payload);
        out.write(ID_PREFIX);
        out.write(eventId.getBytes(StandardCharsets.UTF_8));
        out.write(FRAME_END);
    }

    static void writeDone(OutputStream out, String reason) throws IOException {
        out.write(("event: taskcast.done\ndata: {\"reason\":\"" + reason + "\"}\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The envelope of §7.4 after {@code "filteredIndex":N,}: rawIndex, eventId, taskId, type,
     * timestamp, level, data (only if present), series fields (only if present), seriesSnapshot
     * (only on snapshots), and the closing brace.
     */
    static byte[] envelopeTail(TaskEvent e) {
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
        // Drop the opening brace: the writer supplies '{"filteredIndex":N,' in its place.
        byte[] tail = new byte[full.length - 1];
        System.arraycopy(full, 1, tail, 0, tail.length);
        return tail;
    }

    static byte[] bareEvent(TaskEvent e) {
        return TaskcastJson.writeBytes(e);
    }
}
