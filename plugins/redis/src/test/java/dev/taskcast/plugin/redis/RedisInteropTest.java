package dev.taskcast.plugin.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.SinceCursor;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskQuery;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.api.TaskcastJson;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Values written by the original (JSON.stringify for tasks and history, Redis' cjson inside its
 * accumulate script for pointers) are read correctly and can be updated (storage.md §4.4 encoding
 * notes): other key orders, {@code \/} escapes, {@code {}} for empty arrays, 14-digit numbers.
 */
class RedisInteropTest {
    @RegisterExtension
    final StoreOnFreshPrefix redis = new StoreOnFreshPrefix();

    /** The original's task JSON: its own field order, an escaped slash, fields we also write. */
    private static final String ORIGINAL_TASK = """
            {"id":"t1","type":"llm.chat","status":"running","params":{"url":"http:\\/\\/example.test\\/a"},\
            "metadata":{"tags":[]},"createdAt":1700000000000,"updatedAt":1700000000500,"ttl":60,\
            "webhooks":[{"url":"http://hook.test/x","events":["taskcast:status"]}]}""";

    @Test
    void readsAndTransitionsATaskWrittenByTheOriginal() {
        redis.raw.redis().set(redis.prefix + ":task:t1", ORIGINAL_TASK);
        redis.raw.redis().sadd(redis.prefix + ":tasks", "t1");

        Task read = redis.store.getTask("t1").orElseThrow();
        assertEquals(TaskStatus.RUNNING, read.status());
        assertEquals("http://example.test/a", read.params().get("url").textValue());
        assertEquals(60, read.ttl());
        assertEquals(List.of(read), redis.store.listTasks(new TaskQuery(List.of("running"), List.of("llm.chat"), null)));

        Task completed = read.toBuilder().status(TaskStatus.COMPLETED).updatedAt(1_700_000_001_000L)
                .completedAt(1_700_000_001_000L).build();
        assertTrue(redis.store.compareAndSaveTask(read, completed),
                "the stored bytes differ from ours but hold the expected task");
        assertEquals(TaskcastJson.write(completed), redis.raw.redis().get(redis.prefix + ":task:t1"));
        assertEquals(false, redis.store.compareAndSaveTask(read, completed), "now stale");
    }

    @Test
    void compareAndSaveFailsWhenTheOriginalsTaskDiffers() {
        redis.raw.redis().set(redis.prefix + ":task:t1", ORIGINAL_TASK.replace("\"running\"", "\"completed\""));
        Task expected = TaskcastJson.readTask(ORIGINAL_TASK);

        assertEquals(false, redis.store.compareAndSaveTask(expected, expected.toBuilder().status(TaskStatus.FAILED).build()));
        assertTrue(redis.raw.redis().get(redis.prefix + ":task:t1").contains("\"completed\""));
    }

    @Test
    void readsAHistoryWrittenByTheOriginalAndSkipsACorruptElement() {
        String key = redis.prefix + ":events:t1";
        redis.raw.redis().rpush(key,
                "{\"id\":\"e0\",\"taskId\":\"t1\",\"index\":0,\"timestamp\":1700000000000,\"type\":\"taskcast:status\","
                        + "\"level\":\"info\",\"data\":{\"status\":\"running\"}}",
                "not json {",
                // cjson-style: another key order, \/ and {} for an empty array
                "{\"level\":\"debug\",\"data\":{\"path\":\"a\\/b\",\"items\":{}},\"type\":\"log\",\"index\":1,"
                        + "\"timestamp\":1700000000001,\"taskId\":\"t1\",\"id\":\"e1\"}",
                "{\"id\":\"e2\",\"taskId\":\"t1\",\"index\":2,\"timestamp\":1700000000002,\"type\":\"log\","
                        + "\"level\":\"info\"}");

        List<TaskEvent> events = redis.store.getEvents("t1", EventQuery.ALL);

        assertEquals(List.of("e0", "e1", "e2"), events.stream().map(TaskEvent::id).toList());
        assertEquals(Level.DEBUG, events.get(1).level());
        assertEquals(TaskcastJson.tree("{\"path\":\"a/b\",\"items\":{}}"), events.get(1).data());
        assertEquals(null, events.get(2).data(), "absent data stays absent");
        assertEquals(List.of("e2"), redis.store.getEvents("t1", EventQuery.since(SinceCursor.ofId("e1")))
                .stream().map(TaskEvent::id).toList());
    }

    @Test
    void accumulatesOntoAPointerWrittenByTheOriginalsCjsonScript() {
        // cjson: keys in hash order, "\/", numbers printed with %.14g, which may use exponent form.
        String pointer = "{\"seriesMode\":\"accumulate\",\"data\":{\"delta\":\"Hel\",\"pi\":3.1415926535898,"
                + "\"big\":1.2345678901235e+17,\"list\":{},\"url\":\"a\\/b\"},\"timestamp\":1.7000000002e+12,"
                + "\"type\":\"llm.delta\",\"level\":\"info\",\"index\":2,\"seriesId\":\"s\",\"taskId\":\"t1\",\"id\":\"e2\"}";
        redis.raw.redis().set(redis.prefix + ":series:t1:s", pointer);
        redis.raw.redis().sadd(redis.prefix + ":seriesIds:t1", "s");

        TaskEvent read = redis.store.getSeriesLatest("t1", "s").orElseThrow();
        assertEquals("e2", read.id());
        assertEquals(1_700_000_000_200L, read.timestamp());
        assertEquals("a/b", read.data().get("url").textValue());

        TaskEvent delta = new TaskEvent("e3", "t1", 3, 1_700_000_000_300L, "llm.delta", Level.INFO,
                TaskcastJson.tree("{\"delta\":\"lo\",\"list\":[]}"), "s", SeriesMode.ACCUMULATE, null, null);
        TaskEvent accumulated = redis.store.accumulateSeries("t1", "s", delta, "delta");

        assertEquals(delta.withData(TaskcastJson.tree("{\"delta\":\"Hello\",\"list\":[]}")), accumulated);
        assertEquals(TaskcastJson.write(accumulated), redis.raw.redis().get(redis.prefix + ":series:t1:s"),
                "our pointer is written exactly, by Java");
    }

    @Test
    void replacesTheLatestEventFoundThroughAForeignPointer() {
        String events = redis.prefix + ":events:t1";
        String foreignP1 = "{\"seriesMode\":\"latest\",\"seriesId\":\"p\",\"data\":{\"v\":1},\"level\":\"info\","
                + "\"type\":\"p\",\"timestamp\":1700000000001,\"index\":1,\"taskId\":\"t1\",\"id\":\"p1\"}";
        String log = "{\"id\":\"l0\",\"taskId\":\"t1\",\"index\":0,\"timestamp\":1700000000000,\"type\":\"log\",\"level\":\"info\"}";
        redis.raw.redis().rpush(events, log, foreignP1, "garbage");
        redis.raw.redis().set(redis.prefix + ":series:t1:p", foreignP1.replace("\"data\":{\"v\":1},", "") + " ");
        TaskEvent p2 = new TaskEvent("p2", "t1", 2, 1_700_000_000_002L, "p", Level.INFO, TaskcastJson.tree("{\"v\":2}"),
                "p", SeriesMode.LATEST, null, null);

        redis.store.replaceLastSeriesEvent("t1", "p", p2);

        assertEquals(List.of(log, TaskcastJson.write(p2), "garbage"), redis.raw.redis().lrange(events, 0, -1));
        assertEquals(Optional.of(p2), redis.store.getSeriesLatest("t1", "p"));
    }
}
