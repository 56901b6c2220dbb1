package dev.taskcast.engine.task;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The per-task emit sequence (model.md §5.4 step 3) as striped locks: a fixed array of locks
 * indexed by task id, so there is no per-task lock object to create or leak. Two tasks sharing
 * a stripe merely serialize briefly. ReentrantLock, not synchronized, so virtual threads that
 * block on store I/O inside the sequence unmount instead of pinning their carrier.
 */
final class TaskLocks {
    private static final int STRIPES = 4096;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    TaskLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    ReentrantLock forTask(String taskId) {
        int h = taskId.hashCode();
        return locks[(h ^ (h >>> 16)) & (STRIPES - 1)];
    }
}
