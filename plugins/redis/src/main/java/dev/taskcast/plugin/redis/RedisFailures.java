package dev.taskcast.plugin.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Sorts a Lettuce failure into the error kinds of http-api.md §3.4. A failure that is not about
 * reaching Redis (a WRONGTYPE reply, say) has no kind: it is a bug or corrupt data, not a 503.
 */
final class RedisFailures {
    static final String CONNECTION_REFUSED = "connection_refused";
    static final String CONNECTION_RESET = "connection_reset";
    static final String TIMEOUT = "timeout";
    static final String DNS = "dns";
    static final String AUTHENTICATION = "authentication";
    static final String CONNECTION_CLOSED = "connection_closed";
    static final String UNAVAILABLE = "unavailable";

    private RedisFailures() {
    }

    /**
     * The kind of {@code failure}, or {@code null} when it is not a dependency failure.
     *
     * @param whileDisconnected the kind to report when Lettuce only says "not connected" (commands are
     *                          rejected while it reconnects): the cause of the disconnection, if known
     */
    static String kindOf(Throwable failure, String whileDisconnected) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String kind = directKind(c);
            if (kind != null) {
                return kind;
            }
            String message = lower(c.getMessage());
            if (message.contains("not connected") || message.contains("connection closed")
                    || message.contains("connection is closed") || message.contains("channel closed")) {
                return whileDisconnected != null ? whileDisconnected : CONNECTION_CLOSED;
            }
        }
        if (failure instanceof RedisCommandExecutionException) {
            return null;
        }
        // Any other client-side Lettuce failure (connection setup, interrupted wait, ...).
        return failure instanceof RedisException || hasCause(failure, RedisConnectionException.class)
                ? UNAVAILABLE : null;
    }

    private static String directKind(Throwable c) {
        // Timeouts first: Netty's ConnectTimeoutException is also a ConnectException.
        if (c instanceof RedisCommandTimeoutException || c instanceof TimeoutException
                || c instanceof SocketTimeoutException || c.getClass().getName().endsWith("ConnectTimeoutException")) {
            return TIMEOUT;
        }
        if (c instanceof UnknownHostException) {
            return DNS;
        }
        if (c instanceof ConnectException) {
            return CONNECTION_REFUSED;
        }
        if (c instanceof ClosedChannelException) {
            return CONNECTION_CLOSED;
        }
        String message = lower(c.getMessage());
        if (c instanceof RedisCommandExecutionException) {
            return replyKind(message);
        }
        if (message.contains("connection reset") || message.contains("broken pipe")) {
            return CONNECTION_RESET;
        }
        if (message.contains("connection refused")) {
            return CONNECTION_REFUSED;
        }
        return null;
    }

    /** Error replies that mean "Redis cannot serve you now" rather than "your command is wrong". */
    private static String replyKind(String message) {
        if (message.startsWith("noauth") || message.startsWith("wrongpass") || message.contains("invalid password")
                || message.contains("invalid username-password") || message.startsWith("noperm")) {
            return AUTHENTICATION;
        }
        for (String transientError : new String[] {"loading", "busy", "masterdown", "tryagain", "clusterdown",
                "readonly", "oom"}) {
            if (message.startsWith(transientError)) {
                return UNAVAILABLE;
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
