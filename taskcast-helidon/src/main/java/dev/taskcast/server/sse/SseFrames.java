package dev.taskcast.server.sse;

import dev.taskcast.api.TaskEvent;
import dev.taskcast.engine.envelope.EventEnvelope;
import dev.taskcast.api.TaskcastJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The SSE wire format of http-api.md §7.2/§7.4: field order {@code event}, {@code data}, {@code id};
 * {@code taskcast.done} without an id line; JSON on one line (JSON escapes line breaks).
 */
final class SseFrames {
    private static final byte[] EVENT_PREFIX = "event: taskcast.event\ndata: ".getBytes(StandardCharsets.US_ASCII);
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
            out.write(EventEnvelope.prefix(filteredIndex));
        }
        out.write(payload);
        out.write(ID_PREFIX);
        out.write(eventId.getBytes(StandardCharsets.UTF_8));
        out.write(FRAME_END);
    }

    static void writeDone(OutputStream out, String reason) throws IOException {
        out.write(("event: taskcast.done\ndata: {\"reason\":\"" + reason + "\"}\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The shared part of the §7.4 envelope; see {@link EventEnvelope}. */
    static byte[] envelopeTail(TaskEvent e) {
        return EventEnvelope.tail(e);
    }

    static byte[] bareEvent(TaskEvent e) {
        return TaskcastJson.writeBytes(e);
    }
}
