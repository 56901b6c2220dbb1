package dev.taskcast.engine.memory;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.taskcast.spi.BroadcastFactory;
import dev.taskcast.spi.PluginContext;
import dev.taskcast.spi.ShortTermStoreFactory;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The "memory" providers are found the way the server finds every provider: by name through ServiceLoader. */
class MemoryFactoriesTest {
    private static final PluginContext NO_OPTIONS = new PluginContext(Map.of("provider", "memory"), Map.of());

    @Test
    void serviceLoaderFindsTheMemoryShortTermStore() {
        ShortTermStoreFactory factory = ServiceLoader.load(ShortTermStoreFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("memory"))
                .findFirst().orElseThrow();

        assertInstanceOf(MemoryShortTermStore.class, factory.create(NO_OPTIONS));
    }

    @Test
    void serviceLoaderFindsTheMemoryBroadcast() {
        BroadcastFactory factory = ServiceLoader.load(BroadcastFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("memory"))
                .findFirst().orElseThrow();

        assertInstanceOf(MemoryBroadcast.class, factory.create(NO_OPTIONS));
    }
}
