package dev.taskcast.plugin.redis;

/**
 * A short-term store on a key prefix of its own, and a plain connection to look at what it wrote.
 * Closing it closes both and deletes every key under the prefix. Fails (never skips) when no Redis
 * is configured for the tests ({@link RedisTestSupport#url()}).
 */
final class StoreOnFreshPrefix implements AutoCloseable {
    final String prefix = RedisTestSupport.newPrefix();
    final RedisTestSupport.RawRedis raw;
    final RedisShortTermStore store;

    StoreOnFreshPrefix() {
        String url = RedisTestSupport.url();
        raw = new RedisTestSupport.RawRedis(url);
        store = new RedisShortTermStore(new RedisSettings(url, prefix));
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            raw.deleteKeysUnder(prefix);
            raw.close();
        }
    }
}
