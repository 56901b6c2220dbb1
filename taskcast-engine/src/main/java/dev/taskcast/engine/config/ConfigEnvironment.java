package dev.taskcast.engine.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything outside the command line that configuration depends on, gathered in one value so
 * that tests can inject it instead of touching the real process environment.
 *
 * @param workingDir       directory that relative paths and the working-directory config
 *                         candidates are resolved against
 * @param homeDir          user home; the global config directory is {@code <home>/.taskcast}
 * @param variables        environment variables
 * @param distributionHome unpacked distribution folder, or {@code null} when not run from one;
 *                         supplies the default plugins folder and the fallback
 *                         {@code conf/taskcast.yaml}
 */
public record ConfigEnvironment(Path workingDir, Path homeDir, Map<String, String> variables,
                                Path distributionHome) {

    /** System property set by the distribution's {@code bin/taskcast} launcher. */
    public static final String DISTRIBUTION_HOME_PROPERTY = "taskcast.home";

    public ConfigEnvironment {
        workingDir = Objects.requireNonNull(workingDir, "workingDir").toAbsolutePath().normalize();
        homeDir = Objects.requireNonNull(homeDir, "homeDir").toAbsolutePath().normalize();
        variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
        distributionHome = distributionHome == null ? null : distributionHome.toAbsolutePath().normalize();
    }

    /** The environment of this process. */
    public static ConfigEnvironment system() {
        String home = System.getProperty(DISTRIBUTION_HOME_PROPERTY);
        return new ConfigEnvironment(Path.of(""), Path.of(System.getProperty("user.home")), System.getenv(),
                home == null || home.isBlank() ? null : Path.of(home));
    }

    /** An environment outside any distribution folder. */
    public static ConfigEnvironment of(Path workingDir, Path homeDir, Map<String, String> variables) {
        return new ConfigEnvironment(workingDir, homeDir, variables, null);
    }

    /** A variable's value, or {@code null} when unset or empty (an empty variable counts as unset, config-cli.md §2). */
    public String get(String name) {
        String value = variables.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** {@code path} resolved against the working directory. */
    public Path resolve(String path) {
        return workingDir.resolve(path).normalize();
    }
}
