package dev.taskcast.plugin.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.spi.SeriesAccumulation;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Series pointers {@code P:series:{taskId}:{seriesId}} and their registry {@code P:seriesIds:{taskId}}
 * (storage.md §4.4, model.md §8.2–8.3).
 *
 * <p>Both read-modify-write operations compute in Java and commit with one compare-and-set script
 * that writes only if the pointer is still the value read: the merge then uses exactly
 * {@link SeriesAccumulation} (so values written here are exact, unlike cjson's), and a concurrent
 * writer on another instance makes the loser re-read and retry instead of losing an update.
 */
final class RedisSeriesPointers {
    /** Far above any real contention; reaching it means something keeps rewriting the pointer. */
    private static final int MAX_ATTEMPTS = 10_000;

    /**
     * KEYS: pointer, series-id set, history. ARGV: '1' if a pointer was read, the pointer read, the new
     * pointer JSON, the series id, the history action ('none', 'append' or a list position to
     * overwrite) and the element expected at that position. Returns 1 when written, 0 on a conflict.
     */
    private static final LuaScript POINTER_CAS = new LuaScript("""
            local current = redis.call('GET', KEYS[1])
            if ARGV[1] == '1' then
              if current ~= ARGV[2] then return 0 end
            elseif current then
              return 0
            end
            local action = ARGV[5]
            if action == 'append' then
              redis.call('RPUSH', KEYS[3], ARGV[3])
            elseif action ~= 'none' then
              local pos = tonumber(action)
              if redis.call('LINDEX', KEYS[3], pos) ~= ARGV[6] then return 0 end
              redis.call('LSET', KEYS[3], pos, ARGV[3])
            end
            redis.call('SET', KEYS[1], ARGV[3])
            redis.call('SADD', KEYS[2], ARGV[4])
            return 1
            """);
    /**
     * {@link #appendAccumulated}: the pointer compare-and-set and the history append in one script.
     * KEYS: pointer, series-id set, history. ARGV: '1' if a pointer is expected, the expected pointer,
     * the new pointer, the series id, the event to append. Returns {1} when written; on a conflict
     * {0, current} or {0} when there is no pointer, so the caller can merge again without a GET.
     */
    private static final LuaScript ACCUMULATE_APPEND = new LuaScript("""
            local current = redis.call('GET', KEYS[1])
            if ARGV[1] == '1' then
              if current ~= ARGV[2] then
                if current then return {0, current} end
                return {0}
              end
            elseif current then
              return {0, current}
            end
            redis.call('SET', KEYS[1], ARGV[3])
            redis.call('SADD', KEYS[2], ARGV[4])
            redis.call('RPUSH', KEYS[3], ARGV[5])
            return {1}
            """);
    /**
     * {@link #appendAccumulated} onto a pointer this instance wrote ({@link SplicedPointer}): KEYS as
     * above. ARGV: the expected pointer's length in bytes, head and tail; the new head, the escaped
     * delta, the new tail; the series id; the event to append. The new pointer is the old one's
     * escaped text between the new head and tail, with the delta after it. Returns 1 when written, 0
     * when the stored pointer is not the one expected (the caller then merges the full way).
     *
     * <p>The pointer never enters Lua whole: Redis' Lua hashes every byte of every string it makes
     * (about 50 µs for a 30 kB pointer, three times per call when the script read, cut and
     * concatenated it). The stored pointer is checked by its length and the ranges of its head and
     * tail, and when the new head is as long as the old one (the usual case: only the id, index and
     * timestamp changed) it is rewritten in place with {@code SETRANGE}, which also grows the string
     * at its end; otherwise the text is cut out and the pointer written anew.
     */
    private static final LuaScript SPLICE_APPEND = new LuaScript("""
            local len = redis.call('STRLEN', KEYS[1])
            local head, tail = ARGV[2], ARGV[3]
            if len == 0 or len ~= tonumber(ARGV[1])
                or redis.call('GETRANGE', KEYS[1], 0, #head - 1) ~= head
                or redis.call('GETRANGE', KEYS[1], len - #tail, len - 1) ~= tail then
              return 0
            end
            local end_part = ARGV[5] .. ARGV[6]
            if #ARGV[4] == #head and #end_part >= #tail then
              redis.call('SETRANGE', KEYS[1], 0, ARGV[4])
              redis.call('SETRANGE', KEYS[1], len - #tail, end_part)
            else
              local text = redis.call('GETRANGE', KEYS[1], #head, len - #tail - 1)
              redis.call('SET', KEYS[1], ARGV[4] .. text .. end_part)
            end
            redis.call('SADD', KEYS[2], ARGV[7])
            redis.call('RPUSH', KEYS[3], ARGV[8])
            return 1
            """);
    private static final String NONE = "none";
    private static final String APPEND = "append";

    private final StatefulRedisConnection<String, String> connection;
    private final RedisKeys keys;
    private final RedisCalls calls;
    private final PointerCache cache = new PointerCache();

    RedisSeriesPointers(StatefulRedisConnection<String, String> connection, RedisKeys keys, RedisCalls calls) {
        this.connection = connection;
        this.keys = keys;
        this.calls = calls;
    }

    /** The task ended: its series are not published to any more, so their cached pointers go. */
    void forgetTask(String taskId) {
        cache.forgetTask(taskId);
    }

    Optional<TaskEvent> get(String taskId, String seriesId) {
        String key = keys.series(taskId, seriesId);
        String json = calls.sync(() -> connection.sync().get(key));
        return json == null ? Optional.empty() : Optional.ofNullable(StoredJson.eventOrNull(key, json));
    }

    /** {@code SET} the pointer and {@code SADD} the series id, pipelined. */
    void set(String taskId, String seriesId, TaskEvent event) {
        String json = StoredJson.write(event);
        RedisFuture<String> set = calls.sync(() -> connection.async().set(keys.series(taskId, seriesId), json));
        RedisFuture<Long> register = calls.sync(() -> connection.async().sadd(keys.seriesIds(taskId), seriesId));
        calls.await(set);
        calls.await(register);
    }

    TaskEvent accumulate(String taskId, String seriesId, TaskEvent event, String field) {
        String key = keys.series(taskId, seriesId);
        for (int attempt = 0; ; attempt++) {
            String current = calls.sync(() -> connection.sync().get(key));
            TaskEvent accumulated = SeriesAccumulation.merge(
                    current == null ? null : StoredJson.dataOrNull(current), event.withoutSnapshotFlag(), field);
            if (commit(taskId, seriesId, current, StoredJson.write(accumulated), NONE, null)) {
                return accumulated;
            }
            backOff(attempt, key);
        }
    }

    /**
     * The publish of an accumulate-series event: the §8.2 merge committed by one script that also
     * appends {@code event} to the history, so it costs one round trip. The pointer this instance
     * last wrote or saw is remembered with its parsed data ({@link PointerCache}), so the usual
     * publish neither reads nor parses the pointer; the script still compares it with what Redis
     * holds, and a conflict (another instance, a cleanup) answers the current value to merge with.
     */
    Supplier<TaskEvent> appendAccumulated(String taskId, String seriesId, TaskEvent event, String field) {
        String key = keys.series(taskId, seriesId);
        String[] scriptKeys = {key, keys.seriesIds(taskId), keys.events(taskId)};
        TaskEvent incoming = event.withoutSnapshotFlag();
        // A text delta's own layout: its JSON is the history element, its value the escaped delta.
        SplicedPointer deltaLayout = SplicedPointer.of(incoming, field);
        String eventJson = deltaLayout != null ? deltaLayout.json() : StoredJson.write(incoming);
        PointerCache.Entry known = cache.get(taskId, key);
        if (known != null && known.spliced() != null && deltaLayout != null) {
            TaskEvent spliced = splice(taskId, key, scriptKeys, known, incoming, deltaLayout, seriesId, eventJson);
            if (spliced != null) {
                return () -> spliced;
            }
            known = cache.get(taskId, key); // null after a conflict: read what Redis holds
        }
        String current;
        JsonNode currentData;
        if (known != null) {
            current = known.storedJson();
            currentData = known.data();
        } else {
            current = calls.await(calls.sync(() -> connection.async().get(key)));
            currentData = current == null ? null : StoredJson.dataOrNull(current);
        }
        for (int attempt = 0; ; attempt++) {
            TaskEvent accumulated = SeriesAccumulation.merge(currentData, incoming, field);
            SplicedPointer layout = SplicedPointer.of(accumulated, field);
            String json = layout != null ? layout.json() : StoredJson.write(accumulated);
            String expected = current;
            List<Object> reply = ACCUMULATE_APPEND.run(calls, connection, ScriptOutputType.MULTI, scriptKeys,
                    expected == null ? "0" : "1", expected == null ? "" : expected, json, seriesId, eventJson);
            if (Long.valueOf(1).equals(reply.get(0))) {
                cache.put(taskId, key, layout != null ? PointerCache.Entry.of(layout, accumulated.data())
                        : PointerCache.Entry.of(json, accumulated.data()));
                return () -> accumulated;
            }
            current = reply.size() > 1 ? String.valueOf(reply.get(1)) : null;
            currentData = current == null ? null : StoredJson.dataOrNull(current);
            cache.remove(taskId, key);
            if (attempt > 0) {
                // The first miss is usually a stale remembered pointer; later ones are contention.
                backOff(attempt, key);
            }
        }
    }

    /**
     * The usual publish of a streaming series: a text delta onto the pointer this instance wrote
     * last. Sends only the new pointer's head and tail and the escaped delta ({@link SplicedPointer}).
     * Returns the accumulated event, or {@code null} (and forgets the remembered pointer) when the
     * delta cannot be spliced or Redis holds another pointer than the one remembered.
     */
    private TaskEvent splice(String taskId, String key, String[] scriptKeys, PointerCache.Entry known,
                             TaskEvent incoming, SplicedPointer deltaLayout, String seriesId, String eventJson) {
        SplicedPointer previous = known.spliced();
        String field = deltaLayout.field();
        if (!previous.canAppend(known.data(), field, incoming.data().get(field).textValue())) {
            return null;
        }
        TaskEvent accumulated = SeriesAccumulation.merge(known.data(), incoming, field);
        String escapedDelta = deltaLayout.value();
        SplicedPointer next = deltaLayout.withValue(previous.value() + escapedDelta,
                previous.valueBytes() + deltaLayout.valueBytes());
        Long written = SPLICE_APPEND.run(calls, connection, ScriptOutputType.INTEGER, scriptKeys,
                Long.toString(previous.byteLength()), previous.head(), previous.tail(),
                next.head(), escapedDelta, next.tail(), seriesId, eventJson);
        if (written == null || written != 1L) {
            cache.remove(taskId, key);
            return null;
        }
        cache.put(taskId, key, PointerCache.Entry.of(next, accumulated.data()));
        return accumulated;
    }

    /**
     * model.md §8.3: overwrite the pointer's event in place (found by id from the end of the list),
     * append when there is no pointer, then make {@code event} the pointer. An {@code LSET} by position
     * is safe against concurrent appends because histories only grow; the script re-checks the
     * element anyway. A pointer that is not valid JSON counts as absent (the event is appended).
     */
    void replaceLast(String taskId, String seriesId, TaskEvent event) {
        String key = keys.series(taskId, seriesId);
        String eventsKey = keys.events(taskId);
        String json = StoredJson.write(event);
        for (int attempt = 0; ; attempt++) {
            String current = calls.sync(() -> connection.sync().get(key));
            String pointerId = current == null ? null : StoredJson.idOrNull(current);
            String action = APPEND;
            String expectedElement = null;
            if (pointerId != null) {
                List<String> history = calls.sync(() -> connection.sync().lrange(eventsKey, 0, -1));
                int position = lastPositionOf(history, pointerId);
                action = position < 0 ? NONE : Integer.toString(position);
                expectedElement = position < 0 ? null : history.get(position);
            }
            if (commit(taskId, seriesId, current, json, action, expectedElement)) {
                return;
            }
            backOff(attempt, key);
        }
    }

    /** Position of the last element whose {@code id} is {@code id}; unparsable elements are skipped. */
    private static int lastPositionOf(List<String> history, String id) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (id.equals(StoredJson.idOrNull(history.get(i)))) {
                return i;
            }
        }
        return -1;
    }

    private boolean commit(String taskId, String seriesId, String expectedPointer, String newPointer,
                           String historyAction, String expectedElement) {
        String[] scriptKeys = {keys.series(taskId, seriesId), keys.seriesIds(taskId), keys.events(taskId)};
        Long written = calls.sync(() -> POINTER_CAS.run(connection.sync(), ScriptOutputType.INTEGER, scriptKeys,
                expectedPointer == null ? "0" : "1", expectedPointer == null ? "" : expectedPointer, newPointer,
                seriesId, historyAction, expectedElement == null ? "" : expectedElement));
        return written != null && written == 1L;
    }

    /** A short random pause so that writers racing on one pointer stop colliding in lock-step. */
    private static void backOff(int attempt, String key) {
        if (attempt + 1 >= MAX_ATTEMPTS) {
            throw new IllegalStateException("gave up updating " + key + " after " + MAX_ATTEMPTS + " conflicts");
        }
        long maxMicros = Math.min(50L * (attempt + 1), 2_000L);
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextLong(maxMicros + 1)));
    }
}
