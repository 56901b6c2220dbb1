package dev.taskcast.plugin.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.api.BroadcastMessage;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.storage.contract.Eventually;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exact keys, types and values of storage.md §4.2 as any other Redis client sees them, and the
 * pub/sub wire format of §4.5: what an original server sharing the prefix would read.
 */
class RedisKeyLayoutTest {
    private static final long T0 = 1_700_000_000_000L;
    @RegisterExtension
    final StoreOnFreshPrefix redis = new StoreOnFreshPrefix();

    @Test
    void aCreateTransitionPublishSequenceWritesExactlyTheOriginalsKeys() {
        String id = "task:with:colons";
        Task pending = Task.builder(id, TaskStatus.PENDING, T0).type("llm").ttl(60).build();
        Task running = pending.toBuilder().status(TaskStatus.RUNNING).updatedAt(T0 + 1).build();
        TaskEvent status = event(id, 0, "taskcast:status", "{\"status\":\"running\"}", null, null);
        TaskEvent delta1 = event(id, 1, "llm.delta", "{\"delta\":\"Hel\"}", "out", SeriesMode.ACCUMULATE);
        TaskEvent delta2 = event(id, 2, "llm.delta", "{\"delta\":\"lo\"}", "out", SeriesMode.ACCUMULATE);
        TaskEvent progress1 = event(id, 3, "progress", "{\"pct\":10}", "pct", SeriesMode.LATEST);
        TaskEvent progress2 = event(id, 4, "progress", "{\"pct\":90}", "pct", SeriesMode.LATEST);

        redis.store.createTask(pending);
        redis.store.setDeadline(id, T0 + 60_000);
        redis.store.compareAndSaveTask(pending, running);
        for (TaskEvent e : List.of(status, delta1, delta2, progress1, progress2)) {
            assertEquals(e.index(), redis.store.nextIndex(id));
            if (e.seriesMode() == SeriesMode.ACCUMULATE) {
                redis.store.accumulateSeries(id, e.seriesId(), e, "delta");
                redis.store.appendEvent(id, e);
            } else if (e.seriesMode() == SeriesMode.LATEST) {
                redis.store.replaceLastSeriesEvent(id, e.seriesId(), e);
            } else {
                redis.store.appendEvent(id, e);
            }
        }

        String p = redis.prefix + ":";
        Map<String, String> expectedTypes = new TreeMap<>(Map.of(
                p + "task:" + id, "string",
                p + "tasks", "set",
                p + "idx:" + id, "string",
                p + "events:" + id, "list",
                p + "series:" + id + ":out", "string",
                p + "series:" + id + ":pct", "string",
                p + "seriesIds:" + id, "set",
                p + "ttlDeadlines", "zset"));
        Map<String, String> actualTypes = new TreeMap<>();
        for (String key : redis.raw.keysUnder(redis.prefix)) {
            actualTypes.put(key, redis.raw.redis().type(key));
            assertEquals(-1L, redis.raw.redis().ttl(key), "no key ever expires: " + key);
        }
        assertEquals(expectedTypes, actualTypes);

        var commands = redis.raw.redis();
        assertEquals(TaskcastJson.write(running), commands.get(p + "task:" + id));
        assertEquals(Set.of(id), commands.smembers(p + "tasks"));
        assertEquals("5", commands.get(p + "idx:" + id), "INCR counter: the next index is the value");
        assertEquals(List.of(TaskcastJson.write(status), TaskcastJson.write(delta1), TaskcastJson.write(delta2),
                TaskcastJson.write(progress2)), commands.lrange(p + "events:" + id, 0, -1),
                "deltas (not the accumulated value) and the latest progress at the series' first position");
        assertEquals(TaskcastJson.write(delta2.withData(TaskcastJson.tree("{\"delta\":\"Hello\"}"))),
                commands.get(p + "series:" + id + ":out"));
        assertEquals(TaskcastJson.write(progress2), commands.get(p + "series:" + id + ":pct"));
        assertEquals(new TreeSet<>(Set.of("out", "pct")), new TreeSet<>(commands.smembers(p + "seriesIds:" + id)));
        assertEquals((double) (T0 + 60_000), commands.zscore(p + "ttlDeadlines", id));

        redis.store.clearDeadline(id);
        assertEquals(null, commands.zscore(p + "ttlDeadlines", id));
    }

