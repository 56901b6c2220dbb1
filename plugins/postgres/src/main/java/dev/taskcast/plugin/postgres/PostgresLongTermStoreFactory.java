package dev.taskcast.plugin.postgres;

import dev.taskcast.spi.LongTermStore;
import dev.taskcast.spi.LongTermStoreFactory;
import dev.taskcast.spi.PluginContext;
import dev.taskcast.spi.SchemaMigrator;
import io.helidon.dbclient.DbClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Provider {@code postgres}. Options: {@code url} (else {@code TASKCAST_POSTGRES_URL}) and
 * {@code maxConnections} (else {@code TASKCAST_POSTGRES_MAX_CONNECTIONS}, else 10).
 */
public final class PostgresLongTermStoreFactory implements LongTermStoreFactory {
    public static final String NAME = "postgres";
    static final String URL_ENV = "TASKCAST_POSTGRES_URL";
    static final String MAX_CONNECTIONS_ENV = "TASKCAST_POSTGRES_MAX_CONNECTIONS";
    static final int DEFAULT_MAX_CONNECTIONS = 10;

    /**
     * Outer bound of the startup query. Connecting is already bounded by the 5 s connect timeout
     * (config-cli.md §3.2 step 6) and fails with the driver's precise cause (refused, authentication,
     * …); this only guards against a server that accepts but never answers.
     */
    static final Duration PROBE_DEADLINE = PostgresPool.CONNECT_TIMEOUT.plusSeconds(1);

    private static final Pattern POSITIVE_INTEGER = Pattern.compile("^[1-9][0-9]*$");

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Connects, proves with a trivial query that PostgreSQL answers, and refuses an unmigrated schema:
     * the server never creates tables unless asked to ({@code taskcast migrate}, TASKCAST_AUTO_MIGRATE).
     *
     * @throws IllegalArgumentException for a bad URL or pool size
     * @throws IllegalStateException    when PostgreSQL cannot be reached or the schema is not migrated
     */
    @Override
    public LongTermStore create(PluginContext context) {
        PostgresUrl url = url(context);
        int maxConnections = maxConnections(context);
        DbClient client;
        try {
            client = PostgresPool.open(url, maxConnections, "taskcast-postgres", true).client();
        } catch (RuntimeException e) {
            throw unreachable(url, e);
        }
        try {
            probe(client, url);
            requireMigrated(client, url);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return new PostgresLongTermStore(client, url.target());
    }

    @Override
    public Optional<SchemaMigrator> migrator(PluginContext context) {
        return Optional.of(PostgresMigrator.open(url(context)));
    }

    static PostgresUrl url(PluginContext context) {
        String url = context.stringOption("url");
        if (url == null) {
            url = context.env(URL_ENV);
        }
        if (url == null) {
            throw new IllegalArgumentException("configured PostgreSQL long-term store requires " + URL_ENV
                    + " or adapters.longTermStore.url");
        }
        return PostgresUrl.parse(url);
    }

    static int maxConnections(PluginContext context) {
        Object option = context.options().get("maxConnections");
        if (option != null && !option.toString().isEmpty()) {
            return positive(option.toString().trim(), "adapters.longTermStore.maxConnections");
        }
        String env = context.env(MAX_CONNECTIONS_ENV);
        return env == null ? DEFAULT_MAX_CONNECTIONS : positive(env.trim(), MAX_CONNECTIONS_ENV);
    }

    private static int positive(String value, String name) {
        if (POSITIVE_INTEGER.matcher(value).matches()) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException tooLarge) {
                // falls through to the common message
            }
        }
        throw new IllegalArgumentException(name + " must be a positive integer");
    }

    private static void probe(DbClient client, PostgresUrl url) {
        try {
            PostgresPool.within(PROBE_DEADLINE, () -> client.execute().get("SELECT 1 AS ok"));
        } catch (TimeoutException e) {
            throw new IllegalStateException("PostgreSQL at " + url.target() + " did not answer within "
                    + PostgresPool.CONNECT_TIMEOUT.toSeconds() + " s", e);
        } catch (RuntimeException e) {
            throw unreachable(url, e);
        }
    }

    private static IllegalStateException unreachable(PostgresUrl url, RuntimeException e) {
        String kind = PostgresErrors.connectionFailureKind(e);
        return new IllegalStateException("Cannot connect to PostgreSQL at " + url.target() + " ("
                + (kind == null ? "unavailable" : kind) + "): " + PostgresErrors.rootMessage(e), e);
    }

    /** Both migrations recorded in {@code _sqlx_migrations}, or their tables and columns present. */
    private static void requireMigrated(DbClient client, PostgresUrl url) {
        List<String> pending;
        try (PostgresMigrator check = new PostgresMigrator(client, url.target(), false, Migration.all())) {
            pending = check.pending();
        }
        if (pending.isEmpty() || schemaPresent(client)) {
            return;
        }
        throw new IllegalStateException("PostgreSQL schema is not migrated (pending: " + String.join(", ", pending)
                + "); run `taskcast migrate` or set TASKCAST_AUTO_MIGRATE=1");
    }

    /** A schema made without our bookkeeping (e.g. by hand): the tables of 001 and a column of 002. */
    private static boolean schemaPresent(DbClient client) {
        return client.execute().get("SELECT to_regclass('taskcast_events') IS NOT NULL AND EXISTS ("
                        + "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('taskcast_tasks')"
                        + " AND attname = 'disconnect_policy' AND NOT attisdropped) AS present")
                .map(r -> DbSupport.bool(r, "present")).orElse(false);
    }
}
