package dev.taskcast.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Where the suite finds its services (shared/services.md) and the packaged distribution, and how it
 * isolates itself: every test class uses its own Redis key prefix and PostgreSQL schema and removes
 * them afterwards; nothing shared is ever stopped or flushed.
 */
public final class Env {
    private static Path distHome;

    private Env() {
    }

    public static String redisUrl() {
        return envOr("TASKCAST_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    }

    public static String postgresUrl() {
        return envOr("TASKCAST_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test");
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public static URI redisUri() {
        return URI.create(redisUrl());
    }

    public static URI postgresUri() {
        return URI.create(postgresUrl());
    }

    /** A fresh, unique name part: lower case letters and digits. */
    public static String unique(String prefix) {
        return prefix + Long.toString(System.currentTimeMillis() % 100_000_000L, 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36);
    }

    /** The unpacked distribution (unpacked once per JVM into target/reliability/dist). */
    public static synchronized Path distHome() {
        if (distHome != null) {
            return distHome;
        }
        String archive = System.getProperty("taskcast.distribution");
        if (archive == null || !Files.isRegularFile(Path.of(archive))) {
            throw new IllegalStateException("distribution archive not found (" + archive + "): run `mvn package` first"
                    + " or run this module through the reactor (mvn verify)");
        }
        Path work = Path.of(System.getProperty("taskcast.work", "target/reliability"));
        Path target = work.resolve("dist");
        try {
            if (Files.exists(target)) {
                try (var walk = Files.walk(target)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(target);
            Process tar = new ProcessBuilder("tar", "xzf", archive, "-C", target.toString())
                    .inheritIO().start();
            if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                throw new IllegalStateException("tar xzf " + archive + " failed");
            }
            try (var list = Files.list(target)) {
                distHome = list.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            return distHome;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The distribution's plugins/ folder (redis/ and postgres/), loaded as production loads it. */
    public static Path pluginsDir() {
        return distHome().resolve("plugins");
    }

    // ---- PostgreSQL --------------------------------------------------------------------------

    /** JDBC URL of the test database (trust auth, services.md). */
    public static String jdbcUrl() {
        URI u = postgresUri();
        String user = u.getUserInfo() == null ? "postgres" : u.getUserInfo().split(":")[0];
        return "jdbc:postgresql://" + u.getHost() + ":" + (u.getPort() < 0 ? 5432 : u.getPort()) + u.getPath()
                + "?user=" + user;
    }

    public static Connection jdbc() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }

    /** Creates schema {@code name}; the server selects it with {@code ?currentSchema=} and migrates it. */
    public static void createSchema(String name) {
        sql("CREATE SCHEMA " + name);
    }

    public static void dropSchema(String name) {
        sql("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    public static void sql(String statement) {
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    public static long count(String query) {
        try (Connection c = jdbc(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    /** The PostgreSQL URL for the server, pointing at {@code host:port} (a proxy) and schema {@code schema}. */
    public static String postgresUrlVia(int port, String schema) {
        URI u = postgresUri();
        return u.getScheme() + "://" + (u.getUserInfo() == null ? "" : u.getUserInfo() + "@") + "127.0.0.1:" + port
                + u.getPath() + "?currentSchema=" + schema.toLowerCase(Locale.ROOT);
    }

    public static String postgresUrlFor(String schema) {
        URI u = postgresUri();
        return postgresUrlVia(u.getPort() < 0 ? 5432 : u.getPort(), schema);
    }

    public static String redisUrlVia(int port) {
        URI u = redisUri();
        return u.getScheme() + "://" + (u.getUserInfo() == null ? "" : u.getUserInfo() + "@") + "127.0.0.1:" + port
                + (u.getPath() == null ? "" : u.getPath());
    }

    public static int redisPort() {
        return redisUri().getPort() < 0 ? 6379 : redisUri().getPort();
    }

    public static int postgresPort() {
        return postgresUri().getPort() < 0 ? 5432 : postgresUri().getPort();
    }
}
