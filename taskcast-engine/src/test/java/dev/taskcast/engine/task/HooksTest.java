package dev.taskcast.engine.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.api.Task;
import dev.taskcast.api.TaskError;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.engine.hooks.HookDispatcher;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.spi.TaskcastHooks;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * model.md §3.1 step 7, §5.1 step 7, §7 and webhooks-hooks-cleanup.md §2: which hooks fire, in
 * which order, that a hook sees the status event already emitted, and that hook or listener
 * failures never change an operation's outcome. Hook dispatch is asynchronous (waited for with a
 * deadline) and ordered, so "hook X did not fire" is asserted once a later hook has arrived.
 */
class HooksTest {
    private final RecordingHooks rec = new RecordingHooks();
    /** Records, at hook time, whether the transition's status event was already in the history. */
    private final List<String> seenAtHookTime = new CopyOnWriteArrayList<>();
    private final AtomicReference<TaskEngine> engineRef = new AtomicReference<>();

    private final TaskcastHooks probe = new TaskcastHooks() {
        @Override
        public void onTaskTransitioned(Task task, TaskStatus from, TaskStatus to) {
            List<TaskEvent> h = engineRef.get().getEvents(task.id(), dev.taskcast.api.EventQuery.ALL);
            boolean emitted = h.stream().anyMatch(e -> TaskEvent.STATUS_TYPE.equals(e.type())
                    && to.wireName().equals(e.data().get("status").textValue()));
            seenAtHookTime.add(to + ":" + emitted);
        }
    };

    private final TaskcastHooks throwing = new TaskcastHooks() {
        @Override
        public void onTaskCreated(Task task) {
            throw new IllegalStateException("hook bug");
        }

        @Override
        public void onTaskTransitioned(Task task, TaskStatus from, TaskStatus to) {
            throw new IllegalStateException("hook bug");
        }

        @Override
        public void onTaskFailed(Task task, TaskError error) {
            throw new Error("worse hook bug");
        }
    };

    private final EngineFixture f = EngineFixture.create(
            b -> b.hooks(new HookDispatcher(List.of(throwing, rec, probe))));

    {
        engineRef.set(f.engine);
    }

    /** The failures below are expected; keep their WARNING stack traces out of the build log. */
    private static final List<java.util.logging.Logger> QUIET = List.of(
            java.util.logging.Logger.getLogger(HookDispatcher.class.getName()),
            java.util.logging.Logger.getLogger(TaskEngine.class.getName()));

    @BeforeAll
    static void quiet() {
        QUIET.forEach(l -> l.setLevel(java.util.logging.Level.SEVERE));
    }

