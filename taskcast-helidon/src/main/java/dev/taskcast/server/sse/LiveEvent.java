package dev.taskcast.server.sse;

import dev.taskcast.api.BroadcastMessage;
import dev.taskcast.api.TaskEvent;

/**
 * One broadcast event as every local stream of its task sees it. The JSON of each payload form is
 * computed at most once, on first use, and shared by all streams that use that form: a task with
 * 10 000 subscribers serializes an event once per form, not 10 000 times.
 */
final class LiveEvent {
    private final TaskEvent event;
    private final TaskEvent accumulatedForm;
    private volatile PayloadForms forms;

    LiveEvent(BroadcastMessage message) {
        this.event = message.event();
        this.accumulatedForm = message.accumulatedData() == null ? null : event.withData(message.accumulatedData());
    }

    TaskEvent event() {
        return event;
    }

    /** The event as a subscriber with this series format sees it (http-api.md §7.4). */
    TaskEvent formFor(boolean accumulated) {
        return accumulated && accumulatedForm != null ? accumulatedForm : event;
    }

    byte[] payload(boolean accumulated, boolean wrap) {
        PayloadForms f = forms;
        if (f == null) {
            f = new PayloadForms();
            forms = f; // a racing duplicate computes identical bytes; no lock needed
        }
        int slot = (accumulated && accumulatedForm != null ? 2 : 0) + (wrap ? 1 : 0);
        byte[] b = f.bytes[slot];
        if (b == null) {
            TaskEvent e = formFor(accumulated);
            b = wrap ? SseFrames.envelopeTail(e) : SseFrames.bareEvent(e);
            f.bytes[slot] = b;
        }
        return b;
    }

    private static final class PayloadForms {
        final byte[][] bytes = new byte[4][];
    }
}
