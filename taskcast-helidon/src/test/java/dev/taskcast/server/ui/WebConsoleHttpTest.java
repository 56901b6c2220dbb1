package dev.taskcast.server.ui;

import static dev.taskcast.server.testing.JsonAssert.assertPlainText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web console at {@code /ui} (config {@code ui.enabled}): static files with their content
 * types and caching headers, outside authentication, and nothing at all when disabled. Its
 * behaviour in a browser is covered by {@code .ci/browser-test.sh}.
 */
class WebConsoleHttpTest {
    static TestServer open;
    static TestServer jwt;
    static TestServer disabled;

    @BeforeAll
    static void start() {
        open = TestServer.start();
        jwt = TestServer.start(TestServer.jwtConfig());
        disabled = TestServer.start(ServerConfig.builder().uiEnabled(false));
    }

    @AfterAll
    static void stop() {
        open.close();
        jwt.close();
        disabled.close();
    }

    @Test
    void bareUiRedirectsToTheFolder() {
        Response r = open.get("/ui");
        assertEquals(301, r.status(), r::toString);
        assertEquals("ui/", r.header("Location"), "relative, so that it works behind a path prefix");
    }

    @Test
    void indexWithStrictHeaders() {
        Response r = open.get("/ui/");
        assertEquals(200, r.status(), r::toString);
        assertEquals("text/html; charset=UTF-8", r.contentType());
        assertTrue(r.body().contains("<title>Taskcast console</title>"), r::body);
        assertEquals("no-cache", r.header("Cache-Control"));
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertEquals(WebConsole.CONTENT_SECURITY_POLICY, r.header("Content-Security-Policy"));
        assertNotNull(r.header("ETag"));
        assertEquals(r.body(), open.get("/ui/index.html").body());
    }

    @Test
    void assetsHaveTheirContentTypes() {
        assertAsset("/ui/app.js", "text/javascript; charset=UTF-8", "EventSource");
        assertAsset("/ui/style.css", "text/css; charset=UTF-8", ".timeline");
        assertAsset("/ui/favicon.svg", "image/svg+xml", "<svg");
    }

    private static void assertAsset(String path, String contentType, String excerpt) {
        Response r = open.get(path);
        assertEquals(200, r.status(), r::toString);
        assertEquals(contentType, r.contentType());
        assertTrue(r.body().contains(excerpt), path);
    }

    @Test
    void unchangedFilesAnswer304() {
        String etag = open.get("/ui/app.js").header("ETag");
        Response r = open.request("GET", "/ui/app.js").header("If-None-Match", etag).send();
        assertEquals(304, r.status(), r::toString);
        assertEquals("", r.body());
        assertEquals(etag, r.header("ETag"));
        assertEquals(200, open.request("GET", "/ui/app.js").header("If-None-Match", "\"other\"").send().status());
    }

    @Test
    void headHasNoBody() {
        Response r = open.request("HEAD", "/ui/").send();
        assertEquals(200, r.status(), r::toString);
        assertEquals("", r.body());
    }

    @Test
    void onlyTheConsoleFilesExist() {
        for (String path : new String[] {"/ui/nope.js", "/ui/x/app.js", "/ui/%2e%2e/pom.xml", "/ui/..%2Fapp.js",
                "/ui/WebConsole.class"}) {
            assertPlainText(404, "404 Not Found", open.get(path));
        }
        // Other methods are not console routes: the API's plain 404 (http-api.md §1.3).
        assertPlainText(404, "404 Not Found", open.post("/ui/", "{}"));
    }

    @Test
    void servedWithoutATokenInJwtMode() {
        assertEquals(401, jwt.get("/tasks").status());
        Response r = jwt.get("/ui/");
        assertEquals(200, r.status(), r::toString);
        assertEquals(200, jwt.get("/ui/app.js").status());
    }

    @Test
    void disabledConsoleIsNotServed() {
        assertPlainText(404, "404 Not Found", disabled.get("/ui/"));
        assertPlainText(404, "404 Not Found", disabled.get("/ui"));
        assertPlainText(404, "404 Not Found", disabled.get("/ui/app.js"));
        assertEquals(200, disabled.get("/health").status());
    }
}
