package dev.taskcast.server.cli;

import dev.taskcast.engine.config.CommandLineOverrides;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.engine.config.ServerConfigLoader;
import dev.taskcast.server.RunningServer;
import dev.taskcast.server.logging.LogFields;
import dev.taskcast.server.logging.LogSetup;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code taskcast serve} / {@code taskcast start}: the default command (config-cli.md §3.1). */
@Command(name = "serve", aliases = "start", mixinStandardHelpOptions = true,
        versionProvider = TaskcastVersion.Provider.class, sortOptions = false,
        description = "Start the Taskcast server (the default command).")
final class ServeCommand implements Callable<Integer> {
    private static final Logger STARTUP = Logger.getLogger(LogSetup.STARTUP_LOGGER);

    @Option(names = {"-c", "--config"}, paramLabel = "<path>", description = "Config file (YAML or JSON).")
    String config;

    @Option(names = {"-p", "--port"}, paramLabel = "<port>", description = "Listen port (default 3721).")
    Integer port;

    @Option(names = "--host", paramLabel = "<address>", description = "Listen address (default 0.0.0.0).")
    String host;

    @Option(names = {"-s", "--storage"}, paramLabel = "<type>", description = "memory | redis.")
    String storage;

    @Option(names = "--db-path", paramLabel = "<path>", description = "SQLite file (not supported; ignored).")
    String dbPath;

    @Option(names = "--playground", description = "Serve the playground UI (not available in this server).")
    boolean playground;

    @Option(names = {"-v", "--verbose"}, description = "Log every request.")
    boolean verbose;

    @Option(names = "--log-level", paramLabel = "<level>", description = "debug | info | warn | error.")
    String logLevel;

    @Option(names = "--log-format", paramLabel = "<format>", description = "text | json (log lines for log shippers).")
    String logFormat;

    @Option(names = "--plugins", paramLabel = "<dir>", description = "Folder scanned for plugin jars.")
    String plugins;

    private final CliContext context;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config = ServerConfigLoader.load(
                new CommandLineOverrides(this.config, port, host, storage, plugins, logLevel, verbose, logFormat),
                context.environment(), context::warn);
        if (dbPath != null) {
            context.warn("--db-path is ignored: SQLite storage is not supported by this server");
        }
        if (playground) {
            context.warn("--playground is ignored: the playground UI is not available in this server");
        }
        printConfiguration(config);
        try (AutoCloseable logging = context.logging().install(config)) {
            LogFields.of("config_loaded", "file", config.configFile() == null ? "(none)" : config.configFile().toString(),
                            "logLevel", config.logLevel().wireName(), "logFormat", config.logFormat().wireName(),
                            "pluginsDir", config.pluginsDir() == null ? null : config.pluginsDir().toString())
                    .log(STARTUP, Level.INFO, "configuration loaded");
            RunningServer server = context.launcher().start(config);
            context.onStarted().accept(server);
            context.info("Server started on http://localhost:" + server.port());
            server.awaitTermination();
        }
        return 0;
    }

    /**
     * config-cli.md §3.2 step 7. Printed before the server starts so that when a backing service
     * cannot be reached the operator sees which configuration was attempted.
     */
    private void printConfiguration(ServerConfig config) {
        context.info("Config: " + (config.configFile() == null ? "(none)" : config.configFile().toString()));
        context.info("Short-term store: " + config.adapters().describeShortTerm());
        context.info("Long-term store:  " + config.adapters().describeLongTerm());
        if (config.adapters().longTerm() == null && "memory".equals(config.adapters().shortTerm().provider())) {
            context.info("Storage is in memory only: tasks and events are lost when the server stops");
        }
    }
}
