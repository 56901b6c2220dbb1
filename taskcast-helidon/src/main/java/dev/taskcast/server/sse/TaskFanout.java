package dev.taskcast.server.sse;

import dev.taskcast.engine.task.TaskEngine;
import dev.taskcast.spi.Subscription;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One broadcast subscription per task per instance, fanned out to that task's local streams. The
 * message is wrapped once in a {@link LiveEvent}, so its JSON is built once per form for all of
 * them, and the broadcast layer (Redis pub/sub) sees one subscriber per task however many
 * clients watch it. Also counts the task's open streams ({@code subscriberCount}).
 */
public final class TaskFanout {
    private final TaskEngine engine;
    private final Map<String, Hub> hubs = new ConcurrentHashMap<>();

    private static final class Hub {
        final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
        Subscription subscription;
    }

    public TaskFanout(TaskEngine engine) {
        this.engine = engine;
    }

    /** Registers {@code s}; when this returns, every event broadcast from now on reaches it. */
    void join(String taskId, Subscriber s) {
        hubs.compute(taskId, (id, hub) -> {
            Hub h = hub != null ? hub : new Hub();
            if (h.subscription == null) {
                h.subscription = engine.subscribe(id, message -> {
                    LiveEvent event = new LiveEvent(message);
                    for (Subscriber sub : h.subscribers) {
                        sub.offer(event);
                    }
                });
            }
            h.subscribers.add(s);
            return h;
        });
    }

    void leave(String taskId, Subscriber s) {
        hubs.computeIfPresent(taskId, (id, h) -> {
            h.subscribers.remove(s);
            if (h.subscribers.isEmpty()) {
                h.subscription.close();
                return null;
            }
            return h;
        });
    }

    /** Open task streams for {@code taskId} on this instance. */
    public int subscriberCount(String taskId) {
        Hub h = hubs.get(taskId);
        return h == null ? 0 : h.subscribers.size();
    }

    /** Total open task streams on this instance. */
    public int totalSubscribers() {
        int n = 0;
        for (Hub h : hubs.values()) {
            n += h.subscribers.size();
        }
        return n;
    }

    /** End every open stream (graceful shutdown). */
    public void closeAll() {
        for (Hub h : hubs.values()) {
            for (Subscriber s : h.subscribers) {
                s.close();
            }
        }
    }
}
