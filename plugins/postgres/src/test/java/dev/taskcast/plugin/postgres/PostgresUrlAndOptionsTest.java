package dev.taskcast.plugin.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.spi.LongTermStoreFactory;
import dev.taskcast.spi.PluginContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** URL conversion and option resolution; no database needed. */
class PostgresUrlAndOptionsTest {
    @Test
    void aFullUrlBecomesAJdbcUrlPlusProperties() {
        PostgresUrl u = PostgresUrl.parse("postgres://alice:p%40ss%2Bw0rd@db.example:6543/my%20db"
                + "?sslmode=require&application_name=tc&connect_timeout=9&currentSchema=s1");

        assertEquals("jdbc:postgresql://db.example:6543/my%20db", u.jdbcUrl());
        assertEquals("alice", u.user());
        assertEquals("p@ss+w0rd", u.password());
        Properties p = u.properties();
        assertEquals("require", p.getProperty("sslmode"));
        assertEquals("tc", p.getProperty("ApplicationName"));
        assertEquals("9", p.getProperty("connectTimeout"));
        assertEquals("s1", p.getProperty("currentSchema"));
        assertFalse(p.containsKey("password"));
        assertEquals("db.example:6543/my db", u.target());
    }

    @Test
    void bothSchemesAndDefaultsAreAccepted() {
        PostgresUrl u = PostgresUrl.parse("postgresql://127.0.0.1/test");
        assertEquals("jdbc:postgresql://127.0.0.1/test", u.jdbcUrl());
        assertEquals("127.0.0.1:5432/test", u.target());
        assertNull(u.user());
        assertNull(u.password());

        PostgresUrl bare = PostgresUrl.parse("postgres://postgres@");
        assertEquals("jdbc:postgresql://localhost/", bare.jdbcUrl());
        assertEquals("localhost:5432/postgres", bare.target(), "database defaults to the user name");

        PostgresUrl userInQuery = PostgresUrl.parse("POSTGRES://[::1]:5433/db?user=bob&password=pw");
        assertEquals("bob", userInQuery.user());
        assertEquals("pw", userInQuery.password());
        assertEquals("[::1]:5433/db", userInQuery.target());
        assertEquals("jdbc:postgresql://h1:5432,h2:5433/db", PostgresUrl.parse("postgres://h1:5432,h2:5433/db").jdbcUrl());
    }

    @Test
    void otherSchemesAreRejectedWithoutEchoingTheUrl() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PostgresUrl.parse("mysql://root:secret@localhost/db"));
        assertFalse(e.getMessage().contains("secret"));
        assertThrows(IllegalArgumentException.class, () -> PostgresUrl.parse(""));
    }

    @Test
    void toStringHidesThePassword() {
        assertFalse(PostgresUrl.parse("postgres://u:topsecret@h/db").toString().contains("topsecret"));
    }

    @Test
    void urlOptionWinsOverTheEnvironment() {
        PluginContext both = new PluginContext(Map.of("url", "postgres://a/one"),
                Map.of("TASKCAST_POSTGRES_URL", "postgres://b/two"));
        PluginContext envOnly = new PluginContext(Map.of(), Map.of("TASKCAST_POSTGRES_URL", "postgres://b/two"));

        assertEquals("a:5432/one", PostgresLongTermStoreFactory.url(both).target());
        assertEquals("b:5432/two", PostgresLongTermStoreFactory.url(envOnly).target());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> PostgresLongTermStoreFactory.url(new PluginContext(Map.of(), Map.of())));
        assertEquals("configured PostgreSQL long-term store requires TASKCAST_POSTGRES_URL or"
                + " adapters.longTermStore.url", none.getMessage());
    }

    @Test
    void poolSizeComesFromTheOptionThenTheEnvironmentThenTen() {
        assertEquals(10, PostgresLongTermStoreFactory.maxConnections(new PluginContext(Map.of(), Map.of())));
        assertEquals(3, PostgresLongTermStoreFactory.maxConnections(
                new PluginContext(Map.of(), Map.of("TASKCAST_POSTGRES_MAX_CONNECTIONS", "3"))));
        assertEquals(7, PostgresLongTermStoreFactory.maxConnections(
                new PluginContext(Map.of("maxConnections", 7), Map.of("TASKCAST_POSTGRES_MAX_CONNECTIONS", "3"))));
        Map<String, Object> nullOption = new HashMap<>();
        nullOption.put("maxConnections", null);
        assertEquals(10, PostgresLongTermStoreFactory.maxConnections(new PluginContext(nullOption, Map.of())));
    }

    @Test
    void aBadPoolSizeIsRejectedWithTheSpecifiedMessage() {
        for (String bad : new String[] {"0", "-1", "01", "1.5", "ten", "99999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                    PostgresLongTermStoreFactory.maxConnections(
                            new PluginContext(Map.of(), Map.of("TASKCAST_POSTGRES_MAX_CONNECTIONS", bad))), bad);
            assertEquals("TASKCAST_POSTGRES_MAX_CONNECTIONS must be a positive integer", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> PostgresLongTermStoreFactory.maxConnections(
                new PluginContext(Map.of("maxConnections", "0"), Map.of())));
    }

    @Test
    void theFactoryIsRegisteredAsPostgres() {
        assertTrue(ServiceLoader.load(LongTermStoreFactory.class).stream()
                .anyMatch(p -> p.type() == PostgresLongTermStoreFactory.class && p.get().name().equals("postgres")));
    }

    @Test
    void connectionFailuresAreClassifiedAndStatementErrorsAreNot() {
        assertEquals("connection_refused", PostgresErrors.connectionFailureKind(
                new RuntimeException(new java.sql.SQLException("x", "08001", new java.net.ConnectException("refused")))));
        assertEquals("authentication", PostgresErrors.connectionFailureKind(
                new java.sql.SQLException("password authentication failed", "28P01")));
        assertEquals("dns", PostgresErrors.connectionFailureKind(new java.net.UnknownHostException("nope")));
        assertEquals("timeout", PostgresErrors.connectionFailureKind(
                new java.sql.SQLTransientConnectionException("pool timeout")));
        assertEquals("connection_reset", PostgresErrors.connectionFailureKind(
                new java.sql.SQLException("io", "08006", new java.net.SocketException("Connection reset"))));
        assertEquals("connection_closed", PostgresErrors.connectionFailureKind(
                new java.sql.SQLException("closed", "08003")));
        assertNull(PostgresErrors.connectionFailureKind(new java.sql.SQLException("duplicate key", "23505")));
        assertNull(PostgresErrors.connectionFailureKind(new IllegalStateException("other")));
    }
}
