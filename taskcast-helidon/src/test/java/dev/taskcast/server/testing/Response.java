package dev.taskcast.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.TaskcastJson;
import java.net.http.HttpHeaders;

/**
 * A completed HTTP exchange as the tests see it: status, headers and the body as text.
 *
 * @param status  the HTTP status code
 * @param headers the response headers
 * @param body    the body decoded as UTF-8 ("" when empty)
 */
public record Response(int status, HttpHeaders headers, String body) {

    /** The body parsed as JSON (fails the test with the raw body if it is not JSON). */
    public JsonNode json() {
        try {
            return TaskcastJson.tree(body);
        } catch (RuntimeException e) {
            throw new AssertionError("response body is not JSON (status " + status + "): " + body, e);
        }
    }

    /** The {@code Content-Type} header value, or {@code null}. */
    public String contentType() {
        return headers.firstValue("content-type").orElse(null);
    }

    /** A header value, or {@code null}. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
        String shown = body.length() > 2000 ? body.substring(0, 2000) + "…" : body;
        return status + " " + contentType() + " " + shown;
    }
}
