package dev.taskcast.plugin.redis;

import dev.taskcast.spi.PluginContext;
import io.lettuce.core.RedisURI;
import java.time.Duration;

/**
 * Where the adapters connect and which key prefix they use (storage.md §4.1, config-cli.md §2).
 *
 * @param url    the Redis URL as configured (may hold credentials: never log it, use {@link #safeUrl()})
 * @param prefix the key and channel prefix {@code P}, without the trailing {@code :}
 */
public record RedisSettings(String url, String prefix) {
    /** Bound on every command, so that a request never hangs on a dead connection. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    /** Bound on establishing a TCP connection. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Bound on one health probe: below the readiness endpoint's own two-second deadline, so that the
     * probe reports its own error kind instead of being cut off by the caller.
     */
    static final Duration HEALTH_TIMEOUT = Duration.ofMillis(1500);

    static final String DEFAULT_PREFIX = "taskcast";

    public RedisSettings {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the redis adapter needs a URL: set the adapter's url option or"
                    + " TASKCAST_REDIS_URL (redis://[user:pass@]host:port[/db], rediss:// for TLS)");
        }
        if (prefix == null || prefix.isEmpty()) {
            prefix = DEFAULT_PREFIX;
        }
    }

    /** Option {@code url}, else {@code TASKCAST_REDIS_URL}; option {@code prefix}, else {@code TASKCAST_REDIS_PREFIX}, else {@code taskcast}. */
    public static RedisSettings from(PluginContext context) {
        String url = context.stringOption("url");
        if (url == null) {
            url = context.env("TASKCAST_REDIS_URL");
        }
        String prefix = context.stringOption("prefix");
        if (prefix == null) {
            prefix = context.env("TASKCAST_REDIS_PREFIX");
        }
        return new RedisSettings(url, prefix);
    }

    /** The parsed URL with the command timeout applied; a malformed URL is an {@link IllegalArgumentException}. */
    RedisURI redisUri() {
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid Redis URL " + safeUrl() + ": " + e.getMessage(), e);
        }
        uri.setTimeout(COMMAND_TIMEOUT);
        return uri;
    }

    /** The URL without credentials, for messages. */
    public String safeUrl() {
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^@/]*@", "$1");
    }

    @Override
    public String toString() {
        return "RedisSettings[url=" + safeUrl() + ", prefix=" + prefix + "]";
    }
}
