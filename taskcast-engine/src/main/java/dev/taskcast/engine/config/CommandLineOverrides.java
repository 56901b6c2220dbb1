package dev.taskcast.engine.config;

/**
 * Values given on the {@code taskcast serve} command line; {@code null} means "not given". They
 * win over every other source (config-cli.md §2).
 *
 * @param configPath {@code -c/--config}
 * @param port       {@code -p/--port}
 * @param host       {@code --host}
 * @param storage    {@code -s/--storage}
 * @param pluginsDir {@code --plugins}
 * @param logLevel   {@code --log-level}
 * @param verbose    {@code -v/--verbose}
 * @param logFormat  {@code --log-format}
 */
public record CommandLineOverrides(String configPath, Integer port, String host, String storage, String pluginsDir,
                                   String logLevel, boolean verbose, String logFormat) {

    public static final CommandLineOverrides NONE = new CommandLineOverrides(null, null, null, null, null, null, false);

    /** Without {@code --log-format}. */
    public CommandLineOverrides(String configPath, Integer port, String host, String storage, String pluginsDir,
                                String logLevel, boolean verbose) {
        this(configPath, port, host, storage, pluginsDir, logLevel, verbose, null);
    }
}
