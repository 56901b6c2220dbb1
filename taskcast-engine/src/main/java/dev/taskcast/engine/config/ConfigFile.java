package dev.taskcast.engine.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.api.TaskcastJson;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The configuration file in use and its parsed, interpolated content.
 *
 * @param path absolute path, {@code null} when no file was found (the tree is then empty)
 * @param tree the file's top-level mapping
 */
public record ConfigFile(Path path, ObjectNode tree) {

    public static ConfigFile none() {
        return new ConfigFile(null, TaskcastJson.object());
    }

    /** Locates (config-cli.md §1.1) and parses (§1.2) the configuration file. */
    public static ConfigFile load(String explicitPath, ConfigEnvironment env, Consumer<String> warnings) {
        return ConfigFileLocator.locate(explicitPath, env, warnings)
                .map(file -> new ConfigFile(file, ConfigFileParser.parse(file, env.variables())))
                .orElseGet(ConfigFile::none);
    }
}
