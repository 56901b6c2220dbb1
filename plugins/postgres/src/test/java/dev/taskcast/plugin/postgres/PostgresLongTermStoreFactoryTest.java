package dev.taskcast.plugin.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.api.Task;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.spi.DependencyHealth;
import dev.taskcast.spi.DependencyUnavailableException;
import dev.taskcast.spi.LongTermStore;
import dev.taskcast.spi.PluginContext;
import dev.taskcast.spi.SchemaMigrator;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Startup checks of the factory (config-cli.md §3.2 step 6, §4.3) and failure mapping (http-api.md §3.4). */
class PostgresLongTermStoreFactoryTest {
    private final PostgresLongTermStoreFactory factory = new PostgresLongTermStoreFactory();
    private TestDatabase db;

    @BeforeEach
    void freshSchema() {
        db = TestDatabase.create();
    }

    @AfterEach
    void dropSchema() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void anUnmigratedSchemaIsRefusedWithAMessageNamingTaskcastMigrate() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> factory.create(db.context()));

        assertEquals("PostgreSQL schema is not migrated (pending: 001_initial.sql, 002_workers.sql); run"
                + " `taskcast migrate` or set TASKCAST_AUTO_MIGRATE=1", e.getMessage());
    }

    @Test
    void aHalfMigratedSchemaIsRefusedNamingTheMissingFile() {
        db.sql(PostgresMigrator.CREATE_TABLE, Migration.all().get(0).sql());
        db.sql("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)"
                + " VALUES (1, 'initial', true, sha384(convert_to('x', 'UTF8')), 1)");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> factory.create(db.context()));

        assertTrue(e.getMessage().contains("(pending: 002_workers.sql)"), e.getMessage());
        assertTrue(e.getMessage().contains("`taskcast migrate`"), e.getMessage());
    }

    @Test
    void aMigratedSchemaIsAcceptedAndHealthy() {
        db.migrate();
        try (LongTermStore store = factory.create(db.context(Map.of("maxConnections", 2)))) {
            assertEquals(List.of(DependencyHealth.healthy("postgres")), store.checkHealth());
            store.saveTask(Task.builder("f-1", TaskStatus.PENDING, 1).build());
            assertTrue(store.getTask("f-1").isPresent());
        }
    }

    /** Tables made without the bookkeeping table (e.g. by hand or another tool) are accepted. */
    @Test
    void tablesWithoutBookkeepingAreAccepted() {
        db.sql(Migration.all().get(0).sql(), Migration.all().get(1).sql());

        try (LongTermStore store = factory.create(db.context())) {
            assertTrue(store.getTask("none").isEmpty());
        }
    }

    @Test
    void migratorUsesTheSameUrlAndAppliesWhatCreateNeeds() {
        try (SchemaMigrator migrator = factory.migrator(db.context()).orElseThrow()) {
            assertTrue(migrator.target().endsWith("/test"), migrator.target());
            assertEquals(List.of("001_initial.sql", "002_workers.sql"), migrator.apply());
            assertEquals(2, migrator.applied());
        }
        try (LongTermStore store = factory.create(db.context())) {
            assertTrue(store.getTask("x").isEmpty());
        }
    }

    @Test
    void anUnreachableServerFailsStartupWithAClearMessage() throws IOException {
        String url = "postgres://postgres@127.0.0.1:" + closedPort() + "/test";
        long start = System.nanoTime();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> factory.create(new PluginContext(Map.of("url", url), Map.of())));

        assertTrue(e.getMessage().startsWith("Cannot connect to PostgreSQL at 127.0.0.1:"), e.getMessage());
        assertTrue(e.getMessage().contains("(connection_refused)"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0,
                "a refused connection fails at once, not after the pool's 5 s wait");
    }

    @Test
    void operationsOnALostServerThrowDependencyUnavailableAndHealthAnswersInTwoSeconds() throws IOException {
        PostgresUrl url = PostgresUrl.parse("postgres://postgres@127.0.0.1:" + closedPort() + "/test");
        try (PostgresLongTermStore store = new PostgresLongTermStore(PostgresPool.open(url, 2, "t", false).client(),
                url.target())) {
            DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                    () -> store.getTask("x"));
            assertEquals("postgres", e.dependency());
            assertEquals("connection_refused", e.kind());
            assertEquals("postgres unavailable (connection_refused)", e.getMessage());

            long start = System.nanoTime();
            List<DependencyHealth> health = store.checkHealth();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(1, health.size());
            assertEquals("postgres", health.get(0).dependency());
            assertTrue(!health.get(0).healthy() && health.get(0).errorKind() != null, health.toString());
            assertTrue(took.compareTo(Duration.ofMillis(2500)) < 0, "probe deadline is 2 s, took " + took);
        }
    }

    @Test
    void aMigratorForALostServerReportsTheDependencyFromItsOperations() throws IOException {
        String url = "postgres://postgres@127.0.0.1:" + closedPort() + "/test";
        try (SchemaMigrator migrator = factory.migrator(
                new PluginContext(Map.of("url", url), Map.of())).orElseThrow()) {
            assertTrue(migrator.target().startsWith("127.0.0.1:"), "target needs no connection");
            DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class, migrator::pending);
            assertEquals("connection_refused", e.kind());
        }
    }

    /** A loopback port nobody listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
