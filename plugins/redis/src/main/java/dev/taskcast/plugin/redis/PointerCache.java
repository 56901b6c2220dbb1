package dev.taskcast.plugin.redis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The accumulate-series pointers this instance last wrote, by key, with their parsed data: the
 * next publish of the series merges with it instead of reading and parsing the pointer again.
 * Only a hint: the writing script compares it with what Redis holds, so a stale entry (another
 * instance wrote, a cleanup deleted) costs one retry, never a wrong value.
 *
 * <p>Bounded by the characters it holds: past {@link #MAX_CHARS} it starts over empty, which is
 * crude but cheap, and a live series is back in it after its next publish. Entries are grouped by
 * task and a task's entries are dropped when it ends ({@link #forgetTask}): a finished task is never
 * published to again, and without that the cache filled with dead pointers until the bound (the
 * soak saw the heap grow by one entry per finished task, docs/reliability.md).
 */
final class PointerCache {
    static final long MAX_CHARS = 16L * 1024 * 1024;

    /**
     * A pointer as this instance wrote it: its parsed data, and either its exact JSON or, when it
     * can be spliced, its {@link SplicedPointer} layout (the JSON is then assembled only if needed).
     */
    record Entry(String json, JsonNode data, SplicedPointer spliced) {
        static Entry of(String json, JsonNode data) {
            return new Entry(json, data, null);
        }

        static Entry of(SplicedPointer spliced, JsonNode data) {
            return new Entry(null, data, spliced);
        }

        /** The exact stored string. */
        String storedJson() {
            return json != null ? json : spliced.json();
        }

        long chars() {
            return json != null ? json.length() : spliced.chars();
        }
    }

    /** Task id → (pointer key → entry). */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Entry>> byTask = new ConcurrentHashMap<>();
    private final AtomicLong chars = new AtomicLong();

    Entry get(String taskId, String key) {
        ConcurrentHashMap<String, Entry> entries = byTask.get(taskId);
        return entries == null ? null : entries.get(key);
    }

    void put(String taskId, String key, Entry entry) {
        if (entry.chars() > MAX_CHARS / 4) {
            remove(taskId, key);
            return;
        }
        Entry previous = byTask.computeIfAbsent(taskId, id -> new ConcurrentHashMap<>()).put(key, entry);
        long total = chars.addAndGet(entry.chars() - (previous == null ? 0 : previous.chars()));
        if (total > MAX_CHARS) {
            byTask.clear();
            chars.set(0);
        }
    }

    void remove(String taskId, String key) {
        ConcurrentHashMap<String, Entry> entries = byTask.get(taskId);
        Entry previous = entries == null ? null : entries.remove(key);
        if (previous != null) {
            chars.addAndGet(-previous.chars());
        }
    }

    /** Drops every entry of {@code taskId} (it ended: no more publishes). */
    void forgetTask(String taskId) {
        ConcurrentHashMap<String, Entry> entries = byTask.remove(taskId);
        if (entries != null) {
            long freed = 0;
            for (Entry e : entries.values()) {
                freed += e.chars();
            }
            chars.addAndGet(-freed);
        }
    }

    int size() {
        int n = 0;
        for (ConcurrentHashMap<String, Entry> entries : byTask.values()) {
            n += entries.size();
        }
        return n;
    }
}
