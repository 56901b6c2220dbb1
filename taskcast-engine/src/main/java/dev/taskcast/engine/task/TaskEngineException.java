package dev.taskcast.engine.task;

/** A business error of the engine; the message is the exact user-visible text (http-api.md §3.1). */
public abstract sealed class TaskEngineException extends RuntimeException
        permits TaskNotFoundException, TaskConflictException, InvalidTransitionException, TaskTerminalException {
    protected TaskEngineException(String message) {
        super(message, null, false, false);
    }
}
