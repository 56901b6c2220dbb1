package dev.taskcast.plugin.redis;

import dev.taskcast.spi.DependencyHealth;
import dev.taskcast.spi.DependencyUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Readiness probes (http-api.md §4.3): a {@code PING} round trip within
 * {@link RedisSettings#HEALTH_TIMEOUT}. Probes are sent first and awaited afterwards, so several
 * probes of one adapter run concurrently under one deadline.
 */
final class RedisHealth {
    private RedisHealth() {
    }

    /** Sends the ping; a command rejected on the spot becomes a failed reply. */
    static CompletionStage<String> send(Supplier<? extends CompletionStage<String>> ping) {
        try {
            return ping.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Waits for the reply until {@code startNanos + HEALTH_TIMEOUT}. */
    static DependencyHealth result(RedisCalls calls, CompletionStage<String> reply, long startNanos) {
        try {
            long remaining = RedisSettings.HEALTH_TIMEOUT.toNanos() - (System.nanoTime() - startNanos);
            calls.await(reply, Duration.ofNanos(Math.max(remaining, 1)));
            return DependencyHealth.healthy(calls.dependency());
        } catch (DependencyUnavailableException e) {
            return DependencyHealth.unhealthy(calls.dependency(), e.kind());
        } catch (RuntimeException e) {
            return DependencyHealth.unhealthy(calls.dependency(), RedisFailures.UNAVAILABLE);
        }
    }
}
