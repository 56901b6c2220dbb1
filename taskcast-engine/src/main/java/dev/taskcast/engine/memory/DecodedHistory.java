package dev.taskcast.engine.memory;

import dev.taskcast.api.TaskEvent;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A read-only view of a history snapshot that rebuilds each event when it is accessed, so that
 * the shared cursor rules can run on it directly and a plain {@code limit} decodes only the events
 * it returns.
 */
final class DecodedHistory extends AbstractList<TaskEvent> implements RandomAccess {
    private final StoredEvent[] entries;

    DecodedHistory(StoredEvent[] entries) {
        this.entries = entries;
    }

    @Override
    public TaskEvent get(int i) {
        return entries[i].toEvent();
    }

    @Override
    public int size() {
        return entries.length;
    }
}
