package dev.taskcast.plugin.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import dev.taskcast.spi.Subscription;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The dedicated pub/sub connection's state and messages. Lettuce re-issues the {@code PSUBSCRIBE}
 * by itself after a reconnect; the pattern counts as active again only when Redis confirms it
 * ({@code psubscribed}), so health stays unhealthy in between (storage.md §4.5).
 */
final class PubSubMonitor extends ConnectionMonitor {
    private static final Logger LOG = System.getLogger(PubSubMonitor.class.getName());
    private final String pattern;
    /** Told when the connection drops: messages published from then until the re-subscription are lost. */
    private final List<Runnable> interruptionListeners = new CopyOnWriteArrayList<>();
    private final BiConsumer<String, String> onMessage;
    private volatile boolean subscribed;

    /** Listener registered on the pub/sub connection; delegates to the monitor. */
    final RedisPubSubAdapter<String, String> listener = new RedisPubSubAdapter<>() {
        @Override
        public void message(String pattern, String channel, String message) {
            onMessage.accept(channel, message);
        }

        @Override
        public void psubscribed(String confirmed, long count) {
            if (pattern.equals(confirmed)) {
                subscribed = true;
            }
        }

        @Override
        public void punsubscribed(String removed, long count) {
            if (pattern.equals(removed)) {
                subscribed = false;
            }
        }
    };

    PubSubMonitor(SharedRedisClient client, String pattern, BiConsumer<String, String> onMessage) {
        super(client);
        this.pattern = pattern;
        this.onMessage = onMessage;
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        // Order matters: new subscribers check subscribed() after registering, so one that registers
        // after the listeners ran sees false; one that registered before is ended by a listener.
        subscribed = false;
        super.onRedisDisconnected(connection);
        for (Runnable listener : interruptionListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "delivery-interruption listener failed", e);
            }
        }
    }

    Subscription onInterruption(Runnable listener) {
        interruptionListeners.add(listener);
        return () -> interruptionListeners.remove(listener);
    }

    /** Whether Redis has confirmed the pattern subscription on the current connection. */
    boolean subscribed() {
        return subscribed && connected();
    }

    void confirmedAtStartup() {
        subscribed = true;
    }
}
