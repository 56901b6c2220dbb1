package dev.taskcast.spi;

import dev.taskcast.api.Task;
import dev.taskcast.api.TaskError;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.api.WebhookConfig;

/**
 * Callbacks fired at documented points of a task's life (webhooks-hooks-cleanup.md §2). Every method
 * is a no-op by default. Hooks observe; they cannot change a request's outcome: the server catches,
 * logs and time-boxes what they do.
 */
public interface TaskcastHooks {

    /** Where a failure reported through {@link #onUnhandledError} happened. */
    record ErrorContext(String operation, String taskId) {
    }

    default void onTaskCreated(Task task) {
    }

    default void onTaskTransitioned(Task task, TaskStatus from, TaskStatus to) {
    }

    default void onTaskFailed(Task task, TaskError error) {
    }

    default void onTaskTimeout(Task task) {
    }

    /** An asynchronous long-term write failed; {@code event} is the accumulated form for accumulate series. */
    default void onEventDropped(TaskEvent event, String reason) {
    }

    default void onWebhookFailed(WebhookConfig webhook, String error) {
    }

    default void onSSEConnect(String taskId, String clientId) {
    }

    default void onSSEDisconnect(String taskId, String clientId, long durationMs) {
    }

    default void onUnhandledError(Throwable error, ErrorContext context) {
    }
}
