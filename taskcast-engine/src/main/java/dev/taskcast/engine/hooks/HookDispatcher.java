package dev.taskcast.engine.hooks;

import dev.taskcast.api.Task;
import dev.taskcast.api.TaskError;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.api.WebhookConfig;
import dev.taskcast.spi.TaskcastHooks;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Fans every callback out to all configured hook providers, in call order, on one background
 * virtual thread: a hook that throws is logged, and a hook that blocks stalls only later hook
 * calls, never the request that fired it. The queue is bounded; calls beyond it are dropped and
 * logged rather than growing memory without limit.
 */
public final class HookDispatcher implements TaskcastHooks, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HookDispatcher.class.getName());
    private static final int QUEUE_CAPACITY = 65_536;

    private final List<TaskcastHooks> hooks;
    private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread worker;
    private volatile boolean closed;

    public HookDispatcher(List<TaskcastHooks> hooks) {
        this.hooks = List.copyOf(hooks);
        this.worker = hooks.isEmpty() ? null : Thread.ofVirtual().name("taskcast-hooks").start(this::run);
    }

    public static HookDispatcher none() {
        return new HookDispatcher(List.of());
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            try {
                Runnable r = queue.poll(200, TimeUnit.MILLISECONDS);
                if (r != null) {
                    r.run();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void fire(String name, Consumer<TaskcastHooks> call) {
        if (worker == null) {
            return;
        }
        Runnable r = () -> {
            for (TaskcastHooks h : hooks) {
                try {
                    call.accept(h);
                } catch (RuntimeException | Error e) {
                    LOG.log(Level.WARNING, "hook " + h.getClass().getName() + "." + name + " failed", e);
                }
            }
        };
        if (!queue.offer(r)) {
            LOG.log(Level.WARNING, "hook queue full; dropped " + name);
        }
    }

    @Override
    public void onTaskCreated(Task task) {
        fire("onTaskCreated", h -> h.onTaskCreated(task));
    }

    @Override
    public void onTaskTransitioned(Task task, TaskStatus from, TaskStatus to) {
        fire("onTaskTransitioned", h -> h.onTaskTransitioned(task, from, to));
    }

    @Override
    public void onTaskFailed(Task task, TaskError error) {
        fire("onTaskFailed", h -> h.onTaskFailed(task, error));
    }

    @Override
    public void onTaskTimeout(Task task) {
        fire("onTaskTimeout", h -> h.onTaskTimeout(task));
    }

    @Override
    public void onEventDropped(TaskEvent event, String reason) {
        fire("onEventDropped", h -> h.onEventDropped(event, reason));
    }

    @Override
    public void onWebhookFailed(WebhookConfig webhook, String error) {
        fire("onWebhookFailed", h -> h.onWebhookFailed(webhook, error));
    }

    @Override
    public void onSSEConnect(String taskId, String clientId) {
        fire("onSSEConnect", h -> h.onSSEConnect(taskId, clientId));
    }

    @Override
    public void onSSEDisconnect(String taskId, String clientId, long durationMs) {
        fire("onSSEDisconnect", h -> h.onSSEDisconnect(taskId, clientId, durationMs));
    }

    @Override
    public void onUnhandledError(Throwable error, ErrorContext context) {
        fire("onUnhandledError", h -> h.onUnhandledError(error, context));
    }

    /** Deliver what is queued (up to a short deadline), then stop. */
    @Override
    public void close() {
        closed = true;
        if (worker != null) {
            try {
                worker.join(java.time.Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
