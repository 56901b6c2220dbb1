package dev.taskcast.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileLocatorTest {

    @TempDir
    Path root;
    Path work;
    Path home;
    Path dist;
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void dirs() throws IOException {
        work = Files.createDirectories(root.resolve("work"));
        home = Files.createDirectories(root.resolve("home"));
        dist = Files.createDirectories(root.resolve("dist/conf")).getParent();
    }

    private Optional<Path> locate(String explicit, Map<String, String> env) {
        return ConfigFileLocator.locate(explicit, new ConfigEnvironment(work, home, env, dist), warnings::add);
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "");
    }

    @Test
    void nothingFoundIsEmpty() {
        assertEquals(Optional.empty(), locate(null, Map.of()));
        assertTrue(warnings.isEmpty());
    }

    @Test
    void explicitPathIsResolvedAgainstWorkingDir() throws IOException {
        Path file = touch(work.resolve("sub/my.yaml"));
        touch(work.resolve("taskcast.config.yaml"));
        assertEquals(Optional.of(file), locate("sub/my.yaml", Map.of()));
    }

    @Test
    void missingExplicitFileMeansEmptyConfigWithAWarning() throws IOException {
        touch(work.resolve("taskcast.config.yaml"));
        assertEquals(Optional.empty(), locate("missing.yaml", Map.of()));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains(work.resolve("missing.yaml").toString()), warnings.get(0));
    }

    @Test
    void explicitJavaScriptFileIsAnErrorNamingIt() throws IOException {
        for (String name : List.of("taskcast.config.ts", "x.js", "x.mjs")) {
            touch(work.resolve(name));
            ConfigException e = assertThrows(ConfigException.class, () -> locate(name, Map.of()));
            assertTrue(e.getMessage().contains(work.resolve(name).toString()), e.getMessage());
        }
        // Even when it does not exist: the operator asked for something that can never work.
        assertThrows(ConfigException.class, () -> locate("absent.ts", Map.of()));
    }

    @Test
    void workingDirCandidatesInOrder() throws IOException {
        Path json = touch(work.resolve("taskcast.config.json"));
        assertEquals(Optional.of(json), locate(null, Map.of()));
        Path yml = touch(work.resolve("taskcast.config.yml"));
        assertEquals(Optional.of(yml), locate(null, Map.of()));
        Path yaml = touch(work.resolve("taskcast.config.yaml"));
        assertEquals(Optional.of(yaml), locate(null, Map.of()));
    }

    @Test
    void javaScriptCandidatesAreSkippedWithAWarning() throws IOException {
        touch(work.resolve("taskcast.config.ts"));
        touch(work.resolve("taskcast.config.mjs"));
        Path json = touch(work.resolve("taskcast.config.json"));
        assertEquals(Optional.of(json), locate(null, Map.of()));
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(0).contains("taskcast.config.ts"), warnings.get(0));
        assertTrue(warnings.get(1).contains("taskcast.config.mjs"), warnings.get(1));
    }

    @Test
    void javaScriptOnlyInWorkingDirFallsThroughToGlobalDir() throws IOException {
        touch(work.resolve("taskcast.config.js"));
        Path global = touch(home.resolve(".taskcast/taskcast.config.yaml"));
        assertEquals(Optional.of(global), locate(null, Map.of()));
        assertEquals(1, warnings.size());
    }

    @Test
    void globalDirCandidatesInOrder() throws IOException {
        Path json = touch(home.resolve(".taskcast/taskcast.config.json"));
        assertEquals(Optional.of(json), locate(null, Map.of()));
        Path yml = touch(home.resolve(".taskcast/taskcast.config.yml"));
        assertEquals(Optional.of(yml), locate(null, Map.of()));
        Path yaml = touch(home.resolve(".taskcast/taskcast.config.yaml"));
        assertEquals(Optional.of(yaml), locate(null, Map.of()));
        // JavaScript files are not candidates there at all.
        touch(home.resolve(".taskcast/taskcast.config.ts"));
        assertEquals(Optional.of(yaml), locate(null, Map.of()));
        assertTrue(warnings.isEmpty());
    }

    @Test
    void workingDirWinsOverGlobalDir() throws IOException {
        touch(home.resolve(".taskcast/taskcast.config.yaml"));
        Path local = touch(work.resolve("taskcast.config.json"));
        assertEquals(Optional.of(local), locate(null, Map.of()));
    }

    @Test
    void configDirVariableReplacesHomeDir() throws IOException {
        touch(home.resolve(".taskcast/taskcast.config.yaml"));
        Path custom = touch(root.resolve("custom/taskcast.config.yml"));
        assertEquals(Optional.of(custom), locate(null, Map.of("TASKCAST_CONFIG_DIR", root.resolve("custom").toString())));
        // Relative to the working directory.
        Path relative = touch(work.resolve("rel/taskcast.config.json"));
        assertEquals(Optional.of(relative), locate(null, Map.of("TASKCAST_CONFIG_DIR", "rel")));
        // Empty counts as unset.
        assertEquals(Optional.of(home.resolve(".taskcast/taskcast.config.yaml")),
                locate(null, Map.of("TASKCAST_CONFIG_DIR", "")));
    }

    @Test
    void distributionConfigIsTheLastResort() throws IOException {
        Path distConfig = touch(dist.resolve("conf/taskcast.yaml"));
        assertEquals(Optional.of(distConfig), locate(null, Map.of()));
        Path global = touch(home.resolve(".taskcast/taskcast.config.yaml"));
        assertEquals(Optional.of(global), locate(null, Map.of()));
        assertEquals(Optional.empty(), locate("missing.yaml", Map.of()), "an explicit path never falls back");
    }
}
