package dev.taskcast.engine.storage.contract;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, for providers that deliver asynchronously (Redis pub/sub).
 * It re-checks with a short, growing back-off and fails with a description once the deadline
 * passes; a test never relies on a fixed sleep being "long enough".
 */
public final class Eventually {
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private Eventually() {
    }

    /** Returns as soon as {@code condition} holds; fails with {@code description} after {@code timeout}. */
    public static void await(Duration timeout, BooleanSupplier condition, Supplier<String> description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoff = FIRST_BACKOFF_NANOS;
        while (!condition.getAsBoolean()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                fail("not reached within " + timeout + ": " + description.get());
            }
            LockSupport.parkNanos(Math.min(backoff, remaining));
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
    }
}
