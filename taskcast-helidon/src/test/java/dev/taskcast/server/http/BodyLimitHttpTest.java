package dev.taskcast.server.http;

import static dev.taskcast.server.testing.JsonAssert.assertJsonContentType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Request body size (http-api.md §1.1): at least 10 MiB accepted; larger MAY be 413 {"error":...}. */
class BodyLimitHttpTest {
    static final int TEN_MIB = 10 * 1024 * 1024;

    static TestServer small;
    static TestServer standard;

    @BeforeAll
    static void start() {
        small = TestServer.start(ServerConfig.builder().maxBodyBytes(1024));
        standard = TestServer.start();
    }

    @AfterAll
    static void stop() {
        small.close();
        standard.close();
    }

    /** A create body of exactly {@code size} bytes: {@code {"params":{"blob":"xxx…"}}}. */
    static byte[] createBody(int size) {
        String prefix = "{\"params\":{\"blob\":\"";
        String suffix = "\"}}";
        StringBuilder sb = new StringBuilder(size).append(prefix);
        sb.append("x".repeat(size - prefix.length() - suffix.length())).append(suffix);
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(size, bytes.length);
        return bytes;
    }

    static void assertTooLarge(Response r) {
        assertEquals(413, r.status(), r::toString);
        assertJsonContentType(r);
        assertTrue(r.json().get("error").isTextual(), r::toString);
        assertEquals(1, r.json().size(), r::toString);
    }

    @Test
    @DisplayName("§1.1 a body over the configured limit → 413 {\"error\":...} (declared Content-Length)")
    void overLimitWithContentLength() {
        assertTooLarge(small.request("POST", "/tasks").body(createBody(1025), "application/json").send());
        assertTooLarge(small.request("POST", "/tasks").body(createBody(4096), null).send());
        small.createTask("{\"id\":\"bl\"}");
        byte[] event = ("{\"type\":\"x\",\"level\":\"info\",\"data\":\"" + "y".repeat(2000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertTooLarge(small.request("POST", "/tasks/bl/events").body(event, "application/json").send());
        assertEquals(0, small.history("bl", null).size(), "nothing published");
    }

    @Test
    @DisplayName("§1.1 a chunked body over the configured limit → 413 as well")
    void overLimitChunked() {
        assertTooLarge(small.request("POST", "/tasks").chunkedBody(createBody(5000), "application/json").send());
    }

    @Test
    @DisplayName("§1.1 a body exactly at the configured limit is accepted")
    void atLimit() {
        Response r = small.request("POST", "/tasks").body(createBody(1024), "application/json").send();
        assertEquals(201, r.status(), r::toString);
        Response chunked = small.request("POST", "/tasks").chunkedBody(createBody(1024), "application/json").send();
        assertEquals(201, chunked.status(), chunked::toString);
    }

    @Test
    @DisplayName("§1.1 the default configuration accepts a 10 MiB body (create and publish)")
    void tenMibAccepted() {
        Response r = standard.request("POST", "/tasks").body(createBody(TEN_MIB), "application/json").send();
        assertEquals(201, r.status(), () -> "status " + r.status());
        assertEquals(TEN_MIB - 22, r.json().at("/params/blob").asText().length());
        String id = r.json().get("id").asText();
        byte[] prefix = "{\"type\":\"big\",\"level\":\"info\",\"data\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] event = new byte[TEN_MIB];
        java.util.Arrays.fill(event, (byte) 'z');
        System.arraycopy(prefix, 0, event, 0, prefix.length);
        event[TEN_MIB - 2] = '"';
        event[TEN_MIB - 1] = '}';
        Response published = standard.request("POST", "/tasks/" + id + "/events").chunkedBody(event, "application/json")
                .send();
        assertEquals(201, published.status(), () -> "status " + published.status());
        assertEquals(TEN_MIB - prefix.length - 2, published.json().get("data").asText().length());
    }
}
