package dev.taskcast.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.api.TaskcastJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 description of the HTTP API, {@code GET /openapi.json}: a hand-written resource
 * ({@code openapi.json} beside this class) whose {@code info.version} is set to the server's version.
 * A test keeps its paths and methods equal to {@link ApiRoutes}.
 */
public final class OpenApiDocument {
    static final String RESOURCE = "openapi.json";

    private OpenApiDocument() {
    }

    /** The document as parsed from the resource, unchanged. */
    public static ObjectNode tree() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return (ObjectNode) TaskcastJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The served bytes, with {@code info.version} = {@code version}. */
    static byte[] bytes(String version) {
        ObjectNode doc = tree();
        ((ObjectNode) doc.get("info")).put("version", version);
        return TaskcastJson.writeBytes(doc);
    }
}