    @Test
    void storedValuesNeverCarryTheSnapshotFlag() {
        String id = "snap";
        TaskEvent e = event(id, 0, "log", "{}", "s", SeriesMode.LATEST).asSnapshot();

        redis.store.appendEvent(id, e);
        redis.store.setSeriesLatest(id, "s", e);

        String element = redis.raw.redis().lindex(redis.prefix + ":events:" + id, 0);
        assertTrue(!element.contains("seriesSnapshot"), element);
        assertTrue(!redis.raw.redis().get(redis.prefix + ":series:" + id + ":s").contains("seriesSnapshot"));
    }

    @Test
    void publishUsesTheTaskChannelAndPutsTheAccumulatedValueOnTheWire() throws Exception {
        String id = "pub";
        String channel = redis.prefix + ":task:" + id;
        List<String[]> received = new CopyOnWriteArrayList<>();
        try (RedisBroadcast broadcast = new RedisBroadcast(new RedisSettings(RedisTestSupport.url(), redis.prefix));
             StatefulRedisPubSubConnection<String, String> sub = redis.raw.client.connectPubSub()) {
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String ch, String message) {
                    received.add(new String[] {ch, message});
                }
            });
            sub.sync().subscribe(channel);
            TaskEvent delta = event(id, 2, "llm.delta", "{\"delta\":\"lo\"}", "out", SeriesMode.ACCUMULATE);

            broadcast.publish(id, new BroadcastMessage(delta, TaskcastJson.tree("{\"delta\":\"Hello\"}")));
            broadcast.publish(id, BroadcastMessage.of(event(id, 3, "log", "{}", null, null)));

            Eventually.await(Duration.ofSeconds(10), () -> received.size() == 2, () -> "received " + received.size());
        }
        assertEquals(channel, received.get(0)[0]);
        var first = TaskcastJson.tree(received.get(0)[1]);
        assertEquals(TaskcastJson.tree("{\"delta\":\"Hello\"}"), first.get("_accumulatedData"));
        assertEquals(TaskcastJson.tree("{\"delta\":\"lo\"}"), first.get("data"));
        assertEquals("out", first.get("seriesId").textValue());
        assertTrue(!TaskcastJson.tree(received.get(1)[1]).has("_accumulatedData"), "only accumulate events carry it");
    }

    @Test
    void listTasksPrunesIdsWhoseTaskKeyIsGone() {
        Task kept = Task.builder("kept", TaskStatus.PENDING, T0).build();
        Task gone = Task.builder("gone", TaskStatus.PENDING, T0).build();
        redis.store.saveTask(kept);
        redis.store.saveTask(gone);
        redis.raw.redis().del(redis.prefix + ":task:gone");

        assertEquals(List.of(kept), redis.store.listTasks(null));
        assertEquals(Set.of("kept"), redis.raw.redis().smembers(redis.prefix + ":tasks"));
    }

    @Test
    void deletingHistoryAndTaskLeavesNoKeyOfTheTask() {
        String id = "doomed";
        redis.store.createTask(Task.builder(id, TaskStatus.COMPLETED, T0).build());
        redis.store.setDeadline(id, T0);
        redis.store.nextIndex(id);
        redis.store.appendEvent(id, event(id, 0, "log", "{}", null, null));
        redis.store.accumulateSeries(id, "s", event(id, 1, "d", "{\"delta\":\"x\"}", "s", SeriesMode.ACCUMULATE), "delta");
        redis.store.replaceLastSeriesEvent(id, "p", event(id, 2, "p", "{}", "p", SeriesMode.LATEST));
        redis.store.saveTask(Task.builder("other", TaskStatus.RUNNING, T0).build());

        redis.store.deleteHistory(id);
        redis.store.deleteTask(id);

        assertEquals(Set.of(redis.prefix + ":task:other", redis.prefix + ":tasks"), Set.copyOf(redis.raw.keysUnder(redis.prefix)));
        assertEquals(Set.of("other"), redis.raw.redis().smembers(redis.prefix + ":tasks"));
    }

    static TaskEvent event(String taskId, long index, String type, String data, String seriesId, SeriesMode mode) {
        return new TaskEvent("01HX000000000000000000000" + index, taskId, index, T0 + index, type, Level.INFO,
                TaskcastJson.tree(data), seriesId, mode, null, null);
    }
}
