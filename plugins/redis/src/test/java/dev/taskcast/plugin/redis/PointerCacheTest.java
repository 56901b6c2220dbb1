package dev.taskcast.plugin.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

/** The accumulate-pointer cache forgets a task's pointers when the task ends (docs/reliability.md, defect 9). */
class PointerCacheTest {

    @Test
    void forgettingATaskDropsOnlyItsEntries() {
        PointerCache cache = new PointerCache();
        cache.put("t1", "p:series:t1:a", PointerCache.Entry.of("{\"x\":1}", TextNode.valueOf("a")));
        cache.put("t1", "p:series:t1:b", PointerCache.Entry.of("{\"x\":2}", TextNode.valueOf("b")));
        cache.put("t2", "p:series:t2:a", PointerCache.Entry.of("{\"x\":3}", TextNode.valueOf("c")));
        assertEquals(3, cache.size());

        cache.forgetTask("t1");

        assertNull(cache.get("t1", "p:series:t1:a"));
        assertNull(cache.get("t1", "p:series:t1:b"));
        assertNotNull(cache.get("t2", "p:series:t2:a"));
        assertEquals(1, cache.size());
        cache.forgetTask("t1"); // twice is harmless
        cache.remove("t2", "p:series:t2:a");
        assertEquals(0, cache.size());
    }
}
