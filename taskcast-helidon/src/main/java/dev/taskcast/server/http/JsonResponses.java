package dev.taskcast.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.api.TaskcastJson;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;

/** The response shapes of http-api.md §3: JSON bodies, business errors and plain-text errors. */
public final class JsonResponses {
    private JsonResponses() {
    }

    public static void send(ServerResponse res, int status, Object body) {
        sendBytes(res, status, TaskcastJson.writeBytes(body));
    }

    public static void sendBytes(ServerResponse res, int status, byte[] json) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(json);
    }

    /** {@code {"error":"<message>"}}. */
    public static void error(ServerResponse res, int status, String message) {
        ObjectNode body = TaskcastJson.object().put("error", message);
        send(res, status, body);
    }

    public static void text(ServerResponse res, int status, String contentType, String body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }

    /** §1.3: unknown path or method. */
    public static void notFound(ServerResponse res) {
        text(res, 404, "text/plain; charset=UTF-8", "404 Not Found");
    }

    /** §3.3. */
    public static void malformedJson(ServerResponse res) {
        text(res, 400, "text/plain;charset=UTF-8", "Malformed JSON in request body");
    }

    /** §1.4. */
    public static void internalError(ServerResponse res) {
        text(res, 500, "text/plain; charset=UTF-8", "Internal Server Error");
    }
}
