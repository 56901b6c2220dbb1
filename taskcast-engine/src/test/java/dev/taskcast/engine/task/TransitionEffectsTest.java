package dev.taskcast.engine.task;

import static dev.taskcast.engine.task.EngineFixture.assertJson;
import static dev.taskcast.engine.task.EngineFixture.indexes;
import static dev.taskcast.engine.task.EngineFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.api.Level;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskError;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** model.md §3.1 (effects of a transition), §4.2 (index allocation), §4.3 (status event). */
class TransitionEffectsTest {
    private final EngineFixture f = EngineFixture.create();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void createSetsPendingAndEqualTimestampsWithoutCompletedAt() {
        Task t = f.create("a");
        assertEquals(TaskStatus.PENDING, t.status());
        assertEquals(EngineFixture.T0, t.createdAt());
        assertEquals(t.createdAt(), t.updatedAt());
        assertNull(t.completedAt());
        assertNull(t.result());
        assertNull(t.error());
        assertEquals(List.of(), f.history("a"), "create emits no event");
    }

    @Test
    void nonTerminalTransitionUpdatesUpdatedAtOnly() {
        f.create("a");
        long at = f.tick(1500);
        Task t = f.to("a", TaskStatus.RUNNING);
        assertEquals(TaskStatus.RUNNING, t.status());
        assertEquals(EngineFixture.T0, t.createdAt(), "createdAt never changes");
        assertEquals(at, t.updatedAt());
        assertNull(t.completedAt(), "completedAt stays absent for a non-terminal target");
        assertEquals(t, f.engine.getTask("a").orElseThrow(), "the returned task is the stored task");
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"COMPLETED", "FAILED", "TIMEOUT", "CANCELLED"})
    void terminalTransitionSetsCompletedAtToNow(TaskStatus terminal) {
        f.createRunning("a");
        long at = f.tick(4200);
        Task t = f.to("a", terminal);
        assertEquals(at, t.updatedAt());
        assertEquals(at, t.completedAt());
        assertEquals(t, f.engine.getTask("a").orElseThrow());
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"TIMEOUT", "CANCELLED"})
    void terminalStraightFromPendingAlsoSetsCompletedAt(TaskStatus terminal) {
        f.create("a");
        long at = f.tick(10);
        Task t = f.to("a", terminal);
        assertEquals(at, t.completedAt());
    }

    @Test
    void publishingDoesNotChangeUpdatedAt() {
        Task running = f.createRunning("a");
        f.tick(5000);
        f.publish("a", "log");
        assertEquals(running.updatedAt(), f.engine.getTask("a").orElseThrow().updatedAt());
    }

    @Test
    void resultAndErrorAreCarriedForwardAndNotTiedToTargets() {
        f.create("a");
        // A running transition may carry a result (no rule ties result/error to targets).
        Task running = f.to("a", TaskStatus.RUNNING, json("{\"partial\":true}"), null);
        assertJson("{\"partial\":true}", running.result());

        // completed without a result keeps the earlier one; completed may carry an error.
        TaskError err = new TaskError("W1", "warning", null);
        Task done = f.to("a", TaskStatus.COMPLETED, null, err);
        assertJson("{\"partial\":true}", done.result());
        assertEquals(err, done.error());
        assertJson("{\"status\":\"completed\",\"result\":{\"partial\":true},\"error\":{\"code\":\"W1\",\"message\":\"warning\"}}",
                f.history("a").getLast().data());
    }

    @Test
    void suppliedResultReplacesThePreviousOne() {
        f.create("a");
        f.to("a", TaskStatus.RUNNING, json("{\"v\":1}"), null);
        Task done = f.to("a", TaskStatus.COMPLETED, json("{\"v\":2}"), null);
        assertJson("{\"v\":2}", done.result());
    }

    @Test
    void statusEventShapeWithoutResultOrError() {
        f.create("a");
        long at = f.tick(7);
        f.to("a", TaskStatus.RUNNING);
        TaskEvent e = f.history("a").getFirst();
        assertEquals(TaskEvent.STATUS_TYPE, e.type());
        assertEquals(Level.INFO, e.level());
        assertEquals("a", e.taskId());
        assertEquals(at, e.timestamp());
        assertJson("{\"status\":\"running\"}", e.data());
        assertNull(e.seriesId());
        assertNull(e.seriesMode());
        assertNull(e.seriesAccField());
        assertNull(e.seriesSnapshot());
    }

    @Test
    void failedStatusEventCarriesTheError() {
        f.createRunning("a");
        f.to("a", TaskStatus.FAILED, null, new TaskError("E1", "boom", null));
        assertJson("{\"status\":\"failed\",\"error\":{\"code\":\"E1\",\"message\":\"boom\"}}",
                f.history("a").getLast().data());
    }

    @Test
    void completedStatusEventCarriesTheResult() {
        f.createRunning("a");
        f.to("a", TaskStatus.COMPLETED, json("{\"output\":\"Hi\"}"), null);
        assertJson("{\"status\":\"completed\",\"result\":{\"output\":\"Hi\"}}", f.history("a").getLast().data());
    }

    @Test
    void firstEventOfATaskTransitionedToRunningIsItsStatusEventAtIndexZero() {
        f.createRunning("a");
        TaskEvent first = f.publish("a", "log");
        assertEquals(1, first.index());
        f.to("a", TaskStatus.COMPLETED);
        List<TaskEvent> h = f.history("a");
        assertEquals(List.of(0L, 1L, 2L), indexes(h));
        assertEquals(List.of(TaskEvent.STATUS_TYPE, "log", TaskEvent.STATUS_TYPE), EngineFixture.types(h));
    }

    @Test
    void statusEventsShareTheSequenceWithPublishedEvents() {
        f.create("a");
        TaskEvent p0 = f.publish("a", "before-start");
        f.to("a", TaskStatus.RUNNING);
        TaskEvent p2 = f.publish("a", "work");
        TaskEvent p3 = f.publish("a", "work");
        f.to("a", TaskStatus.FAILED);
        assertEquals(0, p0.index(), "publishing to a pending task takes index 0");
        assertEquals(2, p2.index());
        assertEquals(3, p3.index());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), indexes(f.history("a")));
        assertEquals(TaskEvent.STATUS_TYPE, f.history("a").get(1).type());
    }

    @Test
    void failingWithoutErrorHasNoErrorInTaskOrEvent() {
        f.createRunning("a");
        Task t = f.to("a", TaskStatus.FAILED);
        assertNull(t.error());
        assertJson("{\"status\":\"failed\"}", f.history("a").getLast().data());
    }

    @Test
    void otherFieldsSurviveTransitions() {
        Task created = f.engine.createTask(new NewTask("a", "llm.chat", json("{\"prompt\":\"Hello\"}"),
                json("{\"m\":1}"), 3600, null, null, null, List.of("x"), null, null, null));
        f.to("a", TaskStatus.RUNNING);
        Task done = f.to("a", TaskStatus.COMPLETED, json("{\"output\":\"Hi\"}"), null);
        assertEquals("llm.chat", done.type());
        assertEquals(created.params(), done.params());
        assertEquals(created.metadata(), done.metadata());
        assertEquals(3600, done.ttl());
        assertEquals(List.of("x"), done.tags());
        assertNotNull(done.completedAt());
        assertTrue(done.isTerminal());
    }
}
