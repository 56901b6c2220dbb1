package dev.taskcast.plugin.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.spi.BroadcastFactory;
import dev.taskcast.spi.PluginContext;
import dev.taskcast.spi.ShortTermStoreFactory;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Options, environment fallbacks and names; no Redis needed. */
class RedisSettingsTest {

    @Test
    void optionsWinOverTheEnvironment() {
        RedisSettings s = RedisSettings.from(new PluginContext(Map.of("url", "redis://opt:1", "prefix", "optp"),
                Map.of("TASKCAST_REDIS_URL", "redis://env:2", "TASKCAST_REDIS_PREFIX", "envp")));

        assertEquals(new RedisSettings("redis://opt:1", "optp"), s);
    }

    @Test
    void theEnvironmentFillsMissingOrEmptyOptions() {
        RedisSettings s = RedisSettings.from(new PluginContext(Map.of("url", ""),
                Map.of("TASKCAST_REDIS_URL", "redis://env:2", "TASKCAST_REDIS_PREFIX", "envp")));

        assertEquals(new RedisSettings("redis://env:2", "envp"), s);
    }

    @Test
    void thePrefixDefaultsToTaskcast() {
        RedisSettings s = RedisSettings.from(new PluginContext(Map.of("url", "redis://h:1"),
                Map.of("TASKCAST_REDIS_PREFIX", "")));

        assertEquals("taskcast", s.prefix());
        assertEquals("taskcast:task:t", new RedisKeys(s.prefix()).task("t"));
    }

    @Test
    void aMissingUrlIsAClearConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisSettings.from(new PluginContext(Map.of("provider", "redis"), Map.of())));

        assertTrue(e.getMessage().contains("TASKCAST_REDIS_URL"), e.getMessage());
    }

    @Test
    void aMalformedUrlIsAConfigurationErrorWithoutCredentials() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RedisSettings("http://user:secret@host:1", "p").redisUri());

        assertTrue(!e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void credentialsAreNeverShown() {
        RedisSettings s = new RedisSettings("redis://user:secret@host:6379/2", "p");

        assertEquals("redis://host:6379/2", s.safeUrl());
        assertTrue(!s.toString().contains("secret"));
    }

    @Test
    void keysFollowTheOriginalsLayoutWithIdsVerbatim() {
        RedisKeys k = new RedisKeys("P");

        assertEquals("P:task:a:b", k.task("a:b"));
        assertEquals("P:tasks", k.tasks());
        assertEquals("P:events:a", k.events("a"));
        assertEquals("P:idx:a", k.index("a"));
        assertEquals("P:series:a:s:1", k.series("a", "s:1"));
        assertEquals("P:seriesIds:a", k.seriesIds("a"));
        assertEquals("P:ttlDeadlines", k.deadlines());
        assertEquals("P:task:a", k.channel("a"));
    }

    @Test
    void channelsMapBackToTaskIds() {
        RedisKeys k = new RedisKeys("P");

        assertEquals("a:b", k.taskIdOfChannel("P:task:a:b"));
        assertEquals("other:task:x", k.taskIdOfChannel("other:task:x"), "a foreign channel is used verbatim");
    }

    @Test
    void theSubscriptionPatternEscapesGlobCharactersOfThePrefix() {
        assertEquals("taskcast:task:*", new RedisKeys("taskcast").channelPattern());
        assertEquals("a\\*b\\?\\[c\\]\\\\:task:*", new RedisKeys("a*b?[c]\\").channelPattern());
    }

    @Test
    void bothFactoriesAreRegisteredAsRedis() {
        assertTrue(ServiceLoader.load(ShortTermStoreFactory.class).stream()
                .anyMatch(p -> p.type() == RedisShortTermStoreFactory.class && p.get().name().equals("redis")));
        assertTrue(ServiceLoader.load(BroadcastFactory.class).stream()
                .anyMatch(p -> p.type() == RedisBroadcastFactory.class && p.get().name().equals("redis")));
    }
}
