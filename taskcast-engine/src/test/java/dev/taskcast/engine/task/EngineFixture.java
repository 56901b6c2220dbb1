package dev.taskcast.engine.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskError;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.memory.MemoryBroadcast;
import dev.taskcast.engine.memory.MemoryShortTermStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A {@link TaskEngine} over the memory adapters with a hand-driven clock, plus terse helpers for
 * the engine tests. Close it to stop the engine's background threads.
 */
public final class EngineFixture implements AutoCloseable {
    public static final long T0 = 1_700_000_000_000L;
    /** Upper bound for asynchronous effects (hook dispatch, archive writes); passing tests return at once. */
    public static final Duration ASYNC = Duration.ofSeconds(10);

    public final AtomicLong clock = new AtomicLong(T0);
    public final MemoryShortTermStore shortTerm = new MemoryShortTermStore();
    public final MemoryBroadcast broadcast = new MemoryBroadcast();
    public final TaskEngine engine;

    private EngineFixture(Consumer<TaskEngine.Builder> customize) {
        TaskEngine.Builder b = TaskEngine.builder(shortTerm, broadcast).clock(clock::get);
        customize.accept(b);
        engine = b.build();
    }

    public static EngineFixture create() {
        return new EngineFixture(b -> { });
    }

    /** With extra builder settings (hooks, long-term store, ...). */
    public static EngineFixture create(Consumer<TaskEngine.Builder> customize) {
        return new EngineFixture(customize);
    }

    /** Advance the clock by {@code ms} and return the new "now". */
    public long tick(long ms) {
        return clock.addAndGet(ms);
    }

    public long now() {
        return clock.get();
    }

    public Task create(String id) {
        return engine.createTask(withId(id));
    }

    public Task createWithTtl(String id, int ttlSeconds) {
        return engine.createTask(new NewTask(id, null, null, null, ttlSeconds, null, null, null, null, null, null, null));
    }

    public Task createRunning(String id) {
        create(id);
        return to(id, TaskStatus.RUNNING);
    }

    public Task to(String id, TaskStatus status) {
        return engine.transition(id, StatusChange.to(status));
    }

    public Task to(String id, TaskStatus status, JsonNode result, TaskError error) {
        return engine.transition(id, new StatusChange(status, result, error, null, null, null, null));
    }

    public TaskEvent publish(String id, String type) {
        return engine.publish(id, NewEvent.of(type, Level.INFO, null));
    }

    public TaskEvent publish(String id, String type, String dataJson) {
        return engine.publish(id, NewEvent.of(type, Level.INFO, json(dataJson)));
    }

    public TaskEvent publishSeries(String id, String type, String dataJson, String seriesId, SeriesMode mode,
                                   String accField) {
        return engine.publish(id, new NewEvent(type, Level.INFO, dataJson == null ? null : json(dataJson), seriesId,
                mode, accField));
    }

    public List<TaskEvent> history(String id) {
        return engine.getEvents(id, EventQuery.ALL);
    }

    public static NewTask withId(String id) {
        return new NewTask(id, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static JsonNode json(String text) {
        return TaskcastJson.tree(text);
    }

    /** Structural JSON equality (key order irrelevant). */
    public static void assertJson(String expected, JsonNode actual) {
        assertEquals(json(expected), actual, () -> "JSON differs: " + actual);
    }

    public static List<Long> indexes(List<TaskEvent> events) {
        return events.stream().map(TaskEvent::index).toList();
    }

    public static List<String> types(List<TaskEvent> events) {
        return events.stream().map(TaskEvent::type).toList();
    }

    @Override
    public void close() {
        engine.close();
    }
}
