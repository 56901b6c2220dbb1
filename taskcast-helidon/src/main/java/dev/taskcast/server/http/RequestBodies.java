package dev.taskcast.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.server.validation.JsonBody;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a JSON request body within the configured size limit. */
final class RequestBodies {
    private final long maxBytes;

    RequestBodies(long maxBytes) {
        this.maxBytes = maxBytes;
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
        try (InputStream in = req.content().inputStream()) {
            if (declared >= 0) {
                // The usual case: the entity is framed by the declared length (at most maxBytes, checked
                // above), so read it into one array of that size rather than through the 16 KiB
                // chunks readNBytes allocates and joins when given only a bound.
                return in.readNBytes((int) declared);
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw new PayloadTooLargeException(maxBytes);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 413 with the error shape. */
    static final class PayloadTooLargeException extends RuntimeException {
        PayloadTooLargeException(long limit) {
            super("Request body exceeds the limit of " + limit + " bytes", null, false, false);
        }
    }
}
