package dev.taskcast.plugin.redis;

import dev.taskcast.spi.PluginContext;
import dev.taskcast.spi.ShortTermStore;
import dev.taskcast.spi.ShortTermStoreFactory;

/** {@code provider: redis} for the short-term store; options {@code url} and {@code prefix}. */
public final class RedisShortTermStoreFactory implements ShortTermStoreFactory {
    @Override
    public String name() {
        return "redis";
    }

    @Override
    public ShortTermStore create(PluginContext context) {
        return new RedisShortTermStore(RedisSettings.from(context));
    }
}
