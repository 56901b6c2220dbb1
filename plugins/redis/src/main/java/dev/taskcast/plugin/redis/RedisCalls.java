package dev.taskcast.plugin.redis;

import dev.taskcast.spi.DependencyUnavailableException;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs commands on one connection and turns "Redis cannot be reached" into
 * {@link DependencyUnavailableException} (a 503), leaving every other failure as it is.
 */
final class RedisCalls {
    /** Lettuce times commands out itself; this only guards against a future that is never completed. */
    private static final Duration SAFETY_MARGIN = Duration.ofSeconds(1);

    private final String dependency;
    private final ConnectionMonitor monitor;

    RedisCalls(String dependency, ConnectionMonitor monitor) {
        this.dependency = dependency;
        this.monitor = monitor;
    }

    String dependency() {
        return dependency;
    }

    /** A blocking (sync API) call. */
    <T> T sync(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** Waits for an asynchronous command (one of a pipeline) and returns its result. */
    <T> T await(CompletionStage<T> future) {
        return await(future, RedisSettings.COMMAND_TIMEOUT.plus(SAFETY_MARGIN));
    }

    <T> T await(CompletionStage<T> future, Duration timeout) {
        try {
            return future.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw translate(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            future.toCompletableFuture().cancel(false);
            throw new DependencyUnavailableException(dependency, RedisFailures.TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException(dependency, RedisFailures.UNAVAILABLE, e);
        }
    }

    RuntimeException translate(Throwable failure) {
        if (failure instanceof DependencyUnavailableException d) {
            return d;
        }
        String kind = RedisFailures.kindOf(failure, monitor.disconnectedKind());
        if (kind != null) {
            return new DependencyUnavailableException(dependency, kind, failure);
        }
        return failure instanceof RuntimeException re ? re : new RedisException(failure);
    }
}