    @AfterAll
    static void loud() {
        QUIET.forEach(l -> l.setLevel(null));
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void onTaskCreatedFiresWithTheCreatedTask() {
        Task t = f.create("a");
        RecordingHooks.Call c = rec.awaitBrief("created:a");
        assertEquals(t, c.task());
    }

    @Test
    void failingWithAnErrorFiresFailedThenTransitioned() {
        f.createRunning("a");
        TaskError err = new TaskError("E1", "boom", null);
        Task failed = f.to("a", TaskStatus.FAILED, null, err);

        rec.awaitBrief("transitioned:a:running>failed");
        assertEquals(List.of("created:a", "transitioned:a:pending>running", "failed:a", "transitioned:a:running>failed"),
                rec.briefsFor("a"));
        RecordingHooks.Call failedCall = rec.calls().stream().filter(c -> c.hook().equals("failed")).findFirst()
                .orElseThrow();
        assertEquals(err, failedCall.error());
        assertEquals(failed, failedCall.task(), "hooks receive the task after the transition");
    }

    @Test
    void failingWithAnErrorCarriedForwardFromAnEarlierTransitionAlsoFiresFailed() {
        f.create("a");
        f.to("a", TaskStatus.RUNNING, null, new TaskError(null, "earlier", null));
        f.to("a", TaskStatus.FAILED);
        rec.awaitBrief("transitioned:a:running>failed");
        assertTrue(rec.briefsFor("a").contains("failed:a"), "the task *now* has an error: " + rec.briefsFor("a"));
    }

    @Test
    void failingWithoutAnyErrorDoesNotFireFailed() {
        f.createRunning("a");
        f.to("a", TaskStatus.FAILED);
        rec.awaitBrief("transitioned:a:running>failed");
        assertFalse(rec.briefsFor("a").contains("failed:a"), rec.briefsFor("a").toString());
    }

    @Test
    void timeoutTransitionFiresTimeoutThenTransitioned() {
        f.create("a");
        f.to("a", TaskStatus.TIMEOUT);
        rec.awaitBrief("transitioned:a:pending>timeout");
        assertEquals(List.of("created:a", "timeout:a", "transitioned:a:pending>timeout"), rec.briefsFor("a"));
    }

    @Test
    void otherTransitionsFireOnlyTransitioned() {
        f.createRunning("a");
        f.to("a", TaskStatus.COMPLETED, null, new TaskError(null, "completed with error", null));
        f.create("b");
        f.to("b", TaskStatus.CANCELLED);
        rec.awaitBrief("transitioned:b:pending>cancelled");
        assertEquals(List.of("created:a", "transitioned:a:pending>running", "transitioned:a:running>completed"),
                rec.briefsFor("a"));
        assertEquals(List.of("created:b", "transitioned:b:pending>cancelled"), rec.briefsFor("b"));
    }

    @Test
    void statusEventIsEmittedBeforeHooksFire() {
        f.createRunning("a");
        f.to("a", TaskStatus.COMPLETED);
        Eventually.await(EngineFixture.ASYNC, () -> seenAtHookTime.size() == 2, () -> "probe hook twice: " + seenAtHookTime);
        assertEquals(List.of("running:true", "completed:true"), seenAtHookTime);
    }

    @Test
    void refusedTransitionFiresNoHook() {
        f.createRunning("a");
        assertThrowsInvalid(() -> f.to("a", TaskStatus.PENDING));
        f.create("marker");
        rec.awaitBrief("created:marker");
        assertEquals(List.of("created:a", "transitioned:a:pending>running"), rec.briefsFor("a"));
    }

    @Test
    void throwingHooksBreakNeitherTheOperationNorLaterHooks() {
        // The throwing hook is registered first and throws on created/transitioned/failed.
        Task t = f.create("a");
        assertEquals(TaskStatus.PENDING, t.status());
        f.to("a", TaskStatus.RUNNING);
        Task failed = f.to("a", TaskStatus.FAILED, null, new TaskError(null, "x", null));
        assertEquals(TaskStatus.FAILED, failed.status());
        rec.awaitBrief("transitioned:a:running>failed");
        assertEquals(List.of("created:a", "transitioned:a:pending>running", "failed:a", "transitioned:a:running>failed"),
                rec.briefsFor("a"));
    }

    @Test
    void creationListenerIsNotifiedAndCanUnsubscribe() {
        List<String> created = new CopyOnWriteArrayList<>();
        var sub = f.engine.onTaskCreated(t -> created.add(t.id()));
        f.engine.onTaskCreated(t -> {
            throw new IllegalStateException("listener bug");
        });
        Task t = f.create("a");
        assertEquals(TaskStatus.PENDING, t.status(), "a throwing listener does not fail the create");
        assertEquals(List.of("a"), created);
        sub.close();
        f.create("b");
        assertEquals(List.of("a"), created);
    }

    @Test
    void emitListenerSeesPublishedAndStatusEventsAfterTheyAreStored() {
        List<TaskEngine.EmittedEvent> emitted = new CopyOnWriteArrayList<>();
        List<Boolean> storedAtNotification = new CopyOnWriteArrayList<>();
        f.engine.onEventEmitted(e -> {
            emitted.add(e);
            storedAtNotification.add(f.history(e.event().taskId()).contains(e.event()));
        });
        f.engine.onEventEmitted(e -> {
            throw new IllegalStateException("listener bug");
        });
        f.create("a");
        f.to("a", TaskStatus.RUNNING);
        TaskEvent p = f.publish("a", "log");
        f.to("a", TaskStatus.COMPLETED);

        assertEquals(f.history("a"), emitted.stream().map(TaskEngine.EmittedEvent::event).toList());
        assertEquals(List.of(true, true, true), storedAtNotification);
        assertEquals(p, emitted.get(1).event());
        assertEquals("a", emitted.get(1).task().id());
        assertEquals(TaskStatus.COMPLETED, emitted.get(2).task().status(),
                "a status event comes with the task after the transition");
    }

    private static void assertThrowsInvalid(org.junit.jupiter.api.function.Executable call) {
        org.junit.jupiter.api.Assertions.assertThrows(InvalidTransitionException.class, call);
    }
}
