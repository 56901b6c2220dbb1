package dev.taskcast.server;

import dev.taskcast.engine.config.AdapterSelection;
import dev.taskcast.engine.plugin.ProviderRegistry;
import dev.taskcast.spi.BroadcastFactory;
import dev.taskcast.spi.BroadcastProvider;
import dev.taskcast.spi.HooksFactory;
import dev.taskcast.spi.LongTermStore;
import dev.taskcast.spi.LongTermStoreFactory;
import dev.taskcast.spi.PluginContext;
import dev.taskcast.spi.SchemaMigrator;
import dev.taskcast.spi.ShortTermStore;
import dev.taskcast.spi.ShortTermStoreFactory;
import dev.taskcast.spi.TaskcastHooks;
import java.util.Optional;

/** Creates the adapters the configuration names, each from its own YAML block. */
final class AdapterProviders {
    private final ProviderRegistry registry;

    AdapterProviders(ProviderRegistry registry) {
        this.registry = registry;
    }

    BroadcastProvider broadcast(AdapterSelection s) {
        return registry.factory(BroadcastFactory.class, s.provider()).create(context(s));
    }

    ShortTermStore shortTerm(AdapterSelection s) {
        return registry.factory(ShortTermStoreFactory.class, s.provider()).create(context(s));
    }

    LongTermStore longTerm(AdapterSelection s) {
        return registry.factory(LongTermStoreFactory.class, s.provider()).create(context(s));
    }

    Optional<SchemaMigrator> longTermMigrator(AdapterSelection s) {
        return registry.factory(LongTermStoreFactory.class, s.provider()).migrator(context(s));
    }

    TaskcastHooks hooks(AdapterSelection s) {
        return registry.factory(HooksFactory.class, s.provider()).create(context(s));
    }

    private static PluginContext context(AdapterSelection s) {
        return PluginContext.of(s.options());
    }
}
