package dev.taskcast.engine.memory;

import static dev.taskcast.engine.storage.contract.StorageFixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskcast.api.BroadcastMessage;
import dev.taskcast.engine.storage.contract.Concurrently;
import dev.taskcast.engine.storage.contract.RecordingHandler;
import dev.taskcast.spi.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the memory broadcast promises beyond the shared contract: synchronous, ordered, leak-free. */
class MemoryBroadcastTest {
    private final MemoryBroadcast broadcast = new MemoryBroadcast();

    @Test
    void publishReturnsAfterEveryHandlerRanInSubscriptionOrder() {
        List<String> calls = new ArrayList<>();
        broadcast.subscribe("t", m -> calls.add("first"));
        broadcast.subscribe("t", m -> calls.add("second"));
        broadcast.subscribe("t", m -> calls.add("third"));

        broadcast.publish("t", message("t", 0));

        assertEquals(List.of("first", "second", "third"), calls);
    }

    @Test
    void aMessagePublishedBeforeSubscribingIsNeverDelivered() {
        broadcast.publish("t", message("t", 0));
        RecordingHandler late = new RecordingHandler("late");
        broadcast.subscribe("t", late);

        assertEquals(List.of(), late.messages());
    }

    @Test
    void aSubscriptionClosedDuringAPublishGetsNothingFromIt() {
        RecordingHandler victim = new RecordingHandler("victim");
        AtomicReference<Subscription> victimSubscription = new AtomicReference<>();
        broadcast.subscribe("t", m -> victimSubscription.get().close());
        victimSubscription.set(broadcast.subscribe("t", victim));

        broadcast.publish("t", message("t", 0));

        assertEquals(List.of(), victim.messages());
    }

    @Test
    void theLastUnsubscribeRemovesTheTasksEntry() {
        Subscription one = broadcast.subscribe("t", m -> { });
        Subscription two = broadcast.subscribe("t", m -> { });
        Subscription other = broadcast.subscribe("u", m -> { });

        one.close();
        assertEquals(2, broadcast.subscribedTaskCount());
        two.close();
        two.close();
        other.close();

        assertEquals(0, broadcast.subscribedTaskCount());
    }

    @Test
    void concurrentSubscribersLeaveNoEntryAndDoNotDisturbASteadyHandler() {
        List<BroadcastMessage> received = new CopyOnWriteArrayList<>();
        Subscription steady = broadcast.subscribe("t", received::add);
        List<BroadcastMessage> published = new CopyOnWriteArrayList<>();

        Concurrently.runAll(8, Duration.ofSeconds(30), thread -> {
            for (int n = 0; n < 500; n++) {
                if (thread == 0) {
                    BroadcastMessage m = message("t", n);
                    published.add(m);
                    broadcast.publish("t", m);
                } else {
                    broadcast.subscribe(thread % 2 == 0 ? "t" : "t-" + n, m -> { }).close();
                }
            }
        });

        assertEquals(published, received);
        steady.close();
        assertEquals(0, broadcast.subscribedTaskCount());
    }

    private static BroadcastMessage message(String taskId, long index) {
        return BroadcastMessage.of(event(taskId, index).build());
    }
}
