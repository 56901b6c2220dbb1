package dev.taskcast.plugin.postgres;

import static org.junit.jupiter.api.Assertions.fail;

import dev.taskcast.spi.PluginContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The local PostgreSQL of TASKCAST_TEST_POSTGRES_URL with a schema of the caller's own
 * ({@code tc_test_<random>}, selected through the driver's {@code currentSchema}), dropped on
 * {@link #close()}. The shared database itself is never dropped (services.md).
 */
final class TestDatabase implements AutoCloseable {
    static final String ENV = "TASKCAST_TEST_POSTGRES_URL";

    private final String baseUrl;
    private final String schema;

    private TestDatabase(String baseUrl, String schema) {
        this.baseUrl = baseUrl;
        this.schema = schema;
    }

    /** A fresh, empty schema; skips the test when no database is configured (fails under CI=true). */
    static TestDatabase create() {
        String url = System.getenv(ENV);
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(ENV + " must be set when CI=true (e.g. postgres://postgres@127.0.0.1:5432/test)");
            }
            Assumptions.abort(ENV + " is not set: skipping the PostgreSQL tests"
                    + " (set it to e.g. postgres://postgres@127.0.0.1:5432/test)");
        }
        TestDatabase db = new TestDatabase(url.trim(), "tc_test_" + UUID.randomUUID().toString().replace("-", ""));
        db.sqlOnBase("CREATE SCHEMA " + db.schema);
        return db;
    }

    String schema() {
        return schema;
    }

    /** The postgres:// URL whose connections use this schema only. */
    String url() {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    PostgresUrl postgresUrl() {
        return PostgresUrl.parse(url());
    }

    PluginContext context() {
        return context(Map.of());
    }

    PluginContext context(Map<String, Object> extraOptions) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("provider", "postgres");
        options.put("url", url());
        options.putAll(extraOptions);
        return new PluginContext(options, Map.of());
    }

    /** Applies 001 and 002 the way {@code taskcast migrate} does. */
    void migrate() {
        try (PostgresMigrator m = PostgresMigrator.open(postgresUrl())) {
            m.apply();
        }
    }

    /** A plain JDBC connection on this schema, for fixtures and raw row checks. */
    Connection connect() throws SQLException {
        return connect(postgresUrl());
    }

    /** Runs statements on this schema. */
    void sql(String... statements) {
        run(postgresUrl(), List.of(statements));
    }

    @Override
    public void close() {
        sqlOnBase("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private void sqlOnBase(String statement) {
        run(PostgresUrl.parse(baseUrl), List.of(statement));
    }

    private static void run(PostgresUrl url, List<String> statements) {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static Connection connect(PostgresUrl url) throws SQLException {
        Properties p = url.properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }
}
