package dev.taskcast.engine.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.spi.BroadcastFactory;
import dev.taskcast.spi.HooksFactory;
import dev.taskcast.spi.ShortTermStoreFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin discovery from a plugins folder: isolation, duplicates, unknown names, broken plugins. */
class ProviderRegistryTest {
    private static final String SERVICE = "META-INF/services/dev.taskcast.spi.HooksFactory";

    @TempDir
    Path tmp;

    private final List<String> log = new ArrayList<>();

    /** A library jar whose only class reports its version. */
    private Path library(String folder, String version) throws IOException {
        return PluginJars.build(tmp.resolve("build-" + folder), "shared-lib-" + version + ".jar",
                Map.of("com.example.shared.Greeting",
                        "package com.example.shared; public class Greeting { public static String text() { return \""
                                + version + "\"; } }"),
                Map.of(), List.of());
    }

    /** A hook plugin whose factory name is {@code prefix-<library version it sees>}. */
    private void plugin(Path folder, String prefix, Path lib) throws IOException {
        String cls = "com.example." + prefix + ".Factory";
        PluginJars.build(folder, prefix + "-plugin.jar", Map.of(cls,
                "package com.example." + prefix + ";\n"
                        + "public class Factory implements dev.taskcast.spi.HooksFactory {\n"
                        + "  public String name() { return \"" + prefix + "-\" + com.example.shared.Greeting.text(); }\n"
                        + "  public dev.taskcast.spi.TaskcastHooks create(dev.taskcast.spi.PluginContext c) {\n"
                        + "    return new dev.taskcast.spi.TaskcastHooks() { };\n  }\n}\n"),
                Map.of(SERVICE, cls + "\n"), List.of(lib));
        Files.copy(lib, folder.resolve(lib.getFileName()));
    }

    @Test
    void twoPluginsWithConflictingLibraryVersionsEachSeeTheirOwn() throws IOException {
        Path plugins = tmp.resolve("plugins");
        plugin(plugins.resolve("alpha"), "alpha", library("alpha", "v1"));
        plugin(plugins.resolve("beta"), "beta", library("beta", "v2"));

        ProviderRegistry registry = ProviderRegistry.discover(getClass().getClassLoader(), plugins, log::add);

        assertNotNull(registry.factory(HooksFactory.class, "alpha-v1"));
        assertNotNull(registry.factory(HooksFactory.class, "beta-v2"));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("plugin alpha")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("hooks provider \"beta-v2\"")), log.toString());
    }

    @Test
    void builtInMemoryProvidersAreFoundWithoutPlugins() {
        ProviderRegistry registry = ProviderRegistry.discover(getClass().getClassLoader(), null, log::add);
        assertNotNull(registry.factory(ShortTermStoreFactory.class, "memory"));
        assertNotNull(registry.factory(BroadcastFactory.class, "memory"));
    }

    @Test
    void aSingleJarDirectlyInPluginsIsAPluginOfItsOwn() throws IOException {
        Path plugins = tmp.resolve("plugins");
        Path lib = library("solo", "v3");
        PluginJars.build(plugins, "solo.jar", Map.of("com.example.solo.Factory",
                "package com.example.solo;\n"
                        + "public class Factory implements dev.taskcast.spi.HooksFactory {\n"
                        + "  public String name() { return \"solo\"; }\n"
                        + "  public dev.taskcast.spi.TaskcastHooks create(dev.taskcast.spi.PluginContext c) {\n"
                        + "    return new dev.taskcast.spi.TaskcastHooks() { };\n  }\n}\n"),
                Map.of(SERVICE, "com.example.solo.Factory\n"), List.of(lib));
        ProviderRegistry registry = ProviderRegistry.discover(getClass().getClassLoader(), plugins, log::add);
        assertNotNull(registry.factory(HooksFactory.class, "solo"));
    }

    @Test
    void twoFactoriesWithOneNameRefuseStartupNamingBothSources() throws IOException {
        Path plugins = tmp.resolve("plugins");
        Path lib = library("dup", "v1");
        plugin(plugins.resolve("first"), "same", lib);
        plugin(plugins.resolve("second"), "same", lib);
        PluginException e = assertThrows(PluginException.class,
                () -> ProviderRegistry.discover(getClass().getClassLoader(), plugins, log::add));
        assertTrue(e.getMessage().contains("\"same-v1\""), e.getMessage());
        assertTrue(e.getMessage().contains("first") && e.getMessage().contains("second"), e.getMessage());
    }

    @Test
    void anUnknownProviderNameListsTheNamesThatExist() {
        ProviderRegistry registry = ProviderRegistry.discover(getClass().getClassLoader(), null, log::add);
        PluginException e = assertThrows(PluginException.class,
                () -> registry.factory(ShortTermStoreFactory.class, "mongo"));
        assertEquals("no short-term store provider named \"mongo\"; available: memory", e.getMessage());
    }

    @Test
    void aPluginThatFailsToLoadRefusesStartupWithItsLocationAndCause() throws IOException {
        Path plugins = tmp.resolve("plugins");
        PluginJars.build(plugins.resolve("broken"), "broken.jar", Map.of("com.example.broken.Nothing",
                "package com.example.broken; class Nothing { }"),
                Map.of(SERVICE, "com.example.broken.MissingFactory\n"), List.of());
        PluginException e = assertThrows(PluginException.class,
                () -> ProviderRegistry.discover(getClass().getClassLoader(), plugins, log::add));
        assertTrue(e.getMessage().contains("broken"), e.getMessage());
        assertTrue(e.getMessage().contains("MissingFactory"), e.getMessage());
    }

    @Test
    void aPluginSeesTheSpiButNotTheServersOwnLibraries() throws IOException {
        Path plugins = tmp.resolve("plugins");
        PluginJars.build(plugins.resolve("probe"), "probe.jar", Map.of("com.example.probe.Factory",
                "package com.example.probe;\n"
                        + "public class Factory implements dev.taskcast.spi.HooksFactory {\n"
                        + "  public String name() {\n"
                        + "    try { Class.forName(\"com.github.f4b6a3.ulid.UlidCreator\", false, getClass().getClassLoader());"
                        + " return \"leaky\"; }\n"
                        + "    catch (ClassNotFoundException e) { return \"isolated\"; }\n  }\n"
                        + "  public dev.taskcast.spi.TaskcastHooks create(dev.taskcast.spi.PluginContext c) {\n"
                        + "    return new dev.taskcast.spi.TaskcastHooks() { };\n  }\n}\n"),
                Map.of(SERVICE, "com.example.probe.Factory\n"), List.of());
        ProviderRegistry registry = ProviderRegistry.discover(getClass().getClassLoader(), plugins, log::add);
        assertNotNull(registry.factory(HooksFactory.class, "isolated"));
    }
}
