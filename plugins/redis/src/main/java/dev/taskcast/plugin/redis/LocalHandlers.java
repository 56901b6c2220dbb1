package dev.taskcast.plugin.redis;

import dev.taskcast.api.BroadcastMessage;
import dev.taskcast.spi.Subscription;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * This instance's broadcast handlers per task. Registering and dispatching never touch Redis: one
 * pattern subscription receives every task's messages and this table decides who gets them.
 */
final class LocalHandlers {
    private static final Logger LOG = System.getLogger(LocalHandlers.class.getName());

    private final ConcurrentHashMap<String, CopyOnWriteArrayList<Registration>> byTask = new ConcurrentHashMap<>();

    /** One {@code subscribe} call: the same handler subscribed twice is two registrations. */
    private final class Registration implements Subscription {
        private final String taskId;
        private final Consumer<BroadcastMessage> handler;
        private final AtomicBoolean closed = new AtomicBoolean();

        Registration(String taskId, Consumer<BroadcastMessage> handler) {
            this.taskId = taskId;
            this.handler = handler;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                // compute* keeps add/remove of one task atomic, so an entry is dropped only when truly empty.
                byTask.computeIfPresent(taskId, (id, list) -> {
                    list.remove(this);
                    return list.isEmpty() ? null : list;
                });
            }
        }
    }

    Subscription add(String taskId, Consumer<BroadcastMessage> handler) {
        Registration r = new Registration(taskId, handler);
        byTask.compute(taskId, (id, list) -> {
            CopyOnWriteArrayList<Registration> l = list == null ? new CopyOnWriteArrayList<>() : list;
            l.add(r);
            return l;
        });
        return r;
    }

    boolean hasHandlers(String taskId) {
        return byTask.containsKey(taskId);
    }

    /** Calls the task's handlers in subscription order; a throwing handler is logged and skipped. */
    void dispatch(String taskId, BroadcastMessage message) {
        CopyOnWriteArrayList<Registration> list = byTask.get(taskId);
        if (list == null) {
            return;
        }
        for (Registration r : list) {
            if (r.closed.get()) {
                continue;
            }
            try {
                r.handler.accept(message);
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
                LOG.log(Level.WARNING, "broadcast handler for task " + taskId + " failed", e);
            }
        }
    }
}
