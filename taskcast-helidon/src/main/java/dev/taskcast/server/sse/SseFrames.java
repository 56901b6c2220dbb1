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

    /** {@code event: taskcast.event\ndata: {"filteredIndex":}: a wrapped message up to its number. */
    private static final byte[] WRAPPED_HEAD = concat(EVENT_PREFIX, EventEnvelope.prefixStart());

    /**
     * The bytes of a {@code taskcast.event} message that do not depend on the subscriber, computed
     * once per event and form ({@link LiveEvent}): unwrapped, the whole message; wrapped, everything
     * after the envelope's {@code {"filteredIndex":N,} (the payload, the id line and the blank line).
     * With {@code wrap}, {@code payload} is the envelope without that start ({@link #envelopeTail}),
     * so the per-subscriber number is the only per-subscriber byte.
     */
    static byte[] frame(String eventId, byte[] payload, boolean wrap) {
        byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
        byte[] head = wrap ? new byte[0] : EVENT_PREFIX;
        byte[] out = new byte[head.length + payload.length + ID_PREFIX.length + id.length + FRAME_END.length];
        int at = put(out, 0, head);
        at = put(out, at, payload);
        at = put(out, at, ID_PREFIX);
        at = put(out, at, id);
        put(out, at, FRAME_END);
        return out;
    }

    /**
     * Writes a message from its {@link #frame} with a single write (the stream below counts and
     * times each write, and a message is small): unwrapped as is, wrapped behind
     * {@code event: taskcast.event\ndata: {"filteredIndex":N,}.
     */
    static void writeFrame(OutputStream out, byte[] frame, boolean wrap, long filteredIndex) throws IOException {
        writeFrame(out, frame, wrap, filteredIndex, null);
    }

    /**
     * As {@link #writeFrame(OutputStream, byte[], boolean, long)}, assembling a wrapped message in
     * {@code scratch} (one per stream, reused) instead of a new array per message: a stream of a
     * busy task otherwise turns every delivery into garbage.
     */
    static void writeFrame(OutputStream out, byte[] frame, boolean wrap, long filteredIndex, Scratch scratch)
            throws IOException {
        if (!wrap) {
            out.write(frame);
            return;
        }
        int digits = digits(filteredIndex);
        int length = WRAPPED_HEAD.length + digits + 1 + frame.length;
        byte[] message = scratch == null ? new byte[length] : scratch.atLeast(length);
        int at = put(message, 0, WRAPPED_HEAD);
        long n = filteredIndex;
        for (int i = at + digits - 1; i >= at; i--) {
            message[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        at += digits;
        message[at++] = ',';
        put(message, at, frame);
        out.write(message, 0, length);
    }

    /** A stream's reusable assembly array for {@link #writeFrame}; used by its writer thread only. */
    static final class Scratch {
        private byte[] bytes = new byte[512];

        byte[] atLeast(int length) {
            if (bytes.length < length) {
                bytes = new byte[Math.max(length, bytes.length * 2)];
            }
            return bytes;
        }
    }

    /** Decimal digits of a non-negative number. */
    private static int digits(long n) {
        int d = 1;
        while (n >= 10) {
            n /= 10;
            d++;
        }
        return d;
    }

    private static int put(byte[] into, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, into, at, bytes.length);
        return at + bytes.length;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        put(out, put(out, 0, a), b);
        return out;
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
