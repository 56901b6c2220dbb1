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
 * crude but cheap, and a live series is back in it after its next publish.
 */
final class PointerCache {
    static final long MAX_CHARS = 16L * 1024 * 1024;

    record Entry(String json, JsonNode data) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong chars = new AtomicLong();

    Entry get(String key) {
        return entries.get(key);
    }

    void put(String key, String json, JsonNode data) {
        if (json.length() > MAX_CHARS / 4) {
            remove(key);
            return;
        }
        Entry previous = entries.put(key, new Entry(json, data));
        long total = chars.addAndGet(json.length() - (previous == null ? 0 : previous.json().length()));
        if (total > MAX_CHARS) {
            entries.clear();
            chars.set(0);
        }
    }

    void remove(String key) {
        Entry previous = entries.remove(key);
        if (previous != null) {
            chars.addAndGet(-previous.json().length());
        }
    }

    int size() {
        return entries.size();
    }
}
