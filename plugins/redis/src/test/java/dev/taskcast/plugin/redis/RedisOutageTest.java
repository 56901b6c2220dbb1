package dev.taskcast.plugin.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.api.BroadcastMessage;
import dev.taskcast.api.Level;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.engine.storage.contract.RecordingHandler;
import dev.taskcast.spi.DependencyHealth;
import dev.taskcast.spi.DependencyUnavailableException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis going away and coming back, simulated with a {@link TcpProxy}: operations fail fast with a
 * 503-style {@link DependencyUnavailableException}, health turns unhealthy, and after the reconnect
 * the pattern subscription is restored before pub/sub reports healthy (storage.md §4.5).
 */
class RedisOutageTest {
    private static final String PREFIX = RedisTestSupport.newPrefix();
    private static final Duration RECOVERY = Duration.ofSeconds(20);
    private static final Set<String> LOST_KINDS = Set.of("connection_refused", "connection_reset", "connection_closed");
    private static String url;
    private TcpProxy proxy;
    private String proxiedUrl;

    @BeforeAll
    static void requireRedis() {
        url = RedisTestSupport.url();
    }

    @AfterAll
    static void deleteKeys() {
        if (url != null) {
            RedisTestSupport.deleteKeys(url, PREFIX);
        }
    }

    @BeforeEach
    void startProxy() throws Exception {
        URI target = URI.create(url);
        proxy = new TcpProxy(target.getHost(), target.getPort() < 0 ? 6379 : target.getPort());
        proxiedUrl = new URI(target.getScheme(), target.getUserInfo(), "127.0.0.1", proxy.port(), target.getPath(),
                target.getQuery(), null).toString();
    }

    @AfterEach
    void stopProxy() throws Exception {
        proxy.close();
    }

    @Test
    void storeFailsFastWhileRedisIsAwayAndRecoversAfterwards() throws Exception {
        try (RedisShortTermStore store = new RedisShortTermStore(new RedisSettings(proxiedUrl, PREFIX))) {
            assertEquals(List.of(DependencyHealth.healthy("redisCommand")), store.checkHealth());

            proxy.cut();

            DependencyUnavailableException failure = awaitFailure(() -> store.nextIndex("t"));
            assertEquals("redisCommand", failure.dependency());
            assertTrue(LOST_KINDS.contains(failure.kind()), failure.kind());
            DependencyHealth health = store.checkHealth().get(0);
            assertFalse(health.healthy());
            assertTrue(LOST_KINDS.contains(health.errorKind()), health.errorKind());

            proxy.restore();

            Eventually.await(RECOVERY, () -> store.checkHealth().get(0).healthy(), () -> "store did not recover");
            store.nextIndex("t");
        }
    }

    @Test
    void pubSubIsHealthyAgainOnlyWithThePatternSubscriptionRestored() throws Exception {
        try (RedisBroadcast broadcast = new RedisBroadcast(new RedisSettings(proxiedUrl, PREFIX));
             RedisBroadcast direct = new RedisBroadcast(new RedisSettings(url, PREFIX))) {
            assertEquals(List.of(DependencyHealth.healthy("redisCommand"), DependencyHealth.healthy("redisPubSub")),
                    broadcast.checkHealth());
            RecordingHandler handler = new RecordingHandler("behind the proxy");
            broadcast.subscribe("t", handler);

            proxy.cut();

            Eventually.await(RECOVERY, () -> !broadcast.subscriptionActive(), () -> "still subscribed");
            List<DependencyHealth> down = broadcast.checkHealth();
            assertFalse(down.get(0).healthy());
            assertFalse(down.get(1).healthy());
            assertEquals("redisPubSub", down.get(1).dependency());
            assertThrows(DependencyUnavailableException.class, () -> broadcast.publish("t", message(0)));

            proxy.restore();

            Eventually.await(RECOVERY, () -> broadcast.checkHealth().stream().allMatch(DependencyHealth::healthy),
                    () -> "health " + broadcast.checkHealth());
            assertTrue(broadcast.subscriptionActive());
            assertTrue(broadcast.reconnectAttempts() > 0);
            BroadcastMessage after = message(1);
            direct.publish("t", after);
            assertEquals(List.of(after), handler.awaitCount(1, RECOVERY), "the restored PSUBSCRIBE delivers again");
        }
    }

    @Test
    void startingWithoutRedisFailsWithTheConnectionError() throws Exception {
        int unused;
        try (ServerSocket probe = new ServerSocket(0)) {
            unused = probe.getLocalPort();
        }
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> new RedisShortTermStore(new RedisSettings("redis://127.0.0.1:" + unused, PREFIX)));
        assertEquals("connection_refused", e.kind());
        assertThrows(DependencyUnavailableException.class,
                () -> new RedisBroadcast(new RedisSettings("redis://127.0.0.1:" + unused, PREFIX)));
    }

    private static DependencyUnavailableException awaitFailure(Runnable operation) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                operation.run();
            } catch (DependencyUnavailableException e) {
                return e;
            }
        }
        throw new AssertionError("the operation kept succeeding with Redis away");
    }

    private static BroadcastMessage message(int i) {
        return BroadcastMessage.of(new TaskEvent("e" + i, "t", i, i, "log", Level.INFO, null, null, null, null, null));
    }
}
