package dev.taskcast.plugin.redis;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For each test, a short-term store on a key prefix of its own and a plain connection to look at
 * what it wrote; afterwards both are closed and every key under the prefix is deleted. Register it
 * with {@code @RegisterExtension}. Fails (never skips) when no Redis is configured for the tests
 * ({@link RedisTestSupport#url()}).
 */
final class StoreOnFreshPrefix implements BeforeEachCallback, AfterEachCallback {
    String prefix;
    RedisTestSupport.RawRedis raw;
    RedisShortTermStore store;

    @Override
    public void beforeEach(ExtensionContext context) {
        String url = RedisTestSupport.url();
        prefix = RedisTestSupport.newPrefix();
        raw = new RedisTestSupport.RawRedis(url);
        store = new RedisShortTermStore(new RedisSettings(url, prefix));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            if (raw != null) {
                raw.deleteKeysUnder(prefix);
                raw.close();
            }
        }
    }
}
