package dev.taskcast.engine.memory;

import dev.taskcast.api.BroadcastMessage;
import dev.taskcast.spi.BroadcastProvider;
import dev.taskcast.spi.Subscription;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * In-process fan-out (storage.md §1): {@link #publish} calls the task's handlers synchronously on
 * the publisher's thread, in subscription order. A handler that throws is logged and skipped.
 *
 * <p>A task's handler list exists only while it has handlers, so tasks that were watched once do
 * not leave entries behind. Lists are only changed inside {@link ConcurrentHashMap#compute}, which
 * makes "remove the last handler and drop the list" atomic with a concurrent subscribe;
 * publishers iterate a copy-on-write snapshot without locking.
 */
public final class MemoryBroadcast implements BroadcastProvider {
    private static final System.Logger LOG = System.getLogger(MemoryBroadcast.class.getName());

    private final ConcurrentHashMap<String, CopyOnWriteArrayList<Registration>> handlersByTask =
            new ConcurrentHashMap<>();

    @Override
    public void publish(String taskId, BroadcastMessage message) {
        CopyOnWriteArrayList<Registration> registrations = handlersByTask.get(taskId);
        if (registrations == null) {
            return;
        }
        for (Registration registration : registrations) {
            registration.deliver(taskId, message);
        }
    }

    @Override
    public Subscription subscribe(String taskId, Consumer<BroadcastMessage> handler) {
        Objects.requireNonNull(taskId, "taskId");
        Registration registration = new Registration(Objects.requireNonNull(handler, "handler"));
        handlersByTask.compute(taskId, (id, list) -> {
            CopyOnWriteArrayList<Registration> registrations = list != null ? list : new CopyOnWriteArrayList<>();
            registrations.add(registration);
            return registrations;
        });
        return () -> unsubscribe(taskId, registration);
    }

    /** Number of tasks that currently have at least one handler (lets tests prove nothing leaks). */
    int subscribedTaskCount() {
        return handlersByTask.size();
    }

    private void unsubscribe(String taskId, Registration registration) {
        if (!registration.active.compareAndSet(true, false)) {
            return;
        }
        handlersByTask.computeIfPresent(taskId, (id, registrations) -> {
            registrations.remove(registration);
            return registrations.isEmpty() ? null : registrations;
        });
    }

    /**
     * One subscribe call. Identity matters: the same handler subscribed twice is two registrations,
     * and closing one of them removes only that one. A closed registration also stops receiving
     * from a publish that had already taken its snapshot of the list.
     */
    private static final class Registration {
        private final Consumer<BroadcastMessage> handler;
        private final AtomicBoolean active = new AtomicBoolean(true);

        Registration(Consumer<BroadcastMessage> handler) {
            this.handler = handler;
        }

        void deliver(String taskId, BroadcastMessage message) {
            if (!active.get()) {
                return;
            }
            try {
                handler.accept(message);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable e) {
                LOG.log(Level.WARNING, "broadcast handler for task " + taskId + " failed on event "
                        + message.event().id(), e);
            }
        }
    }
}
