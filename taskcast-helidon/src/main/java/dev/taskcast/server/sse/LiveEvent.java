package dev.taskcast.server.sse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.BroadcastMessage;
import dev.taskcast.api.TaskEvent;

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
        byte[] b = f.bytes[slot];
        if (b == null) {
            b = wrap ? SseFrames.envelopeTail(e) : SseFrames.bareEvent(e);
            f.bytes[slot] = b;
        }
        return b;
    }

    private static final class PayloadForms {
        final byte[][] bytes = new byte[4][];
    }
}
