package dev.taskcast.engine.memory;

import java.util.Comparator;

/** One armed TTL deadline; ordered earliest first, ties broken by task id so entries stay distinct. */
record Deadline(long epochMs, String taskId) implements Comparable<Deadline> {
    private static final Comparator<Deadline> ORDER =
            Comparator.comparingLong(Deadline::epochMs).thenComparing(Deadline::taskId);

    @Override
    public int compareTo(Deadline other) {
        return ORDER.compare(this, other);
    }
}
