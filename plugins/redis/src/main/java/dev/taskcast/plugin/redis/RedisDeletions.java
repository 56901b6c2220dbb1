package dev.taskcast.plugin.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The cleanup deletions of the short-term store (webhooks-hooks-cleanup.md §3.3). Each is
 * idempotent, because sweeps may run on several instances at once, and none touches another task.
 * The original never deletes anything, so there is no layout to match beyond removing keys.
 */
final class RedisDeletions {
    /**
     * KEYS: task key, task set, deadline set. ARGV: task id. One script, so that a concurrent
     * {@code createTask} sees the task either fully present or fully gone (an id left in the set
     * without its key is pruned by {@code listTasks}).
     */
    private static final LuaScript DELETE_TASK = new LuaScript("""
            redis.call('DEL', KEYS[1])
            redis.call('SREM', KEYS[2], ARGV[1])
            redis.call('ZREM', KEYS[3], ARGV[1])
            return 0
            """);
    /** KEYS: pointer, series-id set. ARGV: the pointer read, the series id. Drops the pointer only if unchanged. */
    private static final LuaScript DELETE_POINTER_IF_UNCHANGED = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
              redis.call('SREM', KEYS[2], ARGV[2])
              return 1
            end
            return 0
            """);

    private final StatefulRedisConnection<String, String> connection;
    private final RedisKeys keys;
    private final RedisCalls calls;

    RedisDeletions(StatefulRedisConnection<String, String> connection, RedisKeys keys, RedisCalls calls) {
        this.connection = connection;
        this.keys = keys;
        this.calls = calls;
    }

    void deleteTask(String taskId) {
        String[] scriptKeys = {keys.task(taskId), keys.tasks(), keys.deadlines()};
        calls.sync(() -> DELETE_TASK.run(connection.sync(), ScriptOutputType.INTEGER, scriptKeys, taskId));
    }

    /**
     * {@code LREM} of the exact stored strings whose {@code id} is doomed: removal by value, so
     * appends running meanwhile are never lost. Then the pointers that still point at a doomed id
     * are dropped, each only if it did not move on in the meantime.
     */
    void deleteEvents(String taskId, Set<String> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        String eventsKey = keys.events(taskId);
        List<String> history = calls.sync(() -> connection.sync().lrange(eventsKey, 0, -1));
        List<RedisFuture<Long>> removals = new ArrayList<>();
        for (String element : history) {
            String id = StoredJson.idOrNull(element);
            if (id != null && eventIds.contains(id)) {
                removals.add(calls.sync(() -> connection.async().lrem(eventsKey, 0, element)));
            }
        }
        removals.forEach(calls::await);

        List<String> seriesIds = new ArrayList<>(calls.sync(() -> connection.sync().smembers(keys.seriesIds(taskId))));
        List<RedisFuture<String>> pointers = new ArrayList<>();
        for (String seriesId : seriesIds) {
            pointers.add(calls.sync(() -> connection.async().get(keys.series(taskId, seriesId))));
        }
        for (int i = 0; i < seriesIds.size(); i++) {
            String pointer = calls.await(pointers.get(i));
            String id = pointer == null ? null : StoredJson.idOrNull(pointer);
            if (id != null && eventIds.contains(id)) {
                String[] scriptKeys = {keys.series(taskId, seriesIds.get(i)), keys.seriesIds(taskId)};
                String seriesId = seriesIds.get(i);
                calls.sync(() -> DELETE_POINTER_IF_UNCHANGED.run(connection.sync(), ScriptOutputType.INTEGER,
                        scriptKeys, pointer, seriesId));
            }
        }
    }

    /**
     * {@code DEL} of the history, the index counter, every registered series pointer and the
     * registry. Cleanup only deletes terminal tasks, which get no new series, so reading the
     * registry first is enough.
     */
    void deleteHistory(String taskId) {
        List<String> doomed = new ArrayList<>(List.of(keys.events(taskId), keys.index(taskId), keys.seriesIds(taskId)));
        for (String seriesId : calls.sync(() -> connection.sync().smembers(keys.seriesIds(taskId)))) {
            doomed.add(keys.series(taskId, seriesId));
        }
        calls.sync(() -> connection.sync().del(doomed.toArray(String[]::new)));
    }
}
