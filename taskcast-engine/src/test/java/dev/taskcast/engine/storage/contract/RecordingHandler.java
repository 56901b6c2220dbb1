package dev.taskcast.engine.storage.contract;

import dev.taskcast.api.BroadcastMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A broadcast handler that records what it receives, in arrival order, and lets a test wait for it. */
public final class RecordingHandler implements Consumer<BroadcastMessage> {
    private final String name;
    private final List<BroadcastMessage> received = new ArrayList<>();

    public RecordingHandler(String name) {
        this.name = name;
    }

    @Override
    public synchronized void accept(BroadcastMessage message) {
        received.add(message);
    }

    public synchronized List<BroadcastMessage> messages() {
        return List.copyOf(received);
    }

    public synchronized int count() {
        return received.size();
    }

    /** The event ids received so far, in arrival order. */
    public synchronized List<String> eventIds() {
        return received.stream().map(m -> m.event().id()).toList();
    }

    /** Waits until at least {@code n} messages arrived and returns them all. */
    public List<BroadcastMessage> awaitCount(int n, Duration timeout) {
        Eventually.await(timeout, () -> count() >= n,
                () -> name + " expected " + n + " messages, received " + eventIds());
        return messages();
    }

    /** Waits until a message for the event with {@code eventId} arrived and returns everything received. */
    public List<BroadcastMessage> awaitEvent(String eventId, Duration timeout) {
        Eventually.await(timeout, () -> eventIds().contains(eventId),
                () -> name + " expected event " + eventId + ", received " + eventIds());
        return messages();
    }
}
