package dev.taskcast.engine.task;

import dev.taskcast.api.TaskStatus;

/** {@code Invalid transition: <from> → <to>} (409; the arrow is U+2192). */
public final class InvalidTransitionException extends TaskEngineException {
    public InvalidTransitionException(TaskStatus from, TaskStatus to) {
        super("Invalid transition: " + from.wireName() + " \u2192 " + to.wireName());
    }
}
