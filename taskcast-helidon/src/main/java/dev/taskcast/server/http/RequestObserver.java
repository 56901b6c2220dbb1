package dev.taskcast.server.http;

import dev.taskcast.server.logging.LogFields;
import dev.taskcast.server.logging.LogSetup;
import dev.taskcast.server.metrics.ServerMetrics;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The first filter of every request: counts it by route template and status class
 * ({@code taskcast_http_requests_total}) and, when the access log is on ({@code -v}), writes one
 * line per request (config-cli.md §3.6):
 * {@code [YYYY-MM-DD HH:MM:SS] METHOD PATH → STATUS  NNms  (context)}, with {@code SSE} in place of
 * the status for a stream, logged when the stream opens. With either feature off it costs nothing.
 */
public final class RequestObserver implements Filter {
    private static final Logger ACCESS = Logger.getLogger(LogSetup.ACCESS_LOGGER);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ServerMetrics metrics;
    private final boolean accessLog;
    /** Set once any server of this JVM writes an access log: until then {@link #note} returns at once. */
    private static volatile boolean accessLogUsed;

    /**
     * @param metrics   request counters, {@code null} when metrics are off
     * @param accessLog write the access log
     */
    public RequestObserver(ServerMetrics metrics, boolean accessLog) {
        this.metrics = metrics;
        this.accessLog = accessLog;
        if (accessLog) {
            accessLogUsed = true;
        }
    }

    /** Whether this filter has anything to do. */
    public boolean active() {
        return metrics != null || accessLog;
    }

    /**
     * A short description of what a request did, for the access log ({@code task created},
     * {@code → running}, {@code 3 events}); a no-op unless the access log is on.
     */
    public static void note(ServerRequest req, String context) {
        if (accessLogUsed) {
            req.context().get(Entry.class).ifPresent(e -> e.context = context);
        }
    }

    /** {@code prefix + value}, built only when the access log is on. */
    public static void note(ServerRequest req, String prefix, String value) {
        if (accessLogUsed) {
            note(req, prefix + value);
        }
    }

    /** {@code count + " " + unit}, built only when the access log is on. */
    public static void note(ServerRequest req, long count, String unit) {
        if (accessLogUsed) {
            note(req, count + " " + unit);
        }
    }

    /** Per-request state: the access log's context note, and whether the request was recorded. */
    private static final class Entry {
        volatile String context;
        volatile boolean logged;
        private boolean recorded;

        synchronized boolean firstRecord() {
            boolean first = !recorded;
            recorded = true;
            return first;
        }
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        String method = req.prologue().method().text();
        // The prologue's path: a filter may see the path relative to a feature's service (/metrics → /).
        ApiRoutes.Route route = ApiRoutes.match(method, req.prologue().uriPath().rawPath());
        Entry entry = new Entry();
        if (accessLog) {
            req.context().register(entry);
            if (route.sse()) {
                // A stream's line is written when its head goes out: the request lasts as long as the stream.
                res.beforeSend(() -> {
                    if (res.status().code() == 200) {
                        entry.logged = true;
                        log(req, route, "SSE", 200, start, "subscriber connected");
                    }
                });
            }
        }
        // An exception leaves the handler before the error handlers (outside this filter) pick the
        // status: such a request is recorded once its response has gone out.
        res.whenSent(() -> record(req, route, res.status().code(), start, entry));
        boolean threw = true;
        try {
            chain.proceed();
            threw = false;
        } finally {
            if (!threw) {
                record(req, route, res.status().code(), start, entry);
            }
        }
    }

    private void record(ServerRequest req, ApiRoutes.Route route, int status, long start, Entry entry) {
        if (!entry.firstRecord()) {
            return;
        }
        if (metrics != null) {
            metrics.httpRequest(route, status);
        }
        if (accessLog && !entry.logged) {
            log(req, route, Integer.toString(status), status, start, entry.context);
        }
    }

    private static void log(ServerRequest req, ApiRoutes.Route route, String shownStatus, int status, long start,
                            String context) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String method = req.prologue().method().text();
        String path = req.prologue().uriPath().rawPath();
        String requestId = RequestIds.of(req);
        StringBuilder line = new StringBuilder(96).append('[').append(TIME.format(LocalDateTime.now())).append("] ")
                .append(method).append(' ').append(path).append(" \u2192 ").append(shownStatus).append("  ")
                .append(ms).append("ms");
        if (context != null) {
            line.append("  (").append(context).append(')');
        }
        line.append("  id=").append(requestId);
        LogFields.of("http_request", "method", method, "path", path, "route", route.template(), "status", status,
                        "sse", route.sse() && "SSE".equals(shownStatus) ? Boolean.TRUE : null, "durationMs", ms,
                        "requestId", requestId, "context", context)
                .log(ACCESS, Level.INFO, line.toString());
    }
}
