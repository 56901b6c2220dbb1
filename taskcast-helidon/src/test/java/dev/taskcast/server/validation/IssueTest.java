package dev.taskcast.server.validation;

import static dev.taskcast.server.validation.JsonAssertions.assertJson;
import static dev.taskcast.server.validation.JsonAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.taskcast.server.validation.Issue.InvalidEnumValue;
import dev.taskcast.server.validation.Issue.InvalidString;
import dev.taskcast.server.validation.Issue.InvalidType;
import dev.taskcast.server.validation.Issue.InvalidUnion;
import dev.taskcast.server.validation.Issue.TooBig;
import dev.taskcast.server.validation.Issue.TooSmall;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each issue code renders as zod renders it (http-api.md §3.2). */
class IssueTest {
    private static final JsonPath TTL = JsonPath.ROOT.key("ttl");

    @Test
    void requiredField() {
        assertJson("{\"code\":\"invalid_type\",\"expected\":\"string\",\"received\":\"undefined\",\"path\":[\"type\"],"
                + "\"message\":\"Required\"}", InvalidType.of(JsonPath.ROOT.key("type"), "string", null).toJson());
    }

    @Test
    void wrongJsonType() {
        assertJson("{\"code\":\"invalid_type\",\"expected\":\"object\",\"received\":\"array\",\"path\":[\"params\"],"
                + "\"message\":\"Expected object, received array\"}",
                InvalidType.of(JsonPath.ROOT.key("params"), "object", json("[]")).toJson());
    }

    @Test
    void receivedTypeNames() {
        assertEquals("string", Issue.typeName(json("\"x\"")));
        assertEquals("number", Issue.typeName(json("1.5")));
        assertEquals("number", Issue.typeName(json("1")));
        assertEquals("boolean", Issue.typeName(json("false")));
        assertEquals("null", Issue.typeName(json("null")));
        assertEquals("array", Issue.typeName(json("[1]")));
        assertEquals("object", Issue.typeName(json("{}")));
        assertEquals("undefined", Issue.typeName(null));
        assertEquals("undefined", Issue.typeName(json("{}").path("missing")));
    }

    @Test
    void notInteger() {
        assertJson("{\"code\":\"invalid_type\",\"expected\":\"integer\",\"received\":\"float\","
                + "\"message\":\"Expected integer, received float\",\"path\":[\"ttl\"]}",
                InvalidType.notInteger(TTL).toJson());
    }

    @Test
    void tooSmall() {
        assertJson("{\"code\":\"too_small\",\"minimum\":0,\"type\":\"number\",\"inclusive\":false,\"exact\":false,"
                + "\"message\":\"Number must be greater than 0\",\"path\":[\"ttl\"]}",
                new TooSmall(TTL, 0, false).toJson());
        assertEquals("Number must be greater than or equal to 0", new TooSmall(TTL, 0, true).message());
    }

    @Test
    void tooBig() {
        assertJson("{\"code\":\"too_big\",\"maximum\":2147483647,\"type\":\"number\",\"inclusive\":true,\"exact\":false,"
                + "\"message\":\"Number must be less than or equal to 2147483647\",\"path\":[\"ttl\"]}",
                new TooBig(TTL, 2147483647L, true).toJson());
        assertEquals("Number must be less than 5", new TooBig(TTL, 5, false).message());
    }

    @Test
    void invalidEnumValue() {
        assertJson("{\"received\":\"bogus\",\"code\":\"invalid_enum_value\",\"options\":[\"a\",\"b\"],"
                + "\"path\":[\"status\"],\"message\":\"Invalid enum value. Expected 'a' | 'b', received 'bogus'\"}",
                new InvalidEnumValue(JsonPath.ROOT.key("status"), "bogus", List.of("a", "b")).toJson());
    }

    @Test
    void invalidString() {
        assertJson("{\"validation\":\"url\",\"code\":\"invalid_string\",\"message\":\"Invalid url\","
                + "\"path\":[\"webhooks\",0,\"url\"]}",
                new InvalidString(JsonPath.ROOT.key("webhooks").index(0).key("url"), "url").toJson());
    }

    @Test
    void invalidUnionNestsOneZodErrorPerAlternative() {
        Issue union = new InvalidUnion(JsonPath.ROOT, List.of(
                List.of(InvalidType.of(JsonPath.ROOT, "object", json("[]"))),
                List.of(InvalidType.of(JsonPath.ROOT.index(1).key("level"), "'x'", null))));
        assertJson("{\"code\":\"invalid_union\",\"unionErrors\":["
                + "{\"issues\":[{\"code\":\"invalid_type\",\"expected\":\"object\",\"received\":\"array\",\"path\":[],"
                + "\"message\":\"Expected object, received array\"}],\"name\":\"ZodError\"},"
                + "{\"issues\":[{\"code\":\"invalid_type\",\"expected\":\"'x'\",\"received\":\"undefined\","
                + "\"path\":[1,\"level\"],\"message\":\"Required\"}],\"name\":\"ZodError\"}],"
                + "\"path\":[],\"message\":\"Invalid input\"}", union.toJson());
    }

    @Test
    void pathSegmentsAreStringsOrIntegers() {
        assertJson("[\"a\",0,\"b\"]", JsonPath.ROOT.key("a").index(0).key("b").toJson());
        assertThrows(IllegalArgumentException.class, () -> new JsonPath(List.of(1.5)));
    }

    @Test
    void quotedOptions() {
        assertEquals("'debug' | 'info' | 'warn' | 'error'",
                Issue.quotedOptions(List.of("debug", "info", "warn", "error")));
    }
}
