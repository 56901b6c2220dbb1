package dev.taskcast.plugin.redis;

import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskQuery;
import dev.taskcast.spi.DependencyHealth;
import dev.taskcast.spi.ShortTermCursor;
import dev.taskcast.spi.ShortTermStore;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The short-term store on Redis with the original's classic key layout (storage.md §4.2, §4.4), plus
 * the Java server's atomic create, compare-and-set transitions and TTL deadline set (§4.3, §4.6).
 * No key ever gets an expiry. Operations touching several keys are pipelined (several commands sent
 * before the first reply is awaited) or run as one script where they must be atomic.
 */
public final class RedisShortTermStore implements ShortTermStore {
    static final String DEPENDENCY = "redisCommand";
    /** Keys per MGET when listing tasks: one round trip per batch, bounded reply size. */
    private static final int LIST_BATCH = 500;

    /**
     * Compare-and-set of a task. KEYS: task key, task set. ARGV: the exact stored JSON expected, the
     * new JSON, the task id. Returns {1} when written, {0, current} on a mismatch, {0} when absent.
     */
    private static final LuaScript TASK_CAS = new LuaScript("""
            local current = redis.call('GET', KEYS[1])
            if current == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2])
              redis.call('SADD', KEYS[2], ARGV[3])
              return {1}
            end
            if current then return {0, current} end
            return {0}
            """);
    /** KEYS: task keys..., then the task set. ARGV: the ids. SREMs each id whose task key is (still) missing. */
    private static final LuaScript PRUNE_TASK_SET = new LuaScript("""
            local set = KEYS[#KEYS]
            for i, id in ipairs(ARGV) do
              if redis.call('EXISTS', KEYS[i]) == 0 then redis.call('SREM', set, id) end
            end
            return 0
            """);
    /**
     * {@link #reserveIndexes}: KEYS: task key, index key. ARGV: the count. Returns {} when the task
     * is absent, {task} when it is terminal (or unreadable here: the caller decides), else {task, last
     * allocated index + 1}. No index key is ever created for a missing or finished task.
     */
    private static final LuaScript RESERVE_INDEXES = new LuaScript("""
            local task = redis.call('GET', KEYS[1])
            if not task then return {} end
            local ok, decoded = pcall(cjson.decode, task)
            if not ok or type(decoded) ~= 'table' then return {task} end
            local status = decoded['status']
            if status == 'completed' or status == 'failed' or status == 'timeout' or status == 'cancelled' then
              return {task}
            end
            return {task, redis.call('INCRBY', KEYS[2], ARGV[1])}
            """);
    /** Only a different stored string that still parses to the expected task can be retried; bound it anyway. */
    private static final int MAX_CAS_ATTEMPTS = 8;

    private final SharedRedisClient shared;
    private final StatefulRedisConnection<String, String> connection;
    private final ConnectionMonitor monitor;
    private final RedisCalls calls;
    private final RedisKeys keys;
    private final RedisSeriesPointers series;
    private final RedisDeletions deletions;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ParsedTasks parsedTasks = new ParsedTasks();

    /** Connects now (startup fails fast when Redis is unreachable, config-cli.md §3.2 step 4). */
    public RedisShortTermStore(RedisSettings settings) {
        this.shared = SharedRedisClient.acquire(settings);
        this.monitor = new ConnectionMonitor(shared);
        this.calls = new RedisCalls(DEPENDENCY, monitor);
        try {
            this.connection = calls.sync(() -> shared.client().connect(Utf8Codec.INSTANCE));
        } catch (RuntimeException e) {
            shared.release();
            throw e;
        }
        connection.addListener(monitor);
        this.keys = new RedisKeys(settings.prefix());
        this.series = new RedisSeriesPointers(connection, keys, calls);
        this.deletions = new RedisDeletions(connection, keys, calls);
    }

    // ---------------------------------------------------------------- tasks

    @Override
    public boolean createTask(Task task) {
        RedisFuture<String> set = calls.sync(() -> connection.async()
                .set(keys.task(task.id()), StoredJson.write(task), SetArgs.Builder.nx()));
        RedisFuture<Long> register = calls.sync(() -> connection.async().sadd(keys.tasks(), task.id()));
        boolean created = "OK".equals(calls.await(set));
        calls.await(register);
        return created;
    }

    @Override
    public void saveTask(Task task) {
        RedisFuture<String> set = calls.sync(() -> connection.async().set(keys.task(task.id()), StoredJson.write(task)));
        RedisFuture<Long> register = calls.sync(() -> connection.async().sadd(keys.tasks(), task.id()));
        calls.await(set);
        calls.await(register);
        if (task.isTerminal()) {
            series.forgetTask(task.id());
        }
    }

