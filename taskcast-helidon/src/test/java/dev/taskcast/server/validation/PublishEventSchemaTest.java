package dev.taskcast.server.validation;

import static dev.taskcast.server.validation.CreateTaskSchemaTest.required;
import static dev.taskcast.server.validation.CreateTaskSchemaTest.typeIssue;
import static dev.taskcast.server.validation.JsonAssertions.assertJson;
import static dev.taskcast.server.validation.JsonAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.engine.task.NewEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublishEventSchemaTest {
    private static final String LEVELS = "'debug' | 'info' | 'warn' | 'error'";

    private static EventBatch valid(String body) {
        return PublishEventSchema.validate(json(body));
    }

    /** Asserts the one invalid_union issue with the issues of the single and the array alternative. */
    private static void assertUnion(String body, String singleIssues, String arrayIssues) {
        JsonAssertions.assertIssues(PublishEventSchema::validate, body, "[{\"code\":\"invalid_union\",\"unionErrors\":["
                + "{\"issues\":" + singleIssues + ",\"name\":\"ZodError\"},"
                + "{\"issues\":" + arrayIssues + ",\"name\":\"ZodError\"}],\"path\":[],\"message\":\"Invalid input\"}]");
    }

    private static String badLevel(String path, String received) {
        return "{\"received\":\"" + received + "\",\"code\":\"invalid_enum_value\","
                + "\"options\":[\"debug\",\"info\",\"warn\",\"error\"],\"path\":" + path
                + ",\"message\":\"Invalid enum value. Expected " + LEVELS + ", received '" + received + "'\"}";
    }

    @Test
    void singleEvent() {
        EventBatch batch = valid("""
                {"type":"llm.delta","level":"info","data":{"delta":"Hi"},"seriesId":"s1","seriesMode":"accumulate",
                 "seriesAccField":"delta","id":"ignored","index":9,"timestamp":1}""");
        assertFalse(batch.sentAsArray());
        assertEquals(List.of(new NewEvent("llm.delta", Level.INFO, json("{\"delta\":\"Hi\"}"), "s1",
                SeriesMode.ACCUMULATE, "delta")), batch.events());
    }

    @Test
    void emptyTypeIsAllowed() {
        assertEquals(NewEvent.of("", Level.DEBUG, null), valid("{\"type\":\"\",\"level\":\"debug\"}").events().getFirst());
    }

    @Test
    void absentDataAndNullDataStayDistinct() {
        assertNull(valid("{\"type\":\"t\",\"level\":\"info\"}").events().getFirst().data());
        assertEquals(NullNode.getInstance(), valid("{\"type\":\"t\",\"level\":\"info\",\"data\":null}").events().getFirst().data());
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "0", "\"\"", "[]", "{}", "[null,{\"a\":[]}]", "1.5"})
    void anyDataIsKept(String data) {
        assertEquals(json(data), valid("{\"type\":\"t\",\"level\":\"warn\",\"data\":" + data + "}").events().getFirst().data());
    }

    @Test
    void arrayOfEventsKeepsRequestOrder() {
        EventBatch batch = valid("[{\"type\":\"a\",\"level\":\"info\"},{\"type\":\"b\",\"level\":\"error\",\"data\":1}]");
        assertTrue(batch.sentAsArray());
        assertEquals(List.of(NewEvent.of("a", Level.INFO, null), NewEvent.of("b", Level.ERROR, json("1"))), batch.events());
    }

    @Test
    void emptyAndOneElementArrays() {
        assertEquals(new EventBatch(true, List.of()), valid("[]"));
        EventBatch one = valid("[{\"type\":\"a\",\"level\":\"info\"}]");
        assertTrue(one.sentAsArray());
        assertEquals(1, one.events().size());
    }

    @Test
    void objectMissingType() {
        assertUnion("{\"level\":\"info\"}",
                "[{\"code\":\"invalid_type\",\"expected\":\"string\",\"received\":\"undefined\",\"path\":[\"type\"],"
                        + "\"message\":\"Required\"}]",
                "[" + typeIssue("[]", "array", "object") + "]");
    }

    @Test
    void objectWithSeveralProblems() {
        assertUnion("{\"type\":1,\"seriesMode\":\"all\",\"seriesId\":[],\"seriesAccField\":false}",
                "[" + typeIssue("[\"type\"]", "string", "number") + ","
                        + required("[\"level\"]", LEVELS) + ","
                        + typeIssue("[\"seriesId\"]", "string", "array") + ","
                        + "{\"received\":\"all\",\"code\":\"invalid_enum_value\",\"options\":[\"keep-all\",\"accumulate\","
                        + "\"latest\"],\"path\":[\"seriesMode\"],\"message\":\"Invalid enum value. Expected 'keep-all' | "
                        + "'accumulate' | 'latest', received 'all'\"},"
                        + typeIssue("[\"seriesAccField\"]", "string", "boolean") + "]",
                "[" + typeIssue("[]", "array", "object") + "]");
    }

    @Test
    void arrayWithInvalidElements() {
        assertUnion("[{\"type\":\"a\",\"level\":\"info\"},{\"type\":\"b\",\"level\":\"bogus\"},7,{\"level\":5}]",
                "[" + typeIssue("[]", "object", "array") + "]",
                "[" + badLevel("[1,\"level\"]", "bogus") + ","
                        + typeIssue("[2]", "object", "number") + ","
                        + required("[3,\"type\"]", "string") + ","
                        + typeIssue("[3,\"level\"]", LEVELS, "number") + "]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"event\"", "null", "42", "true"})
    void scalarBodies(String body) {
        String type = Issue.typeName(json(body));
        assertUnion(body, "[" + typeIssue("[]", "object", type) + "]", "[" + typeIssue("[]", "array", type) + "]");
    }

    @Test
    void unionInTheFlattenedShape() {
        ValidationException failure = assertThrows(ValidationException.class, () -> valid("{\"type\":\"t\"}"));
        assertJson("{\"error\":{\"formErrors\":[\"Invalid input\"],\"fieldErrors\":{}}}",
                ValidationErrorBody.of(failure, "text/plain"));
    }
}
