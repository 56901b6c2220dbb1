package dev.taskcast.plugin.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskcastJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A streamed accumulate series: after the first delta the store sends Redis only the new pointer's
 * head and tail and the escaped delta, and the script splices the new pointer out of the stored one.
 * The stored pointer must stay byte for byte what the full write would have stored, whatever the text
 * holds, and a pointer changed by anyone else must be merged with, not overwritten.
 */
class RedisStreamedSeriesTest {
    @RegisterExtension
    final StoreOnFreshPrefix redis = new StoreOnFreshPrefix();
    private int index;

    @Test
    void theStoredPointerIsExactlyTheAccumulatedEventWhateverTheTextHolds() {
        String[] deltas = {"Hel", "lo, \"world\"", " back\\slash", "\n\ttabs\r", "\u0001\u001f ctl", " é ß ü",
                " 中文 ", "😀", " \uD83D", "\uDE00 split pair", "\u0001taskcast-accumulated\u0001", "", "</script>",
                " done"};
        StringBuilder text = new StringBuilder();
        List<TaskEvent> published = new ArrayList<>();
        for (String delta : deltas) {
            TaskEvent e = delta("t1", "{\"delta\":" + TaskcastJson.write(delta) + ",\"n\":" + index + "}");
            published.add(e);
            TaskEvent accumulated = redis.store.appendAccumulated("t1", "s", e, "delta").get();
            text.append(delta);
            ObjectNode expectedData = ((ObjectNode) e.data()).deepCopy().put("delta", text.toString());
            assertEquals(e.withData(expectedData), accumulated, "after " + TaskcastJson.write(delta));
            if (!Character.isHighSurrogate(text.charAt(text.length() - 1))) {
                assertEquals(TaskcastJson.write(accumulated), pointer("t1"), "stored after " + TaskcastJson.write(delta));
                assertEquals(accumulated, redis.store.getSeriesLatest("t1", "s").orElseThrow());
            }
        }
        // A delta holding half a surrogate pair cannot be stored as UTF-8 by itself (it becomes '?'
        // with or without splicing); every other delta is in the history as published.
        List<TaskEvent> history = redis.store.getEvents("t1", EventQuery.ALL);
        assertEquals(published.size(), history.size());
        for (int i = 0; i < published.size(); i++) {
            if (deltas[i].codePoints().noneMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
                assertEquals(published.get(i), history.get(i), "history element " + i);
            }
        }
    }

    @Test
    void aPointerRewrittenElsewhereIsMergedWithNotOverwritten() {
        redis.store.appendAccumulated("t2", "s", delta("t2", "{\"delta\":\"a\"}"), "delta");
        redis.store.appendAccumulated("t2", "s", delta("t2", "{\"delta\":\"b\"}"), "delta");
        // Another instance appended "X" meanwhile (its pointer: another event, the longer text).
        TaskEvent foreign = delta("t2", "{\"delta\":\"abX\"}");
        redis.raw.redis().set(redis.prefix + ":series:t2:s", TaskcastJson.write(foreign));

        TaskEvent c = delta("t2", "{\"delta\":\"c\"}");
        assertEquals("abXc", redis.store.appendAccumulated("t2", "s", c, "delta").get().data().get("delta").textValue());
        assertEquals("abXcd", redis.store.appendAccumulated("t2", "s", delta("t2", "{\"delta\":\"d\"}"), "delta").get()
                .data().get("delta").textValue());

        // Another writer stored a pointer of the very same length: still noticed (its event id differs).
        TaskEvent sameLength = delta("t2", "{\"delta\":\"ZZZZZ\"}");
        redis.raw.redis().set(redis.prefix + ":series:t2:s", TaskcastJson.write(sameLength));
        assertEquals("ZZZZZe", redis.store.appendAccumulated("t2", "s", delta("t2", "{\"delta\":\"e\"}"), "delta").get()
                .data().get("delta").textValue());

        // A cleanup removed the pointer: the series starts again from the next delta.
        redis.raw.redis().del(redis.prefix + ":series:t2:s");
        TaskEvent f = delta("t2", "{\"delta\":\"f\"}");
        assertEquals(f, redis.store.appendAccumulated("t2", "s", f, "delta").get());
        assertEquals(TaskcastJson.write(f), pointer("t2"));
    }

    @Test
    void aNonTextDeltaOrAnotherFieldResetsAsTheMergeRuleSays() {
        redis.store.appendAccumulated("t3", "s", delta("t3", "{\"delta\":\"a\"}"), "delta");
        redis.store.appendAccumulated("t3", "s", delta("t3", "{\"delta\":\"b\"}"), "delta");
        TaskEvent number = delta("t3", "{\"delta\":5}");
        assertEquals(number, redis.store.appendAccumulated("t3", "s", number, "delta").get());
        TaskEvent text = delta("t3", "{\"delta\":\"c\"}");
        assertEquals(text, redis.store.appendAccumulated("t3", "s", text, "delta").get(), "previous value not a string");
        TaskEvent otherField = delta("t3", "{\"t\":\"x\",\"delta\":\"d\"}");
        TaskEvent merged = redis.store.appendAccumulated("t3", "s", otherField, "t").get();
        assertEquals(otherField, merged, "the pointer has no text at t: the event resets the series");
        TaskEvent more = delta("t3", "{\"t\":\"y\"}");
        assertEquals("xy", redis.store.appendAccumulated("t3", "s", more, "t").get().data().get("t").textValue());
        assertEquals(TaskcastJson.write(redis.store.getSeriesLatest("t3", "s").orElseThrow()), pointer("t3"));
    }

    /** In place when only fixed-width parts change; rewritten whole when the head or the tail changes length. */
    @Test
    void headsAndTailsOfAnyLengthKeepThePointerExact() {
        String[] data = {"{\"delta\":\"abc\",\"n\":1000}", "{\"delta\":\"d\",\"n\":1000}",
                "{\"delta\":\"\",\"n\":1}", "{\"delta\":\"e\",\"n\":22}", "{\"a\":[1,2,3],\"delta\":\"f\"}",
                "{\"delta\":\"g\"}", "{\"delta\":\"\"}"};
        StringBuilder text = new StringBuilder();
        for (String d : data) {
            TaskEvent e = delta("t4", d);
            TaskEvent accumulated = redis.store.appendAccumulated("t4", "s", e, "delta").get();
            text.append(e.data().get("delta").textValue());
            assertEquals(text.toString(), accumulated.data().get("delta").textValue());
            assertEquals(TaskcastJson.write(accumulated), pointer("t4"), "stored after " + d);
        }
    }

    private String pointer(String taskId) {
        return redis.raw.redis().get(redis.prefix + ":series:" + taskId + ":s");
    }

    private TaskEvent delta(String taskId, String data) {
        int i = index++;
        return new TaskEvent("01JEVENT" + String.format("%018d", i), taskId, i, 1_700_000_000_000L + i, "llm.delta",
                Level.INFO, TaskcastJson.tree(data), "s", SeriesMode.ACCUMULATE, null, null);
    }
}
