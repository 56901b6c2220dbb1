package dev.taskcast.engine.memory;

import dev.taskcast.spi.BroadcastFactory;
import dev.taskcast.spi.BroadcastProvider;
import dev.taskcast.spi.PluginContext;

/** {@code broadcast.provider: memory}; the in-process fan-out takes no options. */
public final class MemoryBroadcastFactory implements BroadcastFactory {
    public static final String NAME = "memory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public BroadcastProvider create(PluginContext context) {
        return new MemoryBroadcast();
    }
}
