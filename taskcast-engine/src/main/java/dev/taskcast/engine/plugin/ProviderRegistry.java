package dev.taskcast.engine.plugin;

import dev.taskcast.spi.BroadcastFactory;
import dev.taskcast.spi.HooksFactory;
import dev.taskcast.spi.LongTermStoreFactory;
import dev.taskcast.spi.ShortTermStoreFactory;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every provider factory the server can use: the built-ins on the server's class path and those of
 * each plugin under the plugins folder (one plugin per sub-folder, or per jar directly in it), each
 * plugin in its own {@link PluginClassLoader}. Names are unique per kind.
 */
public final class ProviderRegistry {
    /** A factory and where it came from (a jar, a plugin folder, or {@code built-in}). */
    public record Found<F>(F factory, String name, String source) {
    }

    private final Map<Class<?>, Map<String, Found<?>>> byKind = new LinkedHashMap<>();
    private final Consumer<String> log;

    private ProviderRegistry(Consumer<String> log) {
        this.log = log;
    }

    /**
     * @param builtIns   loader of the server's own factories (memory and any on the class path)
     * @param pluginsDir folder to scan; {@code null} or missing means no plugins
     * @param log        receives one line per plugin and per factory found
     * @throws PluginException for a plugin that fails to load or a name two factories share
     */
    public static ProviderRegistry discover(ClassLoader builtIns, Path pluginsDir, Consumer<String> log) {
        ProviderRegistry r = new ProviderRegistry(log);
        r.scan(builtIns, "built-in");
        if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
            for (Path plugin : plugins(pluginsDir)) {
                URL[] jars = jarsOf(plugin);
                if (jars.length == 0) {
                    continue;
                }
                String source = plugin.toAbsolutePath().toString();
                log.accept("plugin " + plugin.getFileName() + " (" + jars.length + " jar(s)) from " + source);
                r.scan(new PluginClassLoader("taskcast-plugin-" + plugin.getFileName(), jars, builtIns), source);
            }
        }
        return r;
    }

    private static List<Path> plugins(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p) || p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new PluginException("cannot read plugins folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static URL[] jarsOf(Path plugin) {
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(plugin)) {
            try (Stream<Path> s = Files.list(plugin)) {
                s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
            } catch (IOException e) {
                throw new PluginException("cannot read plugin folder " + plugin + ": " + e.getMessage(), e);
            }
        } else {
            jars.add(plugin);
        }
        List<URL> urls = new ArrayList<>();
        for (Path j : jars) {
            try {
                urls.add(j.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new PluginException("bad plugin jar path " + j, e);
            }
        }
        return urls.toArray(URL[]::new);
    }

    private void scan(ClassLoader loader, String source) {
        add(BroadcastFactory.class, BroadcastFactory::name, loader, source, "broadcast");
        add(ShortTermStoreFactory.class, ShortTermStoreFactory::name, loader, source, "short-term store");
        add(LongTermStoreFactory.class, LongTermStoreFactory::name, loader, source, "long-term store");
        add(HooksFactory.class, HooksFactory::name, loader, source, "hooks");
    }

    private <F> void add(Class<F> kind, Function<F, String> nameOf, ClassLoader loader, String source, String label) {
        Map<String, Found<?>> found = byKind.computeIfAbsent(kind, k -> new LinkedHashMap<>());
        try {
            for (F f : ServiceLoader.load(kind, loader)) {
                String name = nameOf.apply(f);
                Found<?> previous = found.get(name);
                if (previous != null) {
                    throw new PluginException("two " + label + " providers are named \"" + name + "\": "
                            + previous.source() + " and " + source);
                }
                found.put(name, new Found<>(f, name, source));
                log.accept(label + " provider \"" + name + "\" (" + f.getClass().getName() + ") from " + source);
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new PluginException("plugin " + source + " failed to load: " + e.getMessage(), e);
        }
    }

    /**
     * The factory of {@code kind} named {@code name}.
     *
     * @throws PluginException naming the providers that exist when none has that name
     */
    @SuppressWarnings("unchecked")
    public <F> F factory(Class<F> kind, String name) {
        Map<String, Found<?>> found = byKind.getOrDefault(kind, Map.of());
        Found<?> f = found.get(name);
        if (f == null) {
            String available = found.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(found.keySet()));
            throw new PluginException("no " + label(kind) + " provider named \"" + name + "\"; available: " + available);
        }
        return (F) f.factory();
    }

    private static String label(Class<?> kind) {
        if (kind == BroadcastFactory.class) {
            return "broadcast";
        }
        if (kind == ShortTermStoreFactory.class) {
            return "short-term store";
        }
        if (kind == LongTermStoreFactory.class) {
            return "long-term store";
        }
        return "hooks";
    }
}
