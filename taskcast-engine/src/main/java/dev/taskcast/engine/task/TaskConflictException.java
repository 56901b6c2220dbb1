package dev.taskcast.engine.task;

/** {@code Task already exists: <id>} (409). */
public final class TaskConflictException extends TaskEngineException {
    public TaskConflictException(String taskId) {
        super("Task already exists: " + taskId);
    }
}
