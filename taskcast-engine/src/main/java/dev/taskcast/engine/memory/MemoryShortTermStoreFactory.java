package dev.taskcast.engine.memory;

import dev.taskcast.spi.PluginContext;
import dev.taskcast.spi.ShortTermStore;
import dev.taskcast.spi.ShortTermStoreFactory;

/** {@code shortTermStore.provider: memory}; the memory store takes no options. */
public final class MemoryShortTermStoreFactory implements ShortTermStoreFactory {
    public static final String NAME = "memory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ShortTermStore create(PluginContext context) {
        return new MemoryShortTermStore();
    }
}
