package dev.taskcast.engine.task;

import static dev.taskcast.engine.task.EngineFixture.assertJson;
import static dev.taskcast.engine.task.EngineFixture.json;
import static dev.taskcast.engine.task.EngineFixture.withId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.taskcast.api.BroadcastMessage;
import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.engine.memory.MemoryShortTermStore;
import dev.taskcast.spi.BroadcastProvider;
import dev.taskcast.spi.Subscription;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** model.md §1 (identifiers), §4.1 (event fields), §5.1 (createTask), §5.4 (publishEvent). */
class CreateAndPublishTest {
    private static final Pattern ULID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

    private final EngineFixture f = EngineFixture.create();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void generatedTaskIdIsAFreshUlid() {
        Task a = f.engine.createTask(NewTask.empty());
        Task b = f.engine.createTask(NewTask.empty());
        assertEquals(26, a.id().length());
        assertTrue(ULID.matcher(a.id()).matches(), a.id());
        assertTrue(ULID.matcher(b.id()).matches(), b.id());
        assertNotEquals(a.id(), b.id());
        assertEquals(a, f.engine.getTask(a.id()).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "ünïcødé", "a/b", "x:y"})
    void anyUserSuppliedIdIsKeptVerbatim(String id) {
        Task t = f.create(id);
        assertEquals(id, t.id());
        assertEquals(id, f.engine.getTask(id).orElseThrow().id());
        f.to(id, TaskStatus.RUNNING);
        assertEquals(id, f.publish(id, "x").taskId());
    }

    @Test
    void onlySuppliedOptionalFieldsArePresent() {
        Task t = f.create("bare");
        assertNull(t.type());
        assertNull(t.params());
        assertNull(t.metadata());
        assertNull(t.ttl());
        assertNull(t.webhooks());
        assertNull(t.cleanup());
        assertNull(t.tags());
    }

    @Test
    void duplicateExplicitIdConflicts() {
        f.create("x");
        f.to("x", TaskStatus.RUNNING);
        TaskConflictException e = assertThrows(TaskConflictException.class, () -> f.create("x"));
        assertEquals("Task already exists: x", e.getMessage());
        assertEquals(TaskStatus.RUNNING, f.engine.getTask("x").orElseThrow().status(), "the original is untouched");
    }

    @Test
    void publishToUnknownTaskIsNotFound() {
        TaskNotFoundException e = assertThrows(TaskNotFoundException.class, () -> f.publish("x", "log"));
        assertEquals("Task not found: x", e.getMessage());
        assertEquals("x", e.taskId());
    }

