package dev.taskcast.engine.task;

import dev.taskcast.api.TaskStatus;
import java.util.EnumSet;
import java.util.Set;

/** Phase-1 transition table of model.md §3. Later-extension states are valid input but unreachable. */
public final class StateMachine {
    private static final Set<TaskStatus> FROM_PENDING = EnumSet.of(TaskStatus.RUNNING, TaskStatus.TIMEOUT, TaskStatus.CANCELLED);
    private static final Set<TaskStatus> FROM_RUNNING =
            EnumSet.of(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.TIMEOUT, TaskStatus.CANCELLED);

    private StateMachine() {
    }

    public static boolean canTransition(TaskStatus from, TaskStatus to) {
        return switch (from) {
            case PENDING -> FROM_PENDING.contains(to);
            case RUNNING -> FROM_RUNNING.contains(to);
            default -> false;
        };
    }
}
