package dev.taskcast.plugin.redis;

import dev.taskcast.spi.BroadcastFactory;
import dev.taskcast.spi.BroadcastProvider;
import dev.taskcast.spi.PluginContext;

/** {@code provider: redis} for the broadcast; options {@code url} and {@code prefix}. */
public final class RedisBroadcastFactory implements BroadcastFactory {
    @Override
    public String name() {
        return "redis";
    }

    @Override
    public BroadcastProvider create(PluginContext context) {
        return new RedisBroadcast(RedisSettings.from(context));
    }
}
