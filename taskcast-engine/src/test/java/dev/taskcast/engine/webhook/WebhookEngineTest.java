package dev.taskcast.engine.webhook;

import static dev.taskcast.engine.webhook.WebhookFixture.T0;
import static dev.taskcast.engine.webhook.WebhookFixture.hmac;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.hooks.HookDispatcher;
import dev.taskcast.engine.memory.MemoryBroadcast;
import dev.taskcast.engine.memory.MemoryShortTermStore;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.engine.task.NewEvent;
import dev.taskcast.engine.task.NewTask;
import dev.taskcast.engine.task.StatusChange;
import dev.taskcast.engine.task.TaskEngine;
import dev.taskcast.engine.webhook.WebhookFixture.FailureHooks;
import dev.taskcast.engine.webhook.WebhookFixture.RecordingSleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Webhooks end to end (webhooks-hooks-cleanup.md §1.3): the engine emits, the dispatcher delivers. */
class WebhookEngineTest {
    private final Receiver receiver;
    private final AtomicLong clock = new AtomicLong(T0);
    private final FailureHooks failures = new FailureHooks();
    private final TaskEngine engine;
    private final WebhookDispatcher dispatcher;

    WebhookEngineTest() throws Exception {
        receiver = new Receiver();
        engine = TaskEngine.builder(new MemoryShortTermStore(), new MemoryBroadcast())
                .clock(clock::get)
                .hooks(new HookDispatcher(List.of(failures)))
                .build();
        dispatcher = new WebhookDispatcher(engine.hooks(), null, WebhookDispatcher.Limits.DEFAULT,
                WebhookDispatcher.defaultHttpClient(), new RecordingSleeper(null), clock::get);
        dispatcher.attach(engine);
    }

    @AfterEach
    void close() {
        receiver.release();
        dispatcher.close(Duration.ofSeconds(5));
        engine.close();
        receiver.close();
    }

    private void create(String id, String webhooksJson) {
        engine.createTask(new NewTask(id, "llm.chat", null, null, null, null, TaskcastJson.tree(webhooksJson),
                null, null, null, null, null));
    }

    private void awaitIdle() {
        Eventually.await(Receiver.WAIT, () -> dispatcher.outstanding() == 0,
                () -> dispatcher.outstanding() + " deliveries outstanding");
    }

    @Test
    void statusAndUserEventsAreDeliveredInOrderAsStored() {
        create("t", "[{\"url\":\"" + receiver.url() + "\"}]");

        engine.transition("t", StatusChange.to(TaskStatus.RUNNING));
        engine.publish("t", NewEvent.of("log", Level.INFO, TaskcastJson.tree("{\"msg\":\"hi\"}")));
        engine.publish("t", new NewEvent("llm.delta", Level.DEBUG, TaskcastJson.tree("{\"delta\":\"Hel\"}"), "s",
                SeriesMode.ACCUMULATE, null));
        engine.publish("t", new NewEvent("llm.delta", Level.DEBUG, TaskcastJson.tree("{\"delta\":\"lo\"}"), "s",
                SeriesMode.ACCUMULATE, null));
        engine.publish("t", NewEvent.of("empty", Level.INFO, null));
        engine.transition("t", new StatusChange(TaskStatus.COMPLETED, TaskcastJson.tree("{\"answer\":42}"), null,
                null, null, null, null));
        awaitIdle();

        List<TaskEvent> history = engine.getEvents("t", EventQuery.ALL);
        List<Receiver.Request> got = receiver.requests();
        assertEquals(6, got.size());
        for (int i = 0; i < history.size(); i++) {
            assertArrayEquals(TaskcastJson.writeBytes(history.get(i)), got.get(i).body(),
                    "request " + i + " is the stored event");
        }
        assertEquals(List.of("taskcast:status", "log", "llm.delta", "llm.delta", "empty", "taskcast:status"),
                got.stream().map(r -> r.header("X-Taskcast-Event")).toList());
        assertEquals("{\"delta\":\"lo\"}", got.get(3).event().data().toString(), "the delta, not the accumulated value");
        assertNull(got.get(4).event().data());
        assertEquals("{\"status\":\"completed\",\"result\":{\"answer\":42}}", got.get(5).event().data().toString());
        assertEquals(List.of(), failures.failures());
    }

    @Test
    void eachWebhookOfTheTaskAppliesItsOwnFilterAndSecret() throws Exception {
        create("t", "[{\"url\":\"" + receiver.url("/all") + "\"},"
                + "{\"url\":\"" + receiver.url("/user") + "\",\"secret\":\"k\",\"filter\":{\"includeStatus\":false}}]");

        engine.transition("t", StatusChange.to(TaskStatus.RUNNING));
        engine.publish("t", NewEvent.of("log", Level.INFO, null));
        engine.transition("t", StatusChange.to(TaskStatus.CANCELLED));
        awaitIdle();

        List<Receiver.Request> all = receiver.requests().stream().filter(r -> r.path().equals("/all")).toList();
        List<Receiver.Request> user = receiver.requests().stream().filter(r -> r.path().equals("/user")).toList();
        assertEquals(List.of(0L, 1L, 2L), all.stream().map(r -> r.event().index()).toList());
        assertEquals(List.of(1L), user.stream().map(r -> r.event().index()).toList());
        assertEquals(hmac("k", user.getFirst().body()), user.getFirst().header("X-Taskcast-Signature"));
        assertNull(all.getFirst().header("X-Taskcast-Signature"));
    }

    @Test
    void aStalledReceiverNeverDelaysPublishing() {
        receiver.byDefault(Receiver.STALL);
        create("t", "[{\"url\":\"" + receiver.url() + "\",\"retry\":{\"timeoutMs\":60000}}]");

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            engine.transition("t", StatusChange.to(TaskStatus.RUNNING));
            for (int i = 0; i < 200; i++) {
                engine.publish("t", NewEvent.of("log", Level.INFO, null));
            }
            engine.transition("t", StatusChange.to(TaskStatus.COMPLETED));
        });

        assertEquals(202, engine.getEvents("t", EventQuery.ALL).size());
        receiver.release();
        awaitIdle();
        assertEquals(202, receiver.count());
    }

    @Test
    void aFinalFailureReachesTheOnWebhookFailedHook() {
        receiver.byDefault(500);
        create("t", "[{\"url\":\"" + receiver.url() + "\",\"retry\":{\"retries\":1}}]");

        engine.transition("t", StatusChange.to(TaskStatus.RUNNING));
        failures.awaitCount(1);

        assertEquals("Webhook delivery failed after 2 attempts: HTTP 500", failures.errors().getFirst());
        assertEquals(receiver.url(), failures.failures().getFirst().webhook().url());
        assertEquals(TaskStatus.RUNNING, engine.getTask("t").orElseThrow().status(), "the transition stands");
    }
}
