package dev.taskcast.plugin.postgres;

import dev.taskcast.spi.DependencyUnavailableException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

/**
 * Tells "PostgreSQL cannot be reached" apart from ordinary statement errors, so that the server can
 * answer 503 {@code postgres unavailable (<kind>)} (http-api.md §3.4) for the former only.
 */
final class PostgresErrors {
    static final String DEPENDENCY = "postgres";

    private PostgresErrors() {
    }

    /** {@code e} as a {@link DependencyUnavailableException} when it is a connection failure, else {@code e}. */
    static RuntimeException translate(RuntimeException e) {
        if (e instanceof DependencyUnavailableException) {
            return e;
        }
        String kind = connectionFailureKind(e);
        return kind == null ? e : new DependencyUnavailableException(DEPENDENCY, kind, e);
    }

    /**
     * The §3.4 kind of a connection failure anywhere in {@code t}'s cause chain, or {@code null} when
     * {@code t} is not one (a constraint violation, a syntax error, …). The socket-level cause is the
     * most precise, so it wins over the SQL state of the driver exception wrapping it.
     */
    static String connectionFailureKind(Throwable t) {
        String bySqlState = null;
        boolean poolTimeout = false;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof UnknownHostException) {
                return "dns";
            }
            if (c instanceof SocketTimeoutException) {
                return "timeout";
            }
            if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
                String m = message(c);
                return m.contains("timed out") ? "timeout" : "connection_refused";
            }
            if (c instanceof SocketException) {
                String m = message(c);
                if (m.contains("reset") || m.contains("broken pipe")) {
                    return "connection_reset";
                }
                return "connection_closed";
            }
            if (c instanceof EOFException) {
                return "connection_closed";
            }
            if (c instanceof SQLTransientConnectionException) {
                // HikariCP: no connection became available within connectionTimeout.
                poolTimeout = true;
            }
            if (c instanceof SQLException se && bySqlState == null) {
                bySqlState = bySqlState(se.getSQLState());
            }
        }
        if (bySqlState != null) {
            return bySqlState;
        }
        return poolTimeout ? "timeout" : null;
    }

    private static String bySqlState(String state) {
        if (state == null) {
            return null;
        }
        if (state.startsWith("28")) {
            return "authentication"; // invalid authorization specification / invalid password
        }
        return switch (state) {
            case "08003", "08006", "57P01", "57P02" -> "connection_closed"; // gone, failure, admin/crash shutdown
            case "08001", "08004" -> "connection_refused"; // unable to connect, server rejected
            case "57P03", "53300", "3D000" -> "unavailable"; // starting up, too many connections, no database
            default -> state.startsWith("08") ? "unavailable" : null;
        };
    }

    /** The innermost cause's message: the driver's own words ("Connection to … refused", "syntax error …"). */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
    }
}
