package dev.taskcast.plugin.redis;

import dev.taskcast.api.Task;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The task last parsed per key, with the JSON it was parsed from. Every publish reads its task
 * (terminal check), and while the task does not change the JSON read is the same string: comparing
 * it costs a fraction of parsing it again ({@link Task} is immutable, so the parsed one is shared).
 * Only a shortcut: a different string is parsed as before. At most {@link #MAX_ENTRIES} entries; past
 * that it starts over empty.
 */
final class ParsedTasks {
    static final int MAX_ENTRIES = 4096;

    private record Entry(String json, Task task) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** The task parsed from exactly {@code json} for {@code key}, or {@code null}. */
    Task get(String key, String json) {
        Entry e = entries.get(key);
        return e != null && e.json().equals(json) ? e.task() : null;
    }

    void put(String key, String json, Task task) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(json, task));
    }
}
