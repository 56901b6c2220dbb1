package dev.taskcast.server.sse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.BroadcastMessage;
import dev.taskcast.api.TaskEvent;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One broadcast event as every local stream of its task sees it. The JSON of each payload form is
 * computed at most once, on first use, and shared by all streams that use that form: a task with
 * 10 000 subscribers serializes an event once per form, not 10 000 times.
 */
final class LiveEvent {
    private final BroadcastMessage message;
    private final TaskEvent event;
    /** Built on first use: only streams with {@code seriesFormat=accumulated} need it. */
    private volatile TaskEvent accumulatedForm;
    private volatile PayloadForms forms;

    LiveEvent(BroadcastMessage message) {
        this.message = message;
        this.event = message.event();
    }

    TaskEvent event() {
        return event;
    }

    /** The event as a subscriber with this series format sees it (http-api.md §7.4). */
    TaskEvent formFor(boolean accumulated) {
        if (!accumulated) {
            return event;
        }
        TaskEvent form = accumulatedForm;
        if (form == null) {
            JsonNode data = message.accumulatedData();
            form = data == null ? event : event.withData(data);
            accumulatedForm = form; // a racing duplicate is an equal value
        }
        return form;
    }

    byte[] payload(boolean accumulated, boolean wrap) {
        PayloadForms f = forms;
        if (f == null) {
            f = new PayloadForms();
            forms = f; // a racing duplicate computes identical bytes; no lock needed
        }
        TaskEvent e = formFor(accumulated);
        int slot = (e != event ? 2 : 0) + (wrap ? 1 : 0);
        byte[] b = f.bytes.get(slot);
        if (b == null) {
            b = wrap ? SseFrames.envelopeTail(e) : SseFrames.bareEvent(e);
            f.bytes.set(slot, b);
        }
        return b;
    }

    /** {@link SseFrames#frame} of this event in this form, computed once for every stream. */
    byte[] frame(boolean accumulated, boolean wrap) {
        PayloadForms f = forms;
        if (f == null) {
            f = new PayloadForms();
            forms = f;
        }
        int slot = (formFor(accumulated) != event ? 2 : 0) + (wrap ? 1 : 0);
        byte[] b = f.frames.get(slot);
        if (b == null) {
            b = SseFrames.frame(event.id(), payload(accumulated, wrap), wrap);
            f.frames.set(slot, b);
        }
        return b;
    }

    private static final class PayloadForms {
        // Atomic arrays: another stream's thread must see a published array's contents.
        final AtomicReferenceArray<byte[]> bytes = new AtomicReferenceArray<>(4);
        final AtomicReferenceArray<byte[]> frames = new AtomicReferenceArray<>(4);
    }
}
