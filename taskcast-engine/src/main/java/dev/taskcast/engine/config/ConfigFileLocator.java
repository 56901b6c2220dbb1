package dev.taskcast.engine.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds the one configuration file to use (config-cli.md §1.1): the explicit path, else the
 * working directory's candidates, else the global directory's, else — Java-only — the
 * distribution's {@code conf/taskcast.yaml}. Files are never merged.
 */
public final class ConfigFileLocator {

    static final List<String> WORKING_DIR_CANDIDATES = List.of(
            "taskcast.config.ts", "taskcast.config.js", "taskcast.config.mjs",
            "taskcast.config.yaml", "taskcast.config.yml", "taskcast.config.json");
    static final List<String> GLOBAL_DIR_CANDIDATES = List.of(
            "taskcast.config.yaml", "taskcast.config.yml", "taskcast.config.json");
    /** Relative to the distribution folder; used only when no other source exists, so a user's file always wins. */
    static final String DISTRIBUTION_CONFIG = "conf/taskcast.yaml";

    private ConfigFileLocator() {
    }

    /**
     * The absolute path of the file to read, or empty for an empty configuration.
     *
     * @param explicitPath {@code -c/--config} value, or {@code null}
     * @param warnings     receives operator warnings (skipped JavaScript candidates, missing explicit file)
     * @throws ConfigException when the explicit path names a JavaScript/TypeScript module
     */
    public static Optional<Path> locate(String explicitPath, ConfigEnvironment env, Consumer<String> warnings) {
        if (explicitPath != null) {
            Path file = env.resolve(explicitPath);
            if (isJavaScript(file)) {
                throw new ConfigException("Config file " + file + " is a JavaScript/TypeScript module, which the Java"
                        + " server cannot load; write the same settings as taskcast.config.yaml or .json instead");
            }
            if (!Files.exists(file)) {
                warnings.accept("Config file " + file + " not found; using an empty configuration");
                return Optional.empty();
            }
            return Optional.of(file);
        }
        for (String name : WORKING_DIR_CANDIDATES) {
            Path file = env.workingDir().resolve(name);
            if (!Files.exists(file)) {
                continue;
            }
            if (isJavaScript(file)) {
                warnings.accept("Skipping " + file + ": JavaScript/TypeScript config files are not supported by the"
                        + " Java server; use taskcast.config.yaml or .json");
                continue;
            }
            return Optional.of(file);
        }
        Path globalDir = globalDir(env);
        for (String name : GLOBAL_DIR_CANDIDATES) {
            Path file = globalDir.resolve(name);
            if (Files.exists(file)) {
                return Optional.of(file);
            }
        }
        if (env.distributionHome() != null) {
            Path file = env.distributionHome().resolve(DISTRIBUTION_CONFIG);
            if (Files.exists(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** {@code TASKCAST_CONFIG_DIR} when set and non-empty, else {@code ~/.taskcast}. */
    static Path globalDir(ConfigEnvironment env) {
        String dir = env.get("TASKCAST_CONFIG_DIR");
        return dir != null ? env.resolve(dir) : env.homeDir().resolve(".taskcast");
    }

    private static boolean isJavaScript(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        return name.endsWith(".ts") || name.endsWith(".js") || name.endsWith(".mjs");
    }
}
