package dev.taskcast.engine.task;

import static dev.taskcast.engine.task.EngineFixture.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * model.md §3: the phase-1 transition table, over all 9 × 9 (from, to) pairs, checked both on
 * {@link StateMachine} and end to end through {@link TaskEngine#transition}.
 */
class TransitionTableTest {
    /** The complete phase-1 table; every pair not listed is forbidden. */
    private static final Map<TaskStatus, Set<TaskStatus>> ALLOWED = Map.of(
            TaskStatus.PENDING, EnumSet.of(TaskStatus.RUNNING, TaskStatus.TIMEOUT, TaskStatus.CANCELLED),
            TaskStatus.RUNNING, EnumSet.of(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.TIMEOUT,
                    TaskStatus.CANCELLED));

    private final EngineFixture f = EngineFixture.create();

    @AfterEach
    void close() {
        f.close();
    }

    static Stream<Arguments> allPairs() {
        List<Arguments> out = new ArrayList<>();
        for (TaskStatus from : TaskStatus.values()) {
            for (TaskStatus to : TaskStatus.values()) {
                out.add(Arguments.of(from, to, ALLOWED.getOrDefault(from, Set.of()).contains(to)));
            }
        }
        return out.stream();
    }

    @Test
    void tableHasSevenAllowedPairsOutOfEightyOne() {
        assertEquals(81, allPairs().count());
        assertEquals(7, allPairs().filter(a -> (Boolean) a.get()[2]).count());
    }

    @ParameterizedTest(name = "{0} → {1} allowed={2}")
    @MethodSource("allPairs")
    void stateMachineTable(TaskStatus from, TaskStatus to, boolean allowed) {
        assertEquals(allowed, StateMachine.canTransition(from, to));
    }

    @ParameterizedTest(name = "{0} → {1} allowed={2}")
    @MethodSource("allPairs")
    void engineTransition(TaskStatus from, TaskStatus to, boolean allowed) {
        String id = "t-" + from + "-" + to;
        Task before = taskIn(id, from);
        List<TaskEvent> historyBefore = f.history(id);
        f.tick(1000);

        if (allowed) {
            Task after = f.engine.transition(id, StatusChange.to(to));
            assertEquals(to, after.status());
            assertEquals(to, f.engine.getTask(id).orElseThrow().status());
            List<TaskEvent> history = f.history(id);
            assertEquals(historyBefore.size() + 1, history.size(), "one status event per transition");
            assertEquals(TaskEvent.STATUS_TYPE, history.getLast().type());
            assertEquals(to.wireName(), history.getLast().data().get("status").textValue());
        } else {
            InvalidTransitionException e = assertThrows(InvalidTransitionException.class,
                    () -> f.engine.transition(id, StatusChange.to(to)));
            assertEquals("Invalid transition: " + from.wireName() + " \u2192 " + to.wireName(), e.getMessage());
            assertEquals(before, f.engine.getTask(id).orElseThrow(), "a refused transition changes nothing");
            assertEquals(historyBefore, f.history(id), "a refused transition emits nothing");
        }
    }

    @Test
    void messageUsesLowerCaseWireNamesAndTheUnicodeArrow() {
        f.createRunning("r");
        InvalidTransitionException e = assertThrows(InvalidTransitionException.class,
                () -> f.to("r", TaskStatus.RUNNING));
        assertEquals("Invalid transition: running \u2192 running", e.getMessage());
        assertEquals('\u2192', e.getMessage().charAt("Invalid transition: running ".length()));
    }

    @Test
    void noWayBackFromTerminalEvenThroughEveryPhaseOneTarget() {
        f.createRunning("c");
        f.to("c", TaskStatus.COMPLETED);
        for (TaskStatus to : TaskStatus.values()) {
            assertThrows(InvalidTransitionException.class, () -> f.to("c", to));
        }
        assertEquals(List.of(TaskEvent.STATUS_TYPE, TaskEvent.STATUS_TYPE), types(f.history("c")));
    }

    @Test
    void unknownTaskIsNotFound() {
        TaskNotFoundException e = assertThrows(TaskNotFoundException.class,
                () -> f.to("nope", TaskStatus.RUNNING));
        assertEquals("Task not found: nope", e.getMessage());
    }

    /**
     * Puts a task into {@code status}: phase-1 statuses through the engine; the later-extension
     * statuses (unreachable in phase 1) by writing the stored task directly, as an LE-capable
     * instance sharing the store would.
     */
    private Task taskIn(String id, TaskStatus status) {
        Task t = f.create(id);
        switch (status) {
            case PENDING -> { }
            case RUNNING -> t = f.to(id, TaskStatus.RUNNING);
            case COMPLETED, FAILED, TIMEOUT, CANCELLED -> {
                f.to(id, TaskStatus.RUNNING);
                t = f.to(id, status);
            }
            case ASSIGNED, PAUSED, BLOCKED -> {
                t = t.toBuilder().status(status).build();
                f.shortTerm.saveTask(t);
            }
        }
        assertEquals(status, f.engine.getTask(id).orElseThrow().status());
        return t;
    }
}
