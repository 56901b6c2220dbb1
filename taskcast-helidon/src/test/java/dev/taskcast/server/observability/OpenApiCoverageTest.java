package dev.taskcast.server.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.server.http.ApiRoutes;
import dev.taskcast.server.http.OpenApiDocument;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /openapi.json} describes exactly the routes the server serves: the document's paths
 * and methods equal {@link ApiRoutes} (which the router dispatches through), every listed route is
 * answered by something other than the unknown-route 404, and every other method on those paths is.
 */
class OpenApiCoverageTest {
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.createTask("{\"id\":\"o1\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Set<String> documented(JsonNode doc) {
        Set<String> ops = new TreeSet<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (METHODS.contains(op.getKey().toUpperCase(Locale.ROOT))) {
                ops.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return ops;
    }

    private static Set<String> routed() {
        Set<String> ops = new TreeSet<>();
        ApiRoutes.all().forEach(r -> ops.add(r.method() + " " + r.template()));
        return ops;
    }

    @Test
    @DisplayName("the document lists exactly the routes of the router, no more, no fewer")
    void documentMatchesRouter() {
        assertEquals(routed(), documented(OpenApiDocument.tree()));
    }

    @Test
    @DisplayName("GET /openapi.json serves the OpenAPI 3.1 document, unauthenticated, with the server version")
    void served() {
        Response r = server.get("/openapi.json");
        assertEquals(200, r.status());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        ObjectNode served = (ObjectNode) r.json();
        assertEquals("3.1.0", served.get("openapi").asText());
        assertEquals(server.get("/").json().get("version").asText(), served.at("/info/version").asText());
        assertEquals(routed(), documented(served));
        TestServer jwt = TestServer.start(TestServer.jwtConfig());
        try {
            assertEquals(200, jwt.get("/openapi.json").status(), "no token needed");
        } finally {
            jwt.close();
        }
    }

    @Test
    @DisplayName("every $ref of the document resolves, and every operation has responses")
    void wellFormed() {
        JsonNode doc = OpenApiDocument.tree();
        List<String> broken = new ArrayList<>();
        walk(doc, doc, broken);
        assertEquals(List.of(), broken);
        doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(op ->
                assertTrue(op.getValue().has("responses") && op.getValue().has("operationId"),
                        op.getKey() + " " + p.getKey())));
    }

    private static void walk(JsonNode root, JsonNode node, List<String> broken) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                String pointer = ref.asText().substring(1);
                if (!ref.asText().startsWith("#/") || root.at(pointer).isMissingNode()) {
                    broken.add(ref.asText());
                }
            }
            node.forEach(child -> walk(root, child, broken));
        } else if (node.isArray()) {
            node.forEach(child -> walk(root, child, broken));
        }
    }

    private static String concrete(String template) {
        return template.replace("{taskId}", "o1");
    }

    @Test
    @DisplayName("every documented route is served (it does not answer the unknown-route 404)")
    void everyRouteIsServed() throws Exception {
        for (ApiRoutes.Route route : ApiRoutes.all()) {
            String path = concrete(route.template());
            if (route.sse()) {
                HttpResponse<InputStream> r = server.request(route.method(), path).sendStreaming();
                try (InputStream body = r.body()) {
                    assertEquals(200, r.statusCode(), route.toString());
                    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
                }
                continue;
            }
            Response r = "GET".equals(route.method()) ? server.get(path)
                    : server.request(route.method(), path).json("{\"status\":\"running\",\"type\":\"t\","
                            + "\"level\":\"info\"}").send();
            assertNotEquals("404 Not Found", r.body(), route::toString);
            assertTrue(r.status() < 500, () -> route + ": " + r);
        }
    }

    @Test
    @DisplayName("every other method on a documented path answers the unknown-route 404")
    void nothingElseIsServed() {
        Set<String> routed = routed();
        for (ApiRoutes.Route route : ApiRoutes.all()) {
            for (String method : METHODS) {
                if (routed.contains(method + " " + route.template())) {
                    continue;
                }
                Response r = server.request(method, concrete(route.template())).send();
                assertEquals(404, r.status(), () -> method + " " + route.template() + ": " + r);
                assertEquals("404 Not Found", r.body(), () -> method + " " + route.template());
            }
        }
    }
}
