package dev.taskcast.engine.storage.contract;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Runs the same action on several platform threads released at the same instant, to provoke the
 * races that atomic store operations must survive.
 */
public final class Concurrently {
    private Concurrently() {
    }

    /**
     * Calls {@code action} with 0 .. {@code threads}-1, each on its own thread, all started together.
     * Returns the results in thread order; rethrows the first failure; fails after {@code timeout}.
     */
    public static <T> List<T> run(int threads, Duration timeout, IntFunction<T> action) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int worker = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return action.apply(worker);
                }));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!ready.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                fail("threads did not start within " + timeout);
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return results;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            return fail("concurrent actions did not finish within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@link #run} for actions without a result. */
    public static void runAll(int threads, Duration timeout, IntConsumer action) {
        run(threads, timeout, i -> {
            action.accept(i);
            return null;
        });
    }
}
