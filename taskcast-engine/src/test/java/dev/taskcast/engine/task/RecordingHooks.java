package dev.taskcast.engine.task;

import dev.taskcast.api.Task;
import dev.taskcast.api.TaskError;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.spi.TaskcastHooks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A {@link TaskcastHooks} that records every call in order, for tests of hook firing. */
public final class RecordingHooks implements TaskcastHooks {

    /** One recorded call: the hook name, the task id (or event id) and the hook's arguments. */
    public record Call(String hook, String taskId, Task task, TaskStatus from, TaskStatus to, TaskError error,
                       TaskEvent event, String reason) {
        /** Compact form for order assertions, e.g. {@code transitioned:t:running>failed}. */
        public String brief() {
            return switch (hook) {
                case "transitioned" -> hook + ":" + taskId + ":" + from + ">" + to;
                case "dropped" -> hook + ":" + taskId + ":" + event.type();
                default -> hook + ":" + taskId;
            };
        }
    }

    private final List<Call> calls = new ArrayList<>();

    private synchronized void add(Call c) {
        calls.add(c);
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<String> briefs() {
        return calls().stream().map(Call::brief).toList();
    }

    public List<String> briefsFor(String taskId) {
        return calls().stream().filter(c -> taskId.equals(c.taskId())).map(Call::brief).toList();
    }

    public synchronized boolean has(Predicate<Call> p) {
        return calls.stream().anyMatch(p);
    }

    /** Waits (with a deadline) until a call matching {@code p} has been recorded. */
    public Call await(Predicate<Call> p, String what) {
        Eventually.await(EngineFixture.ASYNC, () -> has(p), () -> what + "; recorded so far: " + briefs());
        return calls().stream().filter(p).findFirst().orElseThrow();
    }

    public Call awaitBrief(String brief) {
        return await(c -> c.brief().equals(brief), brief);
    }

    @Override
    public void onTaskCreated(Task task) {
        add(new Call("created", task.id(), task, null, null, null, null, null));
    }

    @Override
    public void onTaskTransitioned(Task task, TaskStatus from, TaskStatus to) {
        add(new Call("transitioned", task.id(), task, from, to, null, null, null));
    }

    @Override
    public void onTaskFailed(Task task, TaskError error) {
        add(new Call("failed", task.id(), task, null, null, error, null, null));
    }

    @Override
    public void onTaskTimeout(Task task) {
        add(new Call("timeout", task.id(), task, null, null, null, null, null));
    }

    @Override
    public void onEventDropped(TaskEvent event, String reason) {
        add(new Call("dropped", event.taskId(), null, null, null, null, event, reason));
    }
}
