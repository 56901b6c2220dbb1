package dev.taskcast.plugin.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.event.connection.ConnectedEvent;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;

/**
 * One Lettuce client (and its Netty event loops) per Redis URL, shared by every adapter of this
 * plugin that uses that URL: a server with a Redis broadcast and a Redis short-term store then runs
 * one set of I/O threads. Reference-counted; the last {@link #release()} shuts it down.
 */
final class SharedRedisClient {
    private static final Map<String, SharedRedisClient> BY_URL = new HashMap<>();

    private final String url;
    private final ClientResources resources;
    private final HashedWheelTimer timer;
    private final RedisClient client;
    private final Disposable eventSubscription;
    private final AtomicLong reconnectAttempts = new AtomicLong();
    private volatile String lastReconnectFailureKind;
    private int leases;

    private SharedRedisClient(RedisSettings settings) {
        this.url = settings.url();
        RedisURI uri = settings.redisUri(); // first: a malformed URL must fail before threads are started
        // Reconnect quickly (capped at 2 s) because commands are rejected, not queued, while disconnected.
        // Command timeouts run on this timer, and a finished command (with its arguments: pointers
        // and messages can be tens of KiB) stays referenced from its cancelled timeout until the
        // timer's next tick. With Lettuce's default 100 ms tick that outlives several young
        // collections under load and the old generation fills with promoted garbage (1.4 GB in 20 s
        // of batch publishing); a 10 ms tick lets it die young (docs/performance.md).
        this.timer = new HashedWheelTimer(new DefaultThreadFactory("taskcast-redis-timer", true), 10,
                TimeUnit.MILLISECONDS);
        this.resources = DefaultClientResources.builder()
                .timer(timer)
                // No command latency collector: unused, and Lettuce decides whether it can build one by
                // probing the thread's context class loader (the server's), which may see LatencyUtils
                // when this plugin's loader does not -> NoClassDefFoundError at startup.
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Fail fast with a 503 instead of parking requests until the command timeout.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(RedisSettings.COMMAND_TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(RedisSettings.CONNECT_TIMEOUT).keepAlive(true).build())
                .build());
        this.eventSubscription = resources.eventBus().get().subscribe(event -> {
            if (event instanceof ReconnectFailedEvent failed) {
                String kind = RedisFailures.kindOf(failed.getCause(), null);
                lastReconnectFailureKind = kind != null ? kind : RedisFailures.UNAVAILABLE;
            } else if (event instanceof ReconnectAttemptEvent) {
                reconnectAttempts.incrementAndGet();
            } else if (event instanceof ConnectedEvent) {
                lastReconnectFailureKind = null;
            }
        });
    }

    /** The client for {@code settings.url()}, created on first use. */
    static SharedRedisClient acquire(RedisSettings settings) {
        synchronized (BY_URL) {
            SharedRedisClient shared = BY_URL.computeIfAbsent(settings.url(), u -> new SharedRedisClient(settings));
            shared.leases++;
            return shared;
        }
    }

    /** Gives one {@link #acquire} back; call exactly once per acquire. */
    void release() {
        synchronized (BY_URL) {
            if (--leases > 0) {
                return;
            }
            BY_URL.remove(url, this);
        }
        eventSubscription.dispose();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
        timer.stop(); // ours, not Lettuce's: it does not stop a timer it was given
    }

    RedisClient client() {
        return client;
    }

    /** Reconnect attempts made by any connection of this client since it was created. */
    long reconnectAttempts() {
        return reconnectAttempts.get();
    }

    /** Why the last reconnect attempt failed, until a connection succeeds again. */
    String lastReconnectFailureKind() {
        return lastReconnectFailureKind;
    }
}