    /**
     * One script compares the stored string with the JSON this server would have written for
     * {@code expected}. If another writer stored the same task with different bytes (the original
     * orders keys differently), the stored value is compared as a task in Java and the script is
     * retried with that exact string, so the write still happens only if nothing changed meanwhile.
     */
    @Override
    public boolean compareAndSaveTask(Task expected, Task updated) {
        Objects.requireNonNull(expected, "expected");
        if (!expected.id().equals(updated.id())) {
            throw new IllegalArgumentException("compareAndSaveTask across ids: " + expected.id() + " -> " + updated.id());
        }
        String key = keys.task(expected.id());
        String[] scriptKeys = {key, keys.tasks()};
        String newJson = StoredJson.write(updated);
        String expectedJson = StoredJson.write(expected);
        for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
            String compareWith = expectedJson;
            List<Object> reply = calls.sync(() -> TASK_CAS.run(connection.sync(), ScriptOutputType.MULTI, scriptKeys,
                    compareWith, newJson, expected.id()));
            if (reply.size() == 1) {
                boolean saved = Long.valueOf(1).equals(reply.get(0));
                if (saved && updated.isTerminal()) {
                    series.forgetTask(updated.id());
                }
                return saved;
            }
            String stored = String.valueOf(reply.get(1));
            if (!expected.equals(StoredJson.taskOrNull(key, stored))) {
                return false;
            }
            expectedJson = stored;
        }
        return false;
    }

    @Override
    public Optional<Task> getTask(String taskId) {
        String key = keys.task(taskId);
        // The asynchronous API, awaited: the synchronous one is a reflective proxy over it.
        String json = calls.await(calls.sync(() -> connection.async().get(key)));
        return json == null ? Optional.empty() : Optional.of(parseTask(key, json));
    }

    /** One script for the task and its indexes: the publish path's first round trip instead of two. */
    @Override
    public Optional<IndexedTask> reserveIndexes(String taskId, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        String key = keys.task(taskId);
        List<Object> reply = RESERVE_INDEXES.run(calls, connection, ScriptOutputType.MULTI,
                new String[] {key, keys.index(taskId)}, Integer.toString(count));
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        Task task = parseTask(key, String.valueOf(reply.get(0)));
        if (reply.size() < 2) {
            return Optional.of(new IndexedTask(task, new long[0]));
        }
        return Optional.of(new IndexedTask(task, endingAt((Long) reply.get(1), count)));
    }

    /** The stored task JSON parsed, or taken from {@link ParsedTasks} when this exact string was parsed before. */
    private Task parseTask(String key, String json) {
        Task known = parsedTasks.get(key, json);
        if (known != null) {
            return known;
        }
        Task task = StoredJson.taskOrNull(key, json);
        if (task == null) {
            throw new IllegalStateException("Redis key " + key + " does not hold a valid task JSON");
        }
        parsedTasks.put(key, json, task);
        return task;
    }

    // ---------------------------------------------------------------- history

    @Override
    public long nextIndex(String taskId) {
        return calls.await(calls.sync(() -> connection.async().incr(keys.index(taskId)))) - 1;
    }

    /** One {@code INCRBY}: the range ending at its result. */
    @Override
    public long[] nextIndexes(String taskId, int count) {
        return endingAt(calls.await(calls.sync(() -> connection.async().incrby(keys.index(taskId), count))), count);
    }

    /** The {@code count} indexes just allocated by an {@code INCRBY} that answered {@code counter}. */
    private static long[] endingAt(long counter, int count) {
        long[] indexes = new long[count];
        for (int i = 0; i < count; i++) {
            indexes[i] = counter - count + i;
        }
        return indexes;
    }

    @Override
    public void appendEvent(String taskId, TaskEvent event) {
        String json = StoredJson.write(event);
        calls.await(calls.sync(() -> connection.async().rpush(keys.events(taskId), json)));
    }

    /** Elements that are not valid events (a foreign writer's corruption) are skipped and logged. */
    @Override
    public List<TaskEvent> getEvents(String taskId, EventQuery query) {
        String key = keys.events(taskId);
        List<String> raw = calls.sync(() -> connection.sync().lrange(key, 0, -1));
        List<TaskEvent> history = new ArrayList<>(raw.size());
        for (String json : raw) {
            TaskEvent e = StoredJson.eventOrNull(key, json);
            if (e != null) {
                history.add(e);
            }
        }
        return ShortTermCursor.apply(history, query);
    }

    // ---------------------------------------------------------------- series

    @Override
    public Optional<TaskEvent> getSeriesLatest(String taskId, String seriesId) {
        return series.get(taskId, seriesId);
    }

    @Override
    public void setSeriesLatest(String taskId, String seriesId, TaskEvent event) {
        series.set(taskId, seriesId, event);
    }

    @Override
    public TaskEvent accumulateSeries(String taskId, String seriesId, TaskEvent event, String field) {
        return series.accumulate(taskId, seriesId, event, field);
    }

    /** One script for the pointer and the history (see {@link RedisSeriesPointers#appendAccumulated}). */
    @Override
    public Supplier<TaskEvent> appendAccumulated(String taskId, String seriesId, TaskEvent event, String field) {
        return series.appendAccumulated(taskId, seriesId, event, field);
    }

    @Override
    public void replaceLastSeriesEvent(String taskId, String seriesId, TaskEvent event) {
        series.replaceLast(taskId, seriesId, event);
    }

    // ---------------------------------------------------------------- listing

    /**
     * {@code SMEMBERS}, then the task keys in pipelined {@code MGET} batches. Ids whose key is missing
     * are pruned from the set (by a script that re-checks, so a task re-created meanwhile stays).
     * The order is unspecified by the API; tasks come oldest first (then by id) so it is stable.
     */
    @Override
    public List<Task> listTasks(TaskQuery query) {
        TaskQuery q = query == null ? TaskQuery.ALL : query;
        List<String> ids = new ArrayList<>(calls.sync(() -> connection.sync().smembers(keys.tasks())));
        List<RedisFuture<List<KeyValue<String, String>>>> batches = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += LIST_BATCH) {
            String[] batchKeys = ids.subList(from, Math.min(ids.size(), from + LIST_BATCH)).stream()
                    .map(keys::task).toArray(String[]::new);
            batches.add(calls.sync(() -> connection.async().mget(batchKeys)));
        }
        List<Task> matching = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        int i = 0;
        for (RedisFuture<List<KeyValue<String, String>>> batch : batches) {
            for (KeyValue<String, String> kv : calls.await(batch)) {
                String id = ids.get(i++);
                if (!kv.hasValue()) {
                    missing.add(id);
                    continue;
                }
                Task task = StoredJson.taskOrNull(kv.getKey(), kv.getValue());
                if (task != null && q.matches(task)) {
                    matching.add(task);
                }
            }
        }
        prune(missing);
        matching.sort(Comparator.comparingLong(Task::createdAt).thenComparing(Task::id));
        Integer limit = q.limit();
        return limit != null && limit > 0 && limit < matching.size() ? List.copyOf(matching.subList(0, limit))
                : List.copyOf(matching);
    }

    private void prune(List<String> missingIds) {
        for (int from = 0; from < missingIds.size(); from += LIST_BATCH) {
            List<String> batch = missingIds.subList(from, Math.min(missingIds.size(), from + LIST_BATCH));
            String[] scriptKeys = new String[batch.size() + 1];
            for (int k = 0; k < batch.size(); k++) {
                scriptKeys[k] = keys.task(batch.get(k));
            }
            scriptKeys[batch.size()] = keys.tasks();
            String[] args = batch.toArray(String[]::new);
            calls.sync(() -> PRUNE_TASK_SET.run(connection.sync(), ScriptOutputType.INTEGER, scriptKeys, args));
        }
    }

    // ---------------------------------------------------------------- deadlines

    @Override
    public void setDeadline(String taskId, long epochMs) {
        calls.sync(() -> connection.sync().zadd(keys.deadlines(), (double) epochMs, taskId));
    }

    @Override
    public void clearDeadline(String taskId) {
        calls.sync(() -> connection.sync().zrem(keys.deadlines(), taskId));
    }

    @Override
    public List<String> dueDeadlines(long now, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        Range<Double> due = Range.from(Range.Boundary.unbounded(), Range.Boundary.including((double) now));
        return List.copyOf(calls.sync(() -> connection.sync().zrangebyscore(keys.deadlines(), due, Limit.create(0, limit))));
    }

    // ---------------------------------------------------------------- deletion (cleanup rules)

    @Override
    public void deleteTask(String taskId) {
        deletions.deleteTask(taskId);
    }

    @Override
    public void deleteEvents(String taskId, Set<String> eventIds) {
        deletions.deleteEvents(taskId, eventIds);
    }

    @Override
    public void deleteHistory(String taskId) {
        deletions.deleteHistory(taskId);
    }

    // ---------------------------------------------------------------- lifecycle

    /** {@code PING} with a deadline below the readiness endpoint's two seconds. */
    @Override
    public List<DependencyHealth> checkHealth() {
        long start = System.nanoTime();
        return List.of(RedisHealth.result(calls, RedisHealth.send(() -> connection.async().ping()), start));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                connection.close();
            } finally {
                shared.release();
            }
        }
    }
}
