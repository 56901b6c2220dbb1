package dev.taskcast.plugin.redis;

import dev.taskcast.engine.storage.contract.ShortTermStoreContract;
import dev.taskcast.spi.ShortTermStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared short-term store contract against the local Redis. */
class RedisShortTermStoreContractTest extends ShortTermStoreContract {
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
    protected ShortTermStore newStore() {
        return new RedisShortTermStoreFactory().create(RedisTestSupport.context(url, PREFIX));
    }

    @Override
    protected boolean storesShareState() {
        return true;
    }
}
