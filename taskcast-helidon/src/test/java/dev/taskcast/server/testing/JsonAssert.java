package dev.taskcast.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.TaskcastJson;

/** JSON comparisons for HTTP-level tests: compared as Jackson trees, key order ignored. */
public final class JsonAssert {
    private JsonAssert() {
    }

    public static JsonNode json(String text) {
        return TaskcastJson.tree(text);
    }

    /**
     * Exact equality of two JSON documents as trees (object key order ignored, array order kept).
     * Both sides are re-read from text so numeric node types (int vs long) do not matter.
     */
    public static void assertJson(String expected, String actual) {
        assertEquals(json(expected), json(actual), () -> "expected " + expected + "\n but got " + actual);
    }

    public static void assertJson(String expected, JsonNode actual) {
        assertJson(expected, actual.toString());
    }

    /** Status and JSON body of a response, with the response in the failure message. */
    public static void assertJson(int expectedStatus, String expectedBody, Response actual) {
        assertEquals(expectedStatus, actual.status(), () -> "status of " + actual);
        assertJsonContentType(actual);
        assertJson(expectedBody, actual.body());
    }

    /** A business error {@code {"error":"<message>"}} with its status (http-api.md §3.1). */
    public static void assertError(int expectedStatus, String expectedMessage, Response actual) {
        assertJson(expectedStatus, TaskcastJson.write(TaskcastJson.object().put("error", expectedMessage)), actual);
    }

    /** §1.1: JSON bodies carry {@code Content-Type: application/json}. */
    public static void assertJsonContentType(Response actual) {
        String ct = actual.contentType();
        assertTrue(ct != null && ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json"),
                () -> "JSON content type expected: " + actual);
    }

    /** Every field of {@code expectedSubset} is present in {@code actual} with an equal value. */
    public static void assertJsonContains(String expectedSubset, JsonNode actual) {
        JsonNode expected = json(expectedSubset);
        JsonNode normalized = json(actual.toString());
        expected.properties().forEach(e -> assertEquals(e.getValue(), normalized.get(e.getKey()),
                () -> "field " + e.getKey() + " of " + actual));
    }

    /**
     * A plain-text response (http-api.md §1.3, §1.4, §3.3): status, {@code text/plain} with UTF-8
     * charset (compared without whitespace, case-insensitively) and the exact body.
     */
    public static void assertPlainText(int expectedStatus, String expectedBody, Response actual) {
        assertEquals(expectedStatus, actual.status(), () -> "status of " + actual);
        String ct = actual.contentType() == null ? "" : actual.contentType().replace(" ", "").toLowerCase(java.util.Locale.ROOT);
        assertEquals("text/plain;charset=utf-8", ct, () -> "content type of " + actual);
        assertEquals(expectedBody, actual.body());
    }
}
