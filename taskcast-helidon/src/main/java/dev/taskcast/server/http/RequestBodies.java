package dev.taskcast.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.server.validation.JsonBody;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a JSON request body within the configured size limit and the body idle timeout. Memory
 * follows what arrived, not what was declared: a client that declares 10 MiB and sends a few bytes
 * holds a few KiB, and a client whose body stops arriving is cut off after the idle timeout (Helidon
 * itself never times out a request in progress).
 */
final class RequestBodies {
    /** First buffer: most bodies fit; larger ones grow by doubling up to the limit. */
    private static final int FIRST_BUFFER = 64 * 1024;
    private static final ScheduledExecutorService ALARMS = alarms();

    private final long maxBytes;
    private final long idleTimeoutMs;

    /** One daemon thread; a cancelled alarm leaves the queue at once (not 30 s later: the soak saw them pile up). */
    private static ScheduledExecutorService alarms() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "taskcast-body-timeout");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    RequestBodies(long maxBytes, long idleTimeoutMs) {
        this.maxBytes = maxBytes;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    /** The request's Content-Type value, or {@code null}. */
    static String contentType(ServerRequest req) {
        return req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null);
    }

    /**
     * The parsed body.
     *
     * @throws PayloadTooLargeException when the body exceeds the limit (checked on the declared
     *         length first, then while reading, so an oversized body is never held in memory)
     */
    JsonNode json(ServerRequest req) {
        return JsonBody.parse(bytes(req));
    }

    private byte[] bytes(ServerRequest req) {
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > maxBytes) {
            throw new PayloadTooLargeException(maxBytes);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        long cap = Math.min(Integer.MAX_VALUE - 8, maxBytes + 1); // one byte more tells "too large"
        long expected = declared >= 0 ? declared : cap;
        byte[] buf = new byte[(int) Math.max(1, Math.min(expected, FIRST_BUFFER))];
        int n = 0;
        try (InputStream in = req.content().inputStream()) {
            while (true) {
                if (n == buf.length) {
                    if (n >= expected) {
                        break; // the declared length is read
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min(Math.max(2L * n, 1), expected));
                }
                int r = read(in, buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
                if (n > maxBytes) {
                    throw new PayloadTooLargeException(maxBytes);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    /**
     * One read, abandoned when no byte arrives within the idle timeout: the reading (virtual) thread is
     * interrupted, which closes the connection; the request then ends with {@link BodyTimeoutException}.
     */
    private int read(InputStream in, byte[] buf, int off, int len) throws IOException {
        Thread reader = Thread.currentThread();
        AtomicInteger state = new AtomicInteger(); // 0 armed, 1 fired, 2 disarmed
        ScheduledFuture<?> alarm = ALARMS.schedule(() -> {
            if (state.compareAndSet(0, 1)) {
                reader.interrupt();
            }
        }, idleTimeoutMs, TimeUnit.MILLISECONDS);
        try {
            int r = in.read(buf, off, len);
            if (state.get() == 1) {
                throw new BodyTimeoutException(idleTimeoutMs);
            }
            return r;
        } catch (IOException | RuntimeException e) {
            if (state.get() == 1) {
                throw new BodyTimeoutException(idleTimeoutMs);
            }
            throw e;
        } finally {
            if (!state.compareAndSet(0, 2)) {
                Thread.interrupted(); // the alarm fired: do not leak its interrupt into the next request
            }
            alarm.cancel(false);
        }
    }

    /** The body stopped arriving: 408 if the connection still takes it (usually it is closed by then). */
    static final class BodyTimeoutException extends RuntimeException {
        BodyTimeoutException(long idleMs) {
            super("Request body not received within " + idleMs + " ms", null, false, false);
        }
    }

    /** 413 with the error shape. */
    static final class PayloadTooLargeException extends RuntimeException {
        PayloadTooLargeException(long limit) {
            super("Request body exceeds the limit of " + limit + " bytes", null, false, false);
        }
    }
}