    @Test
    void publishToPendingTaskIsAllowed() {
        f.create("p");
        TaskEvent e = f.publish("p", "log");
        assertEquals(0, e.index());
        assertEquals(TaskStatus.PENDING, f.engine.getTask("p").orElseThrow().status(), "publishing changes no status");
        assertEquals(List.of(e), f.history("p"));
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"COMPLETED", "FAILED", "TIMEOUT", "CANCELLED"})
    void publishToTerminalTaskIsRefused(TaskStatus terminal) {
        f.createRunning("t");
        f.to("t", terminal);
        int before = f.history("t").size();
        TaskTerminalException e = assertThrows(TaskTerminalException.class, () -> f.publish("t", "late"));
        assertEquals("Cannot publish to task in terminal status: " + terminal.wireName(), e.getMessage());
        assertEquals(before, f.history("t").size(), "nothing is stored");
    }

    @Test
    void publishToCompletedTaskHasTheExactMessage() {
        f.createRunning("t");
        f.to("t", TaskStatus.COMPLETED);
        TaskTerminalException e = assertThrows(TaskTerminalException.class, () -> f.publish("t", "late"));
        assertEquals("Cannot publish to task in terminal status: completed", e.getMessage());
    }

    @Test
    void publishedEventHasAllFieldsAndIsReturnedAsStored() {
        f.createRunning("t");
        long at = f.tick(123);
        TaskEvent e = f.engine.publish("t", new NewEvent("llm.delta", Level.DEBUG, json("{\"delta\":\"x\"}"),
                "s", SeriesMode.KEEP_ALL, "delta"));
        assertTrue(ULID.matcher(e.id()).matches(), e.id());
        assertEquals("t", e.taskId());
        assertEquals(1, e.index());
        assertEquals(at, e.timestamp());
        assertEquals("llm.delta", e.type());
        assertEquals(Level.DEBUG, e.level());
        assertJson("{\"delta\":\"x\"}", e.data());
        assertEquals("s", e.seriesId());
        assertEquals(SeriesMode.KEEP_ALL, e.seriesMode());
        assertEquals("delta", e.seriesAccField());
        assertNull(e.seriesSnapshot());
        assertEquals(e, f.history("t").getLast());
    }

    @Test
    void absentDataAndJsonNullDataStayDistinct() {
        f.create("t");
        TaskEvent absent = f.engine.publish("t", NewEvent.of("a", Level.INFO, null));
        TaskEvent nul = f.engine.publish("t", NewEvent.of("n", Level.INFO, NullNode.getInstance()));
        assertNull(absent.data());
        assertEquals(NullNode.getInstance(), nul.data());
        List<TaskEvent> h = f.history("t");
        assertNull(h.get(0).data(), "absent data stays absent in the short-term history");
        assertEquals(NullNode.getInstance(), h.get(1).data(), "JSON null stays null in the short-term history");
    }

    @Test
    void everyEventGetsAFreshIdAndTheTypeNamespaceIsNotReserved() {
        f.create("t");
        TaskEvent a = f.publish("t", "");
        TaskEvent b = f.publish("t", TaskEvent.STATUS_TYPE, "{\"status\":\"running\"}");
        assertNotEquals(a.id(), b.id());
        assertEquals("", a.type());
        assertEquals(TaskEvent.STATUS_TYPE, b.type());
        assertEquals(TaskStatus.PENDING, f.engine.getTask("t").orElseThrow().status(),
                "a user-published taskcast:status event is just an event");
    }

    @Test
    void publishAllIsOneContiguousSequence() {
        f.create("t");
        List<TaskEvent> out = f.engine.publishAll("t", List.of(NewEvent.of("a", Level.INFO, null),
                NewEvent.of("b", Level.WARN, null), NewEvent.of("c", Level.ERROR, null)));
        assertEquals(List.of(0L, 1L, 2L), EngineFixture.indexes(out));
        assertEquals(out, f.history("t"));
    }

    @Test
    void publishAllChecksTheTaskEvenWhenEmpty() {
        assertThrows(TaskNotFoundException.class, () -> f.engine.publishAll("missing", List.of()));
        f.createRunning("t");
        f.to("t", TaskStatus.CANCELLED);
        assertThrows(TaskTerminalException.class, () -> f.engine.publishAll("t", List.of()));
    }

    @Test
    void failedBroadcastNeverRemovesTheStoredEvent() {
        BroadcastProvider broken = new BroadcastProvider() {
            @Override
            public void publish(String taskId, BroadcastMessage message) {
                throw new IllegalStateException("pub/sub down");
            }

            @Override
            public Subscription subscribe(String taskId, Consumer<BroadcastMessage> handler) {
                return () -> { };
            }
        };
        try (TaskEngine engine = TaskEngine.builder(new MemoryShortTermStore(), broken).build()) {
            engine.createTask(withId("t"));
            engine.transition("t", StatusChange.to(TaskStatus.RUNNING));
            TaskEvent e = engine.publish("t", NewEvent.of("log", Level.INFO, null));
            assertEquals(List.of(TaskStatus.RUNNING.wireName(), "log"), engine.getEvents("t", EventQuery.ALL).stream()
                    .map(x -> x.type().equals(TaskEvent.STATUS_TYPE) ? x.data().get("status").textValue() : x.type())
                    .toList());
            assertEquals(e, engine.getEvents("t", EventQuery.ALL).getLast());
        }
    }

    @Test
    void getTaskOfUnknownIdIsEmpty() {
        assertFalse(f.engine.getTask("nope").isPresent());
        assertEquals(List.of(), f.history("nope"));
    }

    @Test
    void createNeverTouchesTheIndexCounter() {
        f.engine.createTask(withId("t"));
        assertEquals(0, f.publish("t", "first").index());
    }
}
