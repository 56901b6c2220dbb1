package dev.taskcast.server;

import dev.taskcast.engine.config.AdapterSelection;
import dev.taskcast.spi.BroadcastFactory;
import dev.taskcast.spi.BroadcastProvider;
import dev.taskcast.spi.HooksFactory;
import dev.taskcast.spi.LongTermStore;
import dev.taskcast.spi.LongTermStoreFactory;
import dev.taskcast.spi.PluginContext;
import dev.taskcast.spi.ShortTermStore;
import dev.taskcast.spi.ShortTermStoreFactory;
import dev.taskcast.spi.TaskcastHooks;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Creates the adapters named in the configuration from the factories {@link ServiceLoader} finds
 * on the given class loader. A name no factory has stops startup, listing the names that exist.
 */
final class AdapterProviders {
    private final ClassLoader loader;

    AdapterProviders(ClassLoader loader) {
        this.loader = loader;
    }

    BroadcastProvider broadcast(AdapterSelection s) {
        return find(BroadcastFactory.class, BroadcastFactory::name, s, "broadcast").create(context(s));
    }

    ShortTermStore shortTerm(AdapterSelection s) {
        return find(ShortTermStoreFactory.class, ShortTermStoreFactory::name, s, "short-term store").create(context(s));
    }

    LongTermStore longTerm(AdapterSelection s) {
        return find(LongTermStoreFactory.class, LongTermStoreFactory::name, s, "long-term store").create(context(s));
    }

    TaskcastHooks hooks(AdapterSelection s) {
        return find(HooksFactory.class, HooksFactory::name, s, "hooks").create(context(s));
    }

    private static PluginContext context(AdapterSelection s) {
        return PluginContext.of(s.options());
    }

    private <F> F find(Class<F> kind, Function<F, String> name, AdapterSelection s, String what) {
        List<F> factories = ServiceLoader.load(kind, loader).stream().map(ServiceLoader.Provider::get).toList();
        for (F f : factories) {
            if (name.apply(f).equals(s.provider())) {
                return f;
            }
        }
        TreeSet<String> names = new TreeSet<>();
        factories.forEach(f -> names.add(name.apply(f)));
        throw new IllegalArgumentException("no " + what + " provider named \"" + s.provider()
                + "\"; available: " + (names.isEmpty() ? "(none)" : String.join(", ", names)));
    }
}
