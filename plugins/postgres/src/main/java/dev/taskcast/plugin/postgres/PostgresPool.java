package dev.taskcast.plugin.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.jdbc.CloseableJdbcConnectionPool;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.helidon.dbclient.jdbc.JdbcParametersConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A HikariCP pool handed to Helidon's JDBC {@link DbClient}.
 *
 * <p>Helidon 4 has no Hikari module of its own for the JDBC client, but
 * {@link JdbcClientBuilder#connectionPool} accepts any {@link io.helidon.dbclient.jdbc.JdbcConnectionPool}:
 * this class is that adapter, and being {@link CloseableJdbcConnectionPool}, closing the client closes
 * the pool. Statements, transactions and row streams all go through the DbClient.
 */
final class PostgresPool implements CloseableJdbcConnectionPool {
    /**
     * config-cli.md §3.2 step 6: the driver's connect (and login) timeout, and also how long an
     * operation waits for a pooled connection before it fails.
     */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final HikariDataSource dataSource;

    private PostgresPool(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param maxConnections pool size (TASKCAST_POSTGRES_MAX_CONNECTIONS)
     * @param failFast       make one connection now and throw HikariCP's
     *                       {@code PoolInitializationException} (cause: the driver's error) if that
     *                       fails; otherwise connect lazily and let each operation report
     */
    static PostgresPool open(PostgresUrl url, int maxConnections, String name, boolean failFast) {
        Properties props = url.properties();
        // Whole seconds for the driver; only when the URL does not choose its own values.
        String seconds = Long.toString(CONNECT_TIMEOUT.toSeconds());
        props.putIfAbsent("connectTimeout", seconds);
        props.putIfAbsent("loginTimeout", seconds);
        // A half-open socket (network cut without RST) would otherwise block a caller forever;
        // the store's statements are small, a minute is far above any legitimate wait.
        props.putIfAbsent("socketTimeout", "60");
        props.putIfAbsent("tcpKeepAlive", "true");

        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        // Named explicitly so that Hikari instantiates the driver from this plugin's class loader
        // instead of asking DriverManager, which cannot see drivers inside a plugin loader.
        config.setDriverClassName("org.postgresql.Driver");
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setDataSourceProperties(props);
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(Math.min(1, maxConnections));
        config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        // 1 ms = a single attempt (bounded by the driver's 5 s connect/login timeouts) that fails at
        // once with the driver's own error, instead of the pool retrying for its whole
        // connectionTimeout; -1 = no attempt here.
        config.setInitializationFailTimeout(failFast ? 1 : -1);
        return new PostgresPool(withPluginLoader(() -> new HikariDataSource(config)));
    }

    /** A Helidon JDBC DbClient over this pool; closing the client closes the pool. */
    DbClient client() {
        return withPluginLoader(() -> JdbcClientBuilder.create()
                .connectionPool(this)
                // Plain setString for every string: JSON text is cast with ?::jsonb, and a
                // character stream (Helidon's default for long strings) brings nothing here.
                .parametersSetter(JdbcParametersConfig.builder().useStringBinding(false).build())
                .build());
    }

    @Override
    public Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new DbClientException("Cannot get a PostgreSQL connection from the pool", e);
        }
    }

    @Override
    public String dbType() {
        return "postgresql";
    }

    @Override
    public String name() {
        return dataSource.getPoolName();
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /**
     * Runs {@code work} on a virtual thread and waits at most {@code deadline}. On timeout the thread
     * is interrupted (a virtual thread blocked in socket I/O then closes that socket, and the pool
     * evicts the broken connection) so that a hung probe does not linger.
     *
     * @throws TimeoutException when {@code work} has not finished in time; the work's own runtime
     *                          failure is rethrown as is
     */
    static <T> T within(Duration deadline, Supplier<T> work) throws TimeoutException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = Thread.ofVirtual().name("taskcast-postgres-deadline").start(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DbClientException("interrupted while waiting for PostgreSQL", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new DbClientException(String.valueOf(e.getCause()), e.getCause());
        } finally {
            if (!result.isDone()) {
                thread.interrupt();
            }
        }
    }

    /**
     * Helidon's builders find their mapper providers with {@code ServiceLoader} on the context class
     * loader. Inside a plugin that is the server's loader, whose own Helidon copies then fail with
     * "MapperProvider: … not a subtype" (seen in PluginIsolationTest); so builds run with the
     * plugin's loader as context loader.
     */
    static <T> T withPluginLoader(Supplier<T> action) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(PostgresPool.class.getClassLoader());
        try {
            return action.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
