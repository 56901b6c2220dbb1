package dev.taskcast.plugin.redis;

import dev.taskcast.api.BroadcastMessage;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.spi.BroadcastProvider;
import dev.taskcast.spi.DependencyHealth;
import dev.taskcast.spi.DependencyUnavailableException;
import dev.taskcast.spi.Subscription;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Broadcast over Redis pub/sub (storage.md §4.5): {@code PUBLISH P:task:{taskId}} on a command
 * connection; one {@code PSUBSCRIBE P:task:*} on a dedicated connection, issued once at startup, so
 * there is no window in which a just-subscribed handler could miss a message (as there would be
 * with a per-task {@code SUBSCRIBE}); every instance receives every task's messages and
 * {@link LocalHandlers} picks the local handlers.
 *
 * <p>Handlers run directly on Lettuce's I/O thread, in arrival order. That is deliberate: the
 * server's handlers only enqueue (they never block), and handing each message to another thread would
 * cost a hop per event and give up the per-connection ordering. A handler that could block must
 * hand off itself (the {@link BroadcastProvider} contract already asks handlers to return quickly).
 */
public final class RedisBroadcast implements BroadcastProvider {
    static final String COMMAND_DEPENDENCY = RedisShortTermStore.DEPENDENCY;
    static final String PUBSUB_DEPENDENCY = "redisPubSub";
    private static final Logger LOG = System.getLogger(RedisBroadcast.class.getName());

    private final SharedRedisClient shared;
    private final RedisKeys keys;
    private final LocalHandlers handlers = new LocalHandlers();
    private final ConnectionMonitor commandMonitor;
    private final RedisCalls commandCalls;
    private final PubSubMonitor pubSubMonitor;
    private final RedisCalls pubSubCalls;
    private StatefulRedisConnection<String, String> commands;
    private StatefulRedisPubSubConnection<String, String> pubSub;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Publishes sent and not yet answered (see {@link #publish}). */
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    static final int MAX_IN_FLIGHT = 256;

    /** Connects both connections and waits until Redis confirmed the pattern subscription. */
    public RedisBroadcast(RedisSettings settings) {
        this.shared = SharedRedisClient.acquire(settings);
        this.keys = new RedisKeys(settings.prefix());
        this.commandMonitor = new ConnectionMonitor(shared);
        this.commandCalls = new RedisCalls(COMMAND_DEPENDENCY, commandMonitor);
        String pattern = keys.channelPattern();
        this.pubSubMonitor = new PubSubMonitor(shared, pattern, this::onMessage);
        this.pubSubCalls = new RedisCalls(PUBSUB_DEPENDENCY, pubSubMonitor);
        try {
            commands = commandCalls.sync(() -> shared.client().connect(Utf8Codec.INSTANCE));
            commands.addListener(commandMonitor);
            pubSub = pubSubCalls.sync(() -> shared.client().connectPubSub(Utf8Codec.INSTANCE));
            pubSub.addListener(pubSubMonitor);
            pubSub.addListener(pubSubMonitor.listener);
            pubSubCalls.await(pubSubCalls.sync(() -> pubSub.async().psubscribe(pattern)));
            if (pubSubMonitor.connected()) {
                pubSubMonitor.confirmedAtStartup();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Sends the {@code PUBLISH} without waiting for Redis' reply: the caller holds the task's emit
     * lock, and messages of one task keep their order because they leave on one connection in
     * that order. A publish refused at once (disconnected: commands are rejected, not queued) is
     * still reported to the caller; one failing later is logged, as the engine would log it.
     */
    @Override
    public void publish(String taskId, BroadcastMessage message) {
        String json = TaskcastJson.writeBroadcast(message);
        // Unanswered publishes are bounded: past the bound, publishing waits for Redis to catch up
        // instead of queueing messages (which carry whole accumulated values) without limit.
        inFlight.acquireUninterruptibly();
        CompletableFuture<Long> sent;
        try {
            sent = commandCalls.sync(() -> commands.async().publish(keys.channel(taskId), json)).toCompletableFuture();
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
        if (sent.isDone()) {
            inFlight.release();
            commandCalls.await(sent); // refused at once (disconnected): the caller hears of it
            return;
        }
        sent.whenComplete((receivers, failure) -> {
            inFlight.release();
            if (failure != null) {
                LOG.log(Level.WARNING, "broadcast of event " + message.event().id() + " failed: "
                        + commandCalls.translate(failure).getMessage());
            }
        });
    }

    @Override
    public Subscription subscribe(String taskId, Consumer<BroadcastMessage> handler) {
        return handlers.add(taskId, handler);
    }

    /** Called when the pub/sub connection drops: messages published until it is re-subscribed are lost. */
    @Override
    public Subscription onDeliveryInterrupted(Runnable listener) {
        return pubSubMonitor.onInterruption(listener);
    }

    /** 503 {@code redisPubSub unavailable (<kind>)} until the pattern subscription is confirmed again. */
    @Override
    public void requireDelivery() {
        if (!pubSubMonitor.subscribed()) {
            String kind = pubSubMonitor.connected() ? RedisFailures.UNAVAILABLE : pubSubMonitor.disconnectedKind();
            throw new DependencyUnavailableException(PUBSUB_DEPENDENCY, kind, null);
        }
    }

    /** Runs on Lettuce's I/O thread; messages for tasks without local handlers are not even parsed. */
    private void onMessage(String channel, String payload) {
        String taskId = keys.taskIdOfChannel(channel);
        if (!handlers.hasHandlers(taskId)) {
            return;
        }
        BroadcastMessage message;
        try {
            message = TaskcastJson.readBroadcast(payload);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "ignoring a message on " + channel + " that is not a valid event JSON");
            return;
        }
        handlers.dispatch(taskId, message);
    }

    /**
     * {@code redisCommand}: a {@code PING} on the publishing connection. {@code redisPubSub}: a
     * {@code PING} on the subscription connection, and unhealthy until the pattern subscription is
     * confirmed again after a reconnect. Both probes run concurrently under one deadline.
     */
    @Override
    public List<DependencyHealth> checkHealth() {
        long start = System.nanoTime();
        CompletionStage<String> commandPing = RedisHealth.send(() -> commands.async().ping());
        CompletionStage<String> pubSubPing = RedisHealth.send(() -> pubSub.async().ping());
        DependencyHealth commandHealth = RedisHealth.result(commandCalls, commandPing, start);
        DependencyHealth pubSubHealth = RedisHealth.result(pubSubCalls, pubSubPing, start);
        if (pubSubHealth.healthy() && !pubSubMonitor.subscribed()) {
            pubSubHealth = DependencyHealth.unhealthy(PUBSUB_DEPENDENCY, RedisFailures.UNAVAILABLE);
        }
        return List.of(commandHealth, pubSubHealth);
    }

    /** Whether the {@code PSUBSCRIBE} is confirmed on the current pub/sub connection (for diagnostics). */
    public boolean subscriptionActive() {
        return pubSubMonitor.subscribed();
    }

    /** Reconnect attempts of this plugin's Redis client since it was created (for diagnostics). */
    public long reconnectAttempts() {
        return shared.reconnectAttempts();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (pubSub != null) {
                pubSub.close();
            }
            if (commands != null) {
                commands.close();
            }
        } finally {
            shared.release();
        }
    }
}
