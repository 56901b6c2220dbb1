package dev.taskcast.server.testing;

import dev.taskcast.api.Task;
import dev.taskcast.api.TaskError;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.api.WebhookConfig;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.spi.TaskcastHooks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Records every hook call in the order the server made it. A test may install a {@link #probe}
 * that each task hook runs at the moment it is called (for example, reading the task's history
 * over HTTP), to check what had already happened when the hook fired.
 */
public final class RecordingHooks implements TaskcastHooks {

    /**
     * One hook call.
     *
     * @param hook        the method name, e.g. {@code onTaskFailed}
     * @param taskId      the task concerned, or {@code null}
     * @param detail      hook-specific: {@code from->to}, the error message, the webhook URL …
     * @param task        the task argument, or {@code null}
     * @param observation what the probe returned when the hook ran ({@code null} without a probe)
     */
    public record Call(String hook, String taskId, String detail, Task task, String observation) {
    }

    private final String channel;
    private final List<Call> calls = new ArrayList<>();
    private volatile Function<String, String> probe;

    RecordingHooks(String channel) {
        this.channel = channel;
    }

    String channel() {
        return channel;
    }

    /** Run by each task hook with the task id; its result is kept as {@link Call#observation()}. */
    public void probe(Function<String, String> probe) {
        this.probe = probe;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls concerning {@code taskId}, in order. */
    public List<Call> callsFor(String taskId) {
        return calls().stream().filter(c -> taskId.equals(c.taskId())).toList();
    }

    /** The calls of one hook, in order. */
    public List<Call> callsOf(String hook) {
        return calls().stream().filter(c -> hook.equals(c.hook())).toList();
    }

    /** Waits until the calls satisfy {@code condition}; returns them. */
    public List<Call> await(Duration timeout, String what, Predicate<List<Call>> condition) {
        Eventually.await(timeout, () -> condition.test(calls()), () -> what + "; calls so far: " + describe());
        return calls();
    }

    /** One line per call, for failure messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Call c : calls()) {
            sb.append("\n  ").append(c.hook()).append(' ').append(c.taskId()).append(' ').append(c.detail())
                    .append(c.observation() == null ? "" : " [" + c.observation() + "]");
        }
        return sb.toString();
    }

    private void record(String hook, String taskId, String detail, Task task) {
        Function<String, String> p = probe;
        String observation = null;
        if (p != null && taskId != null && task != null) {
            try {
                observation = p.apply(taskId);
            } catch (RuntimeException | AssertionError e) {
                observation = "probe failed: " + e;
            }
        }
        synchronized (this) {
            calls.add(new Call(hook, taskId, detail, task, observation));
        }
    }

    @Override
    public void onTaskCreated(Task task) {
        record("onTaskCreated", task.id(), task.status().wireName(), task);
    }

    @Override
    public void onTaskTransitioned(Task task, TaskStatus from, TaskStatus to) {
        record("onTaskTransitioned", task.id(), from.wireName() + "->" + to.wireName(), task);
    }

    @Override
    public void onTaskFailed(Task task, TaskError error) {
        record("onTaskFailed", task.id(), error.message(), task);
    }

    @Override
    public void onTaskTimeout(Task task) {
        record("onTaskTimeout", task.id(), task.status().wireName(), task);
    }

    @Override
    public void onEventDropped(TaskEvent event, String reason) {
        record("onEventDropped", event.taskId(), reason, null);
    }

    @Override
    public void onWebhookFailed(WebhookConfig webhook, String error) {
        record("onWebhookFailed", null, webhook.url() + " " + error, null);
    }

    @Override
    public void onSSEConnect(String taskId, String clientId) {
        record("onSSEConnect", taskId, clientId, null);
    }

    @Override
    public void onSSEDisconnect(String taskId, String clientId, long durationMs) {
        record("onSSEDisconnect", taskId, clientId, null);
    }

    @Override
    public void onUnhandledError(Throwable error, ErrorContext context) {
        record("onUnhandledError", context == null ? null : context.taskId(),
                (context == null ? "?" : context.operation()) + ": " + error, null);
    }
}
