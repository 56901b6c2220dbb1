package dev.taskcast.engine.task;

/** {@code Task not found: <id>} (PATCH and POST events; GET routes say only {@code Task not found}). */
public final class TaskNotFoundException extends TaskEngineException {
    private final String taskId;

    public TaskNotFoundException(String taskId) {
        super("Task not found: " + taskId);
        this.taskId = taskId;
    }

    public String taskId() {
        return taskId;
    }
}
