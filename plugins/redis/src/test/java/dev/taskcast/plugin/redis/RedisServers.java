package dev.taskcast.plugin.redis;

import dev.taskcast.engine.config.AdapterSelection;
import dev.taskcast.engine.config.AdapterSettings;
import dev.taskcast.engine.config.ServerConfig;
import java.util.Map;

/** Real servers on Redis for the end-to-end tests: broadcast and short-term store under one prefix. */
final class RedisServers {
    private RedisServers() {
    }

    /**
     * A server configuration using the {@code redis} providers (found on the test class path, as
     * built-ins) on {@code url} with key prefix {@code prefix}.
     */
    static ServerConfig.Builder config(String url, String prefix) {
        AdapterSelection redis = new AdapterSelection("redis", Map.of("provider", "redis", "url", url, "prefix", prefix));
        return ServerConfig.builder().adapters(new AdapterSettings(redis, redis, null));
    }
}
