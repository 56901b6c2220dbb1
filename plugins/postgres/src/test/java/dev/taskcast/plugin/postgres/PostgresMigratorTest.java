package dev.taskcast.plugin.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** storage.md §5.2 against the real PostgreSQL; every test gets a fresh schema of its own. */
class PostgresMigratorTest {
    private static final List<String> BOTH = List.of("001_initial.sql", "002_workers.sql");

    private TestDatabase db;
    private PostgresMigrator migrator;

    @BeforeEach
    void freshSchema() {
        db = TestDatabase.create();
        migrator = PostgresMigrator.open(db.postgresUrl());
    }

    @AfterEach
    void dropSchema() {
        if (migrator != null) {
            migrator.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void anEmptyDatabaseHasBothMigrationsPendingAndNoTableIsCreatedByAsking() throws SQLException {
        assertEquals(BOTH, migrator.pending());
        assertEquals(0, migrator.applied());
        assertFalse(exists("_sqlx_migrations"), "pending() must not create the bookkeeping table");
    }

    @Test
    void applyRunsBothFilesAndWritesTheBookkeepingRows() throws SQLException {
        assertEquals(BOTH, migrator.apply());

        assertEquals(List.of(), migrator.pending());
        assertEquals(2, migrator.applied());
        assertTrue(exists("taskcast_tasks") && exists("taskcast_events") && exists("taskcast_worker_events"));
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, description, installed_on, success, checksum,"
                     + " execution_time FROM _sqlx_migrations ORDER BY version")) {
            for (Migration m : Migration.all()) {
                assertTrue(rs.next());
                assertEquals(m.version(), rs.getLong("version"));
                assertEquals(m.description(), rs.getString("description"));
                assertTrue(rs.getTimestamp("installed_on") != null);
                assertTrue(rs.getBoolean("success"));
                assertArrayEquals(m.checksum(), rs.getBytes("checksum"), "raw SHA-384 bytes");
                assertTrue(rs.getLong("execution_time") >= 0, "elapsed nanoseconds, no longer the -1 placeholder");
            }
            assertFalse(rs.next());
        }
        assertEquals(List.of("initial", "workers"), column("SELECT description FROM _sqlx_migrations ORDER BY version"));
    }

    @Test
    void aSecondRunIsUpToDate() {
        migrator.apply();

        assertEquals(List.of(), migrator.apply());
        assertEquals(List.of(), migrator.pending());
        assertEquals(2, migrator.applied());
    }

    @Test
    void onlyTheMissingMigrationIsApplied() {
        migrator.apply();
        db.sql("DELETE FROM _sqlx_migrations WHERE version = 2");

        assertEquals(List.of("002_workers.sql"), migrator.pending());
        assertEquals(List.of("002_workers.sql"), migrator.apply(), "002 is idempotent DDL (IF NOT EXISTS)");
    }

    @Test
    void aDirtyRowStopsTheRunWithTheOriginalsMessage() {
        db.sql(PostgresMigrator.CREATE_TABLE,
                "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)"
                        + " VALUES (1, 'initial', false, '\\x00'::bytea, -1)");

        IllegalStateException e = assertThrows(IllegalStateException.class, migrator::apply);

        assertEquals("Dirty migration found: version 1 (initial). A previous migration failed. Please fix it"
                + " manually before running migrations.", e.getMessage());
    }

    @Test
    void aChecksumMismatchStopsTheRunWithTheOriginalsMessage() {
        migrator.apply();
        db.sql("UPDATE _sqlx_migrations SET checksum = sha384('something else'::bytea) WHERE version = 2");

        IllegalStateException e = assertThrows(IllegalStateException.class, migrator::apply);

        assertEquals("Checksum mismatch for migration 002_workers.sql (version 2). The applied migration differs"
                + " from the local file.", e.getMessage());
    }

    /** The original's hot/cold lifecycle adds 003–005; this server ignores those rows (§5.2, config-cli.md §4.2). */
    @Test
    void rowsOfTheOriginalsLaterMigrationsAreIgnored() {
        migrator.apply();
        db.sql("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES"
                + " (3, 'storage lifecycle', true, sha384('3'::bytea), 1000),"
                + " (4, 'archive generations', true, sha384('4'::bytea), 1000),"
                + " (5, 'durable assignments', true, sha384('5'::bytea), 1000)");

        assertEquals(List.of(), migrator.apply());
        assertEquals(List.of(), migrator.pending());
        assertEquals(2, migrator.applied());
    }

    @Test
    void aRunnerOnAnotherInstanceAtTheSameTimeAppliesEachFileOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> runs = new ArrayList<>();
        List<PostgresMigrator> others = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                PostgresMigrator other = PostgresMigrator.open(db.postgresUrl());
                others.add(other);
                runs.add(pool.submit((Callable<List<String>>) other::apply));
            }
            List<String> appliedByAll = new ArrayList<>();
            for (Future<List<String>> run : runs) {
                appliedByAll.addAll(run.get());
            }
            assertEquals(BOTH, appliedByAll.stream().sorted().toList(), "each file applied by exactly one runner");
        } finally {
            pool.shutdownNow();
            others.forEach(PostgresMigrator::close);
        }
        assertEquals(2, migrator.applied());
    }

    @Test
    void targetNamesHostPortAndDatabaseWithoutCredentials() {
        try (PostgresMigrator m = PostgresMigrator.open(PostgresUrl.parse("postgres://u:secret@db.example:6543/app"))) {
            assertEquals("db.example:6543/app", m.target());
        }
    }

    private boolean exists(String table) throws SQLException {
        return !column("SELECT 1 FROM pg_tables WHERE schemaname = '" + db.schema() + "' AND tablename = '"
                + table + "'").isEmpty();
    }

    private List<String> column(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
