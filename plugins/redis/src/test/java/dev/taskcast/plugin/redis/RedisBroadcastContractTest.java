package dev.taskcast.plugin.redis;

import dev.taskcast.engine.storage.contract.BroadcastProviderContract;
import dev.taskcast.spi.BroadcastProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared broadcast contract over real Redis pub/sub. */
class RedisBroadcastContractTest extends BroadcastProviderContract {
    private static final String PREFIX = RedisTestSupport.newPrefix();
    private static String url;

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

    @Override
    protected BroadcastProvider newProvider() {
        return new RedisBroadcastFactory().create(RedisTestSupport.context(url, PREFIX));
    }

    @Override
    protected boolean providersShareDelivery() {
        return true;
    }
}
