package dev.taskcast.plugin.postgres;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/** Small helpers over Helidon's DbClient shared by the store and the migrator. */
final class DbSupport {
    private DbSupport() {
    }

    /**
     * Runs {@code work} in one transaction: commit on success, rollback on any failure. Every
     * transaction here runs at least one statement, so there is always a connection to end.
     */
    static <T> T inTransaction(DbClient client, Function<DbTransaction, T> work) {
        DbTransaction tx = client.transaction();
        T result;
        try {
            result = work.apply(tx);
        } catch (RuntimeException | Error e) {
            try {
                tx.rollback();
            } catch (RuntimeException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
        tx.commit();
        return result;
    }

    /**
     * Reads a query's rows and closes the stream: an unclosed DbClient query stream keeps its
     * statement (and, outside a transaction, its pooled connection).
     */
    static <T> List<T> list(Stream<DbRow> rows, Function<DbRow, T> mapper) {
        try (rows) {
            return rows.map(mapper).toList();
        }
    }

    /** The column's raw JDBC value, {@code null} for SQL NULL (no Helidon mapping involved). */
    static Object raw(DbRow row, String column) {
        return row.column(column).asOptional().orElse(null);
    }

    static String string(DbRow row, String column) {
        Object v = raw(row, column);
        return v == null ? null : v.toString();
    }

    static Long longValue(DbRow row, String column) {
        Object v = raw(row, column);
        return v == null ? null : ((Number) v).longValue();
    }

    static Integer intValue(DbRow row, String column) {
        Object v = raw(row, column);
        return v == null ? null : ((Number) v).intValue();
    }

    static boolean bool(DbRow row, String column) {
        return Boolean.TRUE.equals(raw(row, column));
    }

    static byte[] bytes(DbRow row, String column) {
        return (byte[]) raw(row, column);
    }
}
