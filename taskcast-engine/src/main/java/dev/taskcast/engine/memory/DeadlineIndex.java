package dev.taskcast.engine.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Armed deadlines sorted by time, the in-memory counterpart of the Redis sorted set
 * {@code P:ttlDeadlines} (storage.md §4.3). Each task has at most one entry; {@link TaskRecord}
 * keeps track of which, so that moving or clearing a deadline removes exactly that entry.
 */
final class DeadlineIndex {
    private final ConcurrentSkipListSet<Deadline> entries = new ConcurrentSkipListSet<>();

    void add(Deadline deadline) {
        entries.add(deadline);
    }

    void remove(Deadline deadline) {
        entries.remove(deadline);
    }

    /** Task ids whose deadline is at or before {@code now}, earliest first, at most {@code limit}. */
    List<String> due(long now, int limit) {
        List<String> due = new ArrayList<>(Math.max(0, Math.min(limit, 64)));
        for (Deadline d : entries) {
            if (due.size() >= limit || d.epochMs() > now) {
                break;
            }
            due.add(d.taskId());
        }
        return due;
    }
}
