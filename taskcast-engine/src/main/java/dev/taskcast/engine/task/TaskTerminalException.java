package dev.taskcast.engine.task;

import dev.taskcast.api.TaskStatus;

/** {@code Cannot publish to task in terminal status: <status>} (400). */
public final class TaskTerminalException extends TaskEngineException {
    public TaskTerminalException(TaskStatus status) {
        super("Cannot publish to task in terminal status: " + status.wireName());
    }
}
