package dev.taskcast.server.cli;

import dev.taskcast.engine.config.AdapterSelector;
import dev.taskcast.engine.config.ConfigEnvironment;
import dev.taskcast.engine.config.ConfigFile;
import dev.taskcast.engine.config.UrlCredentials;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code taskcast migrate} (config-cli.md §4.1). Only the URL resolution exists so far; applying
 * migrations arrives with the PostgreSQL plugin.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = TaskcastVersion.Provider.class,
        sortOptions = false, description = "Apply pending PostgreSQL migrations.")
final class MigrateCommand implements Callable<Integer> {

    static final String NO_URL = "No Postgres URL found. Provide --url, set TASKCAST_POSTGRES_URL, or configure"
            + " adapters.longTermStore.url in config.";

    @Option(names = "--url", paramLabel = "<url>", description = "PostgreSQL URL.")
    String url;

    @Option(names = {"-c", "--config"}, paramLabel = "<path>", description = "Config file (YAML or JSON).")
    String config;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    private final CliContext context;

    MigrateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String target = postgresUrl(context.environment());
        if (target == null) {
            context.warn(NO_URL);
            return 1;
        }
        context.warn("Cannot migrate " + UrlCredentials.strip(target) + ": PostgreSQL support comes with the"
                + " postgres plugin, which this build does not include yet.");
        return 1;
    }

    /** {@code --url}, else {@code TASKCAST_POSTGRES_URL}, else the configured long-term store URL. */
    private String postgresUrl(ConfigEnvironment env) {
        if (url != null && !url.isEmpty()) {
            return url;
        }
        if (env.get("TASKCAST_POSTGRES_URL") != null) {
            return env.get("TASKCAST_POSTGRES_URL");
        }
        return AdapterSelector.configuredLongTermUrl(ConfigFile.load(config, env, context::warn).tree());
    }
}
