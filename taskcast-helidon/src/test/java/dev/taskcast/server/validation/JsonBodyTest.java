package dev.taskcast.server.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON",
            "Application/Json;Charset=UTF-8", "application/merge-patch+json", "application/vnd.api+json",
            "application/json;charset=utf-8;foo=bar", " application/json "})
    void jsonContentTypes(String contentType) {
        assertTrue(JsonBody.isJsonContentType(contentType));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "text/plain", "application/x-www-form-urlencoded", "text/json",
            "application/jsonp", "application/json-seq", "multipart/form-data", "application/json;",
            "application/json; charset", "application/+json"})
    void nonJsonContentTypes(String contentType) {
        assertFalse(JsonBody.isJsonContentType(contentType));
    }

    @Test
    void parsesAnyJsonValuePreservingKeyOrder() {
        JsonNode node = parse("{\"b\":1,\"a\":{\"z\":null,\"y\":[1,2]}} \n");
        assertEquals(List.of("b", "a"), names(node.fieldNames()));
        assertEquals(List.of("z", "y"), names(node.get("a").fieldNames()));
        assertTrue(parse("null").isNull());
        assertEquals(5, parse(" 5 ").intValue());
        assertEquals("x", parse("\"x\"").textValue());
        assertTrue(parse("[]").isArray());
    }

    @Test
    void leadingByteOrderMarkIsIgnored() {
        byte[] body = "\uFEFF{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertEquals(1, JsonBody.parse(body).get("a").intValue());
    }

    @Test
    void nonAsciiTextSurvives() {
        assertEquals("héllo ✓ 😀", parse("{\"s\":\"héllo ✓ 😀\"}").get("s").textValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t", "{", "{\"a\":", "[1,2", "{\"a\":1,}", "{} x", "{}{}", "[] []",
            "1 2", "nope", "{'a':1}", "{a:1}", "NaN", "[Infinity]", "{\"a\":1} // c", "/* c */ {}", "01",
            "\"unterminated", "{\"a\":\"tab\there\"}", "\uFEFF\uFEFF{}", "+1", "[.5]", "undefined"})
    void malformedBodies(String text) {
        assertMalformed(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidUtf8IsMalformed() {
        assertMalformed(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}); // truncated sequence
        assertMalformed(new byte[] {'"', (byte) 0xFF, '"'});                               // never valid
        assertMalformed(new byte[] {'"', (byte) 0xC0, (byte) 0x80, '"'});                  // overlong NUL
        assertMalformed(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'});     // encoded surrogate
        assertMalformed(new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'});            // UTF-16 is not UTF-8
    }

    @Test
    void deepNestingIsMalformedNotAStackOverflow() {
        assertMalformed(("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8));
        assertMalformed(("{\"a\":".repeat(5000) + "1" + "}".repeat(5000)).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void overlongNumberIsMalformed() {
        assertMalformed(("{\"ttl\":" + "9".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void malformedExceptionCarriesTheResponseText() {
        MalformedJsonException e = assertThrows(MalformedJsonException.class, () -> JsonBody.parse(new byte[0]));
        assertEquals("Malformed JSON in request body", e.getMessage());
        assertEquals(MalformedJsonException.MESSAGE, e.getMessage());
    }

    private static void assertMalformed(byte[] body) {
        assertThrows(MalformedJsonException.class, () -> JsonBody.parse(body));
    }

    private static JsonNode parse(String text) {
        return JsonBody.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> names(Iterator<String> iterator) {
        List<String> names = new ArrayList<>();
        iterator.forEachRemaining(names::add);
        return names;
    }
}
