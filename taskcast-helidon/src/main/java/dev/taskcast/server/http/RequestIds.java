package dev.taskcast.server.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The id that ties a request's log lines together (access log, error lines): the caller's
 * {@code X-Request-Id} when it is a plain token of at most 128 characters (so a proxy's id carries
 * through), else one made here. Made on first use and kept in the request context.
 */
public final class RequestIds {
    static final HeaderName HEADER = HeaderNames.create("X-Request-Id");
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");
    private static final String PREFIX = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    private static final AtomicLong NEXT = new AtomicLong();

    private record RequestId(String value) {
    }

    private RequestIds() {
    }

    /** This request's id. */
    public static String of(ServerRequest req) {
        return req.context().get(RequestId.class).map(RequestId::value).orElseGet(() -> {
            String id = req.headers().first(HEADER).filter(v -> SAFE.matcher(v).matches())
                    .orElseGet(() -> PREFIX + "-" + Long.toString(NEXT.incrementAndGet(), 36));
            req.context().register(new RequestId(id));
            return id;
        });
    }
}
