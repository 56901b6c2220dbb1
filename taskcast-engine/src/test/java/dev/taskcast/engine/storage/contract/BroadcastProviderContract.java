package dev.taskcast.engine.storage.contract;

import static dev.taskcast.engine.storage.contract.StorageFixtures.event;
import static dev.taskcast.engine.storage.contract.StorageFixtures.json;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.taskcast.api.BroadcastMessage;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.spi.BroadcastProvider;
import dev.taskcast.spi.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broadcast contract (storage.md §1) as a reusable suite: a provider module extends this class
 * and implements {@link #newProvider()}.
 *
 * <p>Delivery may be asynchronous (Redis pub/sub), so every positive assertion waits with a deadline.
 * A negative one ("H did not receive m") is made only after a later sentinel message has reached a
 * handler that would have been dispatched together with H, which makes it order-based instead of
 * time-based. Messages published after {@code subscribe} returns must reach the handler: the SSE
 * endpoint subscribes before it replays history and relies on that.
 */
public abstract class BroadcastProviderContract {
    /** The provider under test: a fresh one per test (it may share its backing service with others). */
    protected BroadcastProvider provider;
    private final String prefix = StorageFixtures.uniquePrefix();
    private final List<Subscription> subscriptions = new ArrayList<>();

    /** A provider for one test; called once before every test. */
    protected abstract BroadcastProvider newProvider();

    /** Releases what {@link #newProvider()} created; by default closes it. */
    protected void releaseProvider(BroadcastProvider released) throws Exception {
        released.close();
    }

    /** Whether two providers from {@link #newProvider()} reach each other's subscribers (true for Redis). */
    protected boolean providersShareDelivery() {
        return false;
    }

    /** How long to wait for an expected delivery. */
    protected Duration timeout() {
        return Duration.ofSeconds(10);
    }

    @BeforeEach
    void openProvider() {
        provider = newProvider();
    }

    @AfterEach
    void closeProvider() throws Exception {
        try {
            subscriptions.forEach(Subscription::close);
        } finally {
            releaseProvider(provider);
        }
    }

    @Test
    void deliversToEveryHandlerOfTheTaskAndToNoOtherTask() {
        String task = taskId("t");
        String otherTask = taskId("other");
        RecordingHandler first = subscribe(task, "first");
        RecordingHandler second = subscribe(task, "second");
        RecordingHandler other = subscribe(otherTask, "other");
        BroadcastMessage message = message(task, 0);
        BroadcastMessage sentinel = message(otherTask, 0);

        provider.publish(task, message);
        provider.publish(otherTask, sentinel);

        assertEquals(List.of(message), first.awaitCount(1, timeout()));
        assertEquals(List.of(message), second.awaitCount(1, timeout()));
        assertEquals(List.of(sentinel), other.awaitCount(1, timeout()));
        BroadcastMessage sentinelForTask = message(task, 1);
        provider.publish(task, sentinelForTask);
        first.awaitEvent(sentinelForTask.event().id(), timeout());
        assertEquals(List.of(sentinel), other.messages(), "a task's messages reach only its own handlers");
    }

    @Test
    void publishingToATaskWithoutHandlersDoesNothing() {
        assertDoesNotThrow(() -> provider.publish(taskId("nobody"), message(taskId("nobody"), 0)));
    }

    @Test
    void keepsThePublishOrderOfOnePublisher() {
        String task = taskId("t");
        RecordingHandler handler = subscribe(task, "handler");
        List<BroadcastMessage> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            BroadcastMessage m = message(task, i);
            sent.add(m);
            provider.publish(task, m);
        }

        assertEquals(sent, handler.awaitCount(sent.size(), timeout()));
    }

    @Test
    void aThrowingHandlerAffectsNeitherOtherHandlersNorThePublisher() {
        String task = taskId("t");
        AtomicInteger calls = new AtomicInteger();
        subscriptions.add(provider.subscribe(task, m -> {
            calls.incrementAndGet();
            throw new IllegalStateException("handler failure (expected by the test)");
        }));
        RecordingHandler healthy = subscribe(task, "healthy");
        BroadcastMessage first = message(task, 0);
        BroadcastMessage second = message(task, 1);

        assertDoesNotThrow(() -> provider.publish(task, first));
        assertDoesNotThrow(() -> provider.publish(task, second));

        assertEquals(List.of(first, second), healthy.awaitCount(2, timeout()));
        Eventually.await(timeout(), () -> calls.get() == 2, () -> "throwing handler calls: " + calls.get());
    }

    @Test
    void closingASubscriptionStopsDelivery() {
        String task = taskId("t");
        RecordingHandler leaving = subscribe(task, "leaving");
        RecordingHandler staying = subscribe(task, "staying");
        BroadcastMessage before = message(task, 0);
        provider.publish(task, before);
        leaving.awaitCount(1, timeout());
        staying.awaitCount(1, timeout());

        subscriptions.remove(0).close();
        BroadcastMessage after = message(task, 1);
        BroadcastMessage sentinel = message(task, 2);
        provider.publish(task, after);
        provider.publish(task, sentinel);

        assertEquals(List.of(before, after, sentinel), staying.awaitCount(3, timeout()));
        assertEquals(List.of(before), leaving.messages(), "nothing after the subscription was closed");
    }

    @Test
    void closingTwiceRemovesOnlyThatRegistration() {
        String task = taskId("t");
        RecordingHandler handler = new RecordingHandler("twice");
        Subscription one = provider.subscribe(task, handler);
        subscriptions.add(provider.subscribe(task, handler));
        BroadcastMessage both = message(task, 0);
        provider.publish(task, both);
        handler.awaitCount(2, timeout());

        one.close();
        one.close();
        BroadcastMessage single = message(task, 1);
        BroadcastMessage sentinel = message(task, 2);
        provider.publish(task, single);
        provider.publish(task, sentinel);

        handler.awaitEvent(sentinel.event().id(), timeout());
        assertEquals(List.of(both, both, single, sentinel), handler.messages(),
                "the second registration of the same handler survives both closes");
    }

    @Test
    void subscribingAgainAfterTheLastHandlerLeftReceivesAgain() {
        String task = taskId("t");
        RecordingHandler first = new RecordingHandler("first");
        provider.subscribe(task, first).close();
        RecordingHandler again = subscribe(task, "again");
        BroadcastMessage m = message(task, 0);

        provider.publish(task, m);

        assertEquals(List.of(m), again.awaitCount(1, timeout()));
        assertEquals(List.of(), first.messages());
    }

    @Test
    void carriesTheEventAndTheAccumulatedValueUnchanged() {
        String task = taskId("t");
        RecordingHandler handler = subscribe(task, "handler");
        TaskEvent delta = event(task, 3).type("llm.delta").level(Level.DEBUG).delta("s", "lo").accField("delta").build();
        List<BroadcastMessage> sent = List.of(
                new BroadcastMessage(delta, json("{\"delta\":\"Hello\",\"n\":[1,null]}")),
                BroadcastMessage.of(event(task, 4).noData().build()),
                BroadcastMessage.of(event(task, 5).data(NullNode.getInstance()).build()),
                BroadcastMessage.of(event(task, 6).series("p", SeriesMode.LATEST).data("\"ü\"").build()));

        sent.forEach(m -> provider.publish(task, m));

        List<BroadcastMessage> received = handler.awaitCount(sent.size(), timeout());
        assertEquals(sent, received);
        assertNull(received.get(1).event().data(), "absent data stays absent");
        assertNull(received.get(1).accumulatedData(), "no accumulated value unless one was sent");
    }

    @Test
    void providersSharingABackingServiceDeliverToEachOther() throws Exception {
        assumeTrue(providersShareDelivery(), "the provider delivers within one instance only");
        BroadcastProvider publisher = newProvider();
        try {
            String task = taskId("t");
            RecordingHandler handler = subscribe(task, "handler");
            BroadcastMessage m = message(task, 0);

            publisher.publish(task, m);

            assertEquals(List.of(m), handler.awaitCount(1, timeout()));
        } finally {
            releaseProvider(publisher);
        }
    }

    /** A task id unique to this test. */
    protected String taskId(String name) {
        return prefix + name;
    }

    /** Subscribes a recording handler that is closed after the test. */
    protected RecordingHandler subscribe(String taskId, String name) {
        RecordingHandler handler = new RecordingHandler(name);
        subscriptions.add(provider.subscribe(taskId, handler));
        return handler;
    }

    private static BroadcastMessage message(String taskId, long index) {
        return BroadcastMessage.of(event(taskId, index).build());
    }
}
