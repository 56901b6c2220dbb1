package dev.taskcast.plugin.postgres;

import dev.taskcast.spi.SchemaMigrator;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbTransaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * The original's migration runner (storage.md §5.2), sharing its bookkeeping table
 * {@code _sqlx_migrations} so that a database migrated by either side is recognised by the other.
 */
public final class PostgresMigrator implements SchemaMigrator {
    static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS _sqlx_migrations (
                version BIGINT PRIMARY KEY,
                description TEXT NOT NULL,
                installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
                success BOOLEAN NOT NULL,
                checksum BYTEA NOT NULL,
                execution_time BIGINT NOT NULL
            )""";

    private final DbClient client;
    private final String target;
    private final boolean ownsClient;
    private final List<Migration> migrations;

    /**
     * @param ownsClient whether {@link #close()} closes {@code client} (a migrator made for
     *                   {@code taskcast migrate} owns its pool; the store factory's check borrows one)
     */
    PostgresMigrator(DbClient client, String target, boolean ownsClient, List<Migration> migrations) {
        this.client = client;
        this.target = target;
        this.ownsClient = ownsClient;
        this.migrations = List.copyOf(migrations);
    }

    /**
     * A migrator with its own small pool for {@code url}. It connects lazily, so that
     * {@link #target()} works without a server and connection failures surface from the operations
     * as {@link dev.taskcast.spi.DependencyUnavailableException}.
     */
    static PostgresMigrator open(PostgresUrl url) {
        PostgresPool pool = PostgresPool.open(url, 2, "taskcast-postgres-migrate", false);
        return new PostgresMigrator(pool.client(), url.target(), true, Migration.all());
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public List<String> pending() {
        return run(() -> {
            Map<Long, Row> rows = rows(client.execute());
            return migrations.stream().filter(m -> !isApplied(rows.get(m.version()))).map(Migration::fileName).toList();
        });
    }

    @Override
    public int applied() {
        return run(() -> {
            Map<Long, Row> rows = rows(client.execute());
            return (int) migrations.stream().filter(m -> isApplied(rows.get(m.version()))).count();
        });
    }

    @Override
    public List<String> apply() {
        return run(() -> {
            DbSupport.inTransaction(client, tx -> {
                lock(tx);
                return tx.dml(CREATE_TABLE);
            });
            Map<Long, Row> rows = rows(client.execute());
            rows.values().stream().filter(r -> !r.success()).findFirst().ifPresent(dirty -> {
                throw new IllegalStateException("Dirty migration found: version " + dirty.version() + " ("
                        + dirty.description() + "). A previous migration failed. Please fix it manually before"
                        + " running migrations.");
            });
            List<String> applied = new ArrayList<>();
            for (Migration m : migrations) {
                Row row = rows.get(m.version());
                if (row != null) {
                    verifyChecksum(m, row);
                } else if (applyOne(m)) {
                    applied.add(m.fileName());
                }
            }
            return applied;
        });
    }

    /** Inserts the bookkeeping row and runs the file in one transaction; false if another runner won. */
    private boolean applyOne(Migration m) {
        long start = System.nanoTime();
        boolean ran = DbSupport.inTransaction(client, tx -> {
            lock(tx);
            // Re-read under the lock: a concurrent runner may have applied it meanwhile.
            Row current = rows(tx).get(m.version());
            if (current != null) {
                verifyChecksum(m, current);
                return false;
            }
            tx.dml("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)"
                    + " VALUES (?, ?, TRUE, ?, -1)", m.version(), m.description(), m.checksum());
            try {
                tx.dml(m.sql());
            } catch (RuntimeException e) {
                RuntimeException translated = PostgresErrors.translate(e);
                if (translated != e) {
                    throw translated;
                }
                throw new IllegalStateException("error while executing migration " + m.fileName() + ": "
                        + PostgresErrors.rootMessage(e), e);
            }
            return true;
        });
        if (ran) {
            long elapsed = System.nanoTime() - start;
            client.execute().dml("UPDATE _sqlx_migrations SET execution_time = ? WHERE version = ?",
                    elapsed, m.version());
        }
        return ran;
    }

    private static void verifyChecksum(Migration m, Row row) {
        if (!Arrays.equals(row.checksum(), m.checksum())) {
            throw new IllegalStateException("Checksum mismatch for migration " + m.fileName() + " (version "
                    + m.version() + "). The applied migration differs from the local file.");
        }
    }

    /**
     * Serialises concurrent runners (several instances starting with TASKCAST_AUTO_MIGRATE). Same
     * key as sqlx's own migration lock, so a sqlx-based runner of the original waits for us too.
     */
    private void lock(DbTransaction tx) {
        // get() runs the statement now (a query stream might not run until consumed).
        tx.get("SELECT TRUE AS locked FROM pg_advisory_xact_lock(?)", lockKey(tx));
    }

    private static long lockKey(DbExecute exec) {
        String database = exec.get("SELECT current_database() AS db").map(r -> DbSupport.string(r, "db")).orElse("");
        CRC32 crc = new CRC32();
        crc.update(database.getBytes(StandardCharsets.UTF_8));
        return 0x3d32ad9eL * crc.getValue();
    }

    /** Every bookkeeping row by version (also versions this server does not ship); none if no table. */
    private static Map<Long, Row> rows(DbExecute exec) {
        boolean exists = exec.get("SELECT to_regclass('_sqlx_migrations') IS NOT NULL AS present")
                .map(r -> DbSupport.bool(r, "present")).orElse(false);
        Map<Long, Row> rows = new TreeMap<>();
        if (!exists) {
            return rows;
        }
        DbSupport.list(exec.query("SELECT version, description, success, checksum FROM _sqlx_migrations"
                + " ORDER BY version"), r -> new Row(DbSupport.longValue(r, "version"), DbSupport.string(r,
                "description"), DbSupport.bool(r, "success"), DbSupport.bytes(r, "checksum")))
                .forEach(r -> rows.put(r.version(), r));
        return rows;
    }

    private static boolean isApplied(Row row) {
        return row != null && row.success();
    }

    /** Connection failures surface as {@link dev.taskcast.spi.DependencyUnavailableException}. */
    private static <T> T run(Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw PostgresErrors.translate(e);
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    private record Row(long version, String description, boolean success, byte[] checksum) {
    }
}
