package dev.taskcast.server.cli;

import dev.taskcast.engine.config.AdapterSelector;
import dev.taskcast.engine.config.ConfigEnvironment;
import dev.taskcast.engine.config.ConfigFile;
import dev.taskcast.engine.plugin.ProviderRegistry;
import dev.taskcast.spi.LongTermStoreFactory;
import dev.taskcast.spi.PluginContext;
import dev.taskcast.spi.SchemaMigrator;
import java.io.Console;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code taskcast migrate} (config-cli.md §4.1): applies the migrations of the {@code postgres}
 * long-term store plugin, found in the plugins folder like the server finds it.
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
        ConfigEnvironment env = context.environment();
        String target = postgresUrl(env);
        if (target == null) {
            context.warn(NO_URL);
            return 1;
        }
        try (SchemaMigrator migrator = migrator(env, target)) {
            context.info("Target: " + migrator.target());
            List<String> pending = migrator.pending();
            if (pending.isEmpty()) {
                context.info("Database is up to date.");
                return 0;
            }
            pending.forEach(context.out()::println);
            if (!yes && !confirmed(pending.size())) {
                return 1;
            }
            List<String> applied = migrator.apply();
            applied.forEach(f -> context.out().println("  Applied " + f));
            context.info("Applied " + applied.size() + " migration(s) successfully.");
            return 0;
        } catch (RuntimeException e) {
            context.warn("Migration failed: " + e.getMessage());
            return 1;
        } finally {
            context.out().flush();
        }
    }

    /** The migrator of the {@code postgres} long-term store plugin, found like the server finds it. */
    private static SchemaMigrator migrator(ConfigEnvironment env, String url) {
        String dir = env.get("TASKCAST_PLUGINS_DIR");
        Path pluginsDir = dir != null ? env.resolve(dir)
                : env.distributionHome() == null ? null : env.distributionHome().resolve("plugins");
        ProviderRegistry registry = ProviderRegistry.discover(MigrateCommand.class.getClassLoader(), pluginsDir, l -> { });
        LongTermStoreFactory factory = registry.factory(LongTermStoreFactory.class, "postgres");
        return factory.migrator(new PluginContext(Map.of("provider", "postgres", "url", url), env.variables()))
                .orElseThrow(() -> new IllegalStateException("the postgres plugin offers no migrations"));
    }

    private boolean confirmed(int count) {
        Console console = System.console();
        if (console == null) {
            context.warn("No TTY detected. Re-run with --yes (-y) to skip confirmation.");
            return false;
        }
        String answer = console.readLine("Apply %d migration(s)? [y/N] ", count);
        return answer != null && answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y");
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
