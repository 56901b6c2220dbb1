package dev.taskcast.plugin.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.engine.plugin.ProviderRegistry;
import dev.taskcast.engine.storage.contract.StorageFixtures;
import dev.taskcast.spi.DependencyHealth;
import dev.taskcast.spi.LongTermStore;
import dev.taskcast.spi.LongTermStoreFactory;
import dev.taskcast.spi.SchemaMigrator;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as the server loads it: its jar and runtime dependencies in a plugins folder, its own
 * class loader (parent: the platform loader), and a context class loader that is the server's, which
 * sees other copies of Helidon. Proves that Helidon's DbClient, HikariCP and the driver work there.
 */
class PluginIsolationTest {
    /** Written by maven-dependency-plugin (build-classpath, runtime scope) before the tests run. */
    private static final Path RUNTIME_CLASSPATH =
            Path.of(System.getProperty("basedir", "."), "target", "runtime-classpath.txt");

    @TempDir
    Path plugins;
    private TestDatabase db;

    @BeforeEach
    void freshSchema() {
        db = TestDatabase.create();
    }

    @AfterEach
    void dropSchema() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theFactoryMigratesAndStoresFromItsOwnClassLoader() throws Exception {
        Path folder = Files.createDirectories(plugins.resolve("postgres"));
        jarClasses(folder.resolve("taskcast-plugin-postgres.jar"));
        for (String entry : Files.readString(RUNTIME_CLASSPATH).trim().split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            Files.copy(jar, folder.resolve(jar.getFileName()));
        }
        List<String> log = new ArrayList<>();

        ProviderRegistry registry = ProviderRegistry.discover(new SpiOnlyLoader(), plugins, log::add);
        LongTermStoreFactory factory = registry.factory(LongTermStoreFactory.class, "postgres");

        assertNotSame(PostgresLongTermStoreFactory.class, factory.getClass(), "loaded by the plugin's loader");
        try (SchemaMigrator migrator = factory.migrator(db.context()).orElseThrow()) {
            assertEquals(List.of("001_initial.sql", "002_workers.sql"), migrator.apply());
        }
        try (LongTermStore store = factory.create(db.context())) {
            String id = "isolated-" + System.nanoTime();
            store.saveTask(Task.builder(id, TaskStatus.RUNNING, 1).build());
            store.accumulateSeries(id, "s", StorageFixtures.event(id, 0).delta("s", "a").build(), "delta");
            store.accumulateSeries(id, "s", StorageFixtures.event(id, 1).delta("s", "b").build(), "delta");

            assertEquals(TaskStatus.RUNNING, store.getTask(id).orElseThrow().status());
            assertEquals("ab", store.getEvents(id, EventQuery.ALL).get(0).data().get("delta").textValue());
            assertEquals(List.of(DependencyHealth.healthy("postgres")), store.checkHealth());
        }
        assertTrue(log.stream().anyMatch(l -> l.contains("long-term store provider \"postgres\"")), log.toString());
    }

    /** The module's compiled classes and resources (service file, migrations) as one jar. */
    private static void jarClasses(Path jar) throws IOException, URISyntaxException {
        Path classes = Path.of(PostgresLongTermStoreFactory.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
    }

    /**
     * Stands in for the server's loader without the plugin on it: it supplies the SPI classes (the
     * same ones this test uses) but no service files, so only the plugin folder provides "postgres".
     */
    private static final class SpiOnlyLoader extends ClassLoader {
        SpiOnlyLoader() {
            super("spi-only", ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.startsWith("dev.taskcast.api.") || name.startsWith("dev.taskcast.spi.")
                    || name.startsWith("com.fasterxml.jackson.")) {
                return PluginIsolationTest.class.getClassLoader().loadClass(name);
            }
            throw new ClassNotFoundException(name);
        }

        @Override
        protected Enumeration<URL> findResources(String name) {
            return Collections.emptyEnumeration();
        }
    }
}
