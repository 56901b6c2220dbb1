package dev.taskcast.server.validation;

import static dev.taskcast.server.validation.CreateTaskSchemaTest.notInteger;
import static dev.taskcast.server.validation.CreateTaskSchemaTest.notPositive;
import static dev.taskcast.server.validation.CreateTaskSchemaTest.required;
import static dev.taskcast.server.validation.CreateTaskSchemaTest.typeIssue;
import static dev.taskcast.server.validation.JsonAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.taskcast.api.TaskError;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.engine.task.StatusChange;
import org.junit.jupiter.api.Test;

class TransitionSchemaTest {
    private static final String STATUSES =
            "'pending' | 'assigned' | 'running' | 'paused' | 'blocked' | 'completed' | 'failed' | 'timeout' | 'cancelled'";

    private static void assertIssues(String body, String expectedIssues) {
        JsonAssertions.assertIssues(TransitionSchema::validate, body, expectedIssues);
    }

    private static StatusChange valid(String body) {
        return TransitionSchema.validate(json(body));
    }

    @Test
    void statusAlone() {
        assertEquals(StatusChange.to(TaskStatus.RUNNING), valid("{\"status\":\"running\",\"unknown\":1}"));
    }

    @Test
    void everyStatusIsAccepted() {
        for (TaskStatus status : TaskStatus.values()) {
            assertEquals(status, valid("{\"status\":\"" + status.wireName() + "\"}").to());
        }
    }

    @Test
    void everyFieldIsKept() {
        StatusChange change = valid("""
                {"status":"blocked","result":{"b":1,"a":2},
                 "error":{"code":"E1","message":"boom","details":{"k":[1]},"stack":"dropped"},
                 "reason":"needs input","ttl":30,"resumeAfterMs":9007199254740991,
                 "blockedRequest":{"type":"approval","data":{"q":"ok?"},"extra":"dropped"}}""");
        assertEquals(TaskStatus.BLOCKED, change.to());
        assertEquals("{\"b\":1,\"a\":2}", change.result().toString());
        assertEquals(new TaskError("E1", "boom", json("{\"k\":[1]}")), change.error());
        assertEquals("needs input", change.reason());
        assertEquals(30, change.ttl());
        assertEquals(9007199254740991L, change.resumeAfterMs());
        assertEquals("{\"type\":\"approval\",\"data\":{\"q\":\"ok?\"}}", change.blockedRequest().toString());
    }

    @Test
    void errorNeedsOnlyAMessage() {
        assertEquals(new TaskError(null, "boom", null), valid("{\"status\":\"failed\",\"error\":{\"message\":\"boom\"}}").error());
    }

    @Test
    void blockedRequestDataKeepsAbsentAndNullApart() {
        assertEquals("{\"type\":\"t\"}",
                valid("{\"status\":\"blocked\",\"blockedRequest\":{\"type\":\"t\"}}").blockedRequest().toString());
        assertEquals("{\"type\":\"t\",\"data\":null}",
                valid("{\"status\":\"blocked\",\"blockedRequest\":{\"type\":\"t\",\"data\":null}}").blockedRequest().toString());
    }

    @Test
    void statusIsRequired() {
        assertIssues("{}", "[" + required("[\"status\"]", STATUSES) + "]");
    }

    @Test
    void unknownStatus() {
        assertIssues("{\"status\":\"bogus\"}", "[{\"received\":\"bogus\",\"code\":\"invalid_enum_value\","
                + "\"options\":[\"pending\",\"assigned\",\"running\",\"paused\",\"blocked\",\"completed\",\"failed\","
                + "\"timeout\",\"cancelled\"],\"path\":[\"status\"],"
                + "\"message\":\"Invalid enum value. Expected " + STATUSES + ", received 'bogus'\"}]");
    }

    @Test
    void statusOfWrongType() {
        assertIssues("{\"status\":null}", "[" + typeIssue("[\"status\"]", STATUSES, "null") + "]");
    }

    @Test
    void bodyMustBeAnObject() {
        assertIssues("[{\"status\":\"running\"}]", "[" + typeIssue("[]", "object", "array") + "]");
    }

    @Test
    void errorObjectRules() {
        assertIssues("{\"status\":\"failed\",\"error\":\"boom\"}", "[" + typeIssue("[\"error\"]", "object", "string") + "]");
        assertIssues("{\"status\":\"failed\",\"error\":{}}", "[" + required("[\"error\",\"message\"]", "string") + "]");
        assertIssues("{\"status\":\"failed\",\"error\":{\"details\":[],\"message\":1,\"code\":2}}", "["
                + typeIssue("[\"error\",\"code\"]", "string", "number") + ","
                + typeIssue("[\"error\",\"message\"]", "string", "number") + ","
                + typeIssue("[\"error\",\"details\"]", "object", "array") + "]");
    }

    @Test
    void numbersMustBePositiveIntegers() {
        assertIssues("{\"status\":\"paused\",\"ttl\":0,\"resumeAfterMs\":1.5}", "["
                + notPositive("ttl") + "," + notInteger("resumeAfterMs") + "]");
        assertIssues("{\"status\":\"blocked\",\"resumeAfterMs\":9007199254740992}",
                "[{\"code\":\"too_big\",\"maximum\":9007199254740991,\"type\":\"number\",\"inclusive\":true,"
                + "\"exact\":false,\"message\":\"Number must be less than or equal to 9007199254740991\","
                + "\"path\":[\"resumeAfterMs\"]}]");
    }

    @Test
    void blockedRequestRules() {
        assertIssues("{\"status\":\"blocked\",\"blockedRequest\":[]}",
                "[" + typeIssue("[\"blockedRequest\"]", "object", "array") + "]");
        assertIssues("{\"status\":\"blocked\",\"blockedRequest\":{\"data\":1}}",
                "[" + required("[\"blockedRequest\",\"type\"]", "string") + "]");
    }

    @Test
    void allIssuesInFieldOrder() {
        assertIssues("""
                {"blockedRequest":{},"resumeAfterMs":-1,"ttl":"1","reason":false,"error":{},"result":[],"status":"x"}""",
                "[{\"received\":\"x\",\"code\":\"invalid_enum_value\",\"options\":[\"pending\",\"assigned\",\"running\","
                + "\"paused\",\"blocked\",\"completed\",\"failed\",\"timeout\",\"cancelled\"],\"path\":[\"status\"],"
                + "\"message\":\"Invalid enum value. Expected " + STATUSES + ", received 'x'\"},"
                + typeIssue("[\"result\"]", "object", "array") + ","
                + required("[\"error\",\"message\"]", "string") + ","
                + typeIssue("[\"reason\"]", "string", "boolean") + ","
                + typeIssue("[\"ttl\"]", "number", "string") + ","
                + notPositive("resumeAfterMs") + ","
                + required("[\"blockedRequest\",\"type\"]", "string") + "]");
    }

    @Test
    void absentOptionalFieldsStayNull() {
        StatusChange change = valid("{\"status\":\"completed\"}");
        assertNull(change.result());
        assertNull(change.error());
        assertNull(change.blockedRequest());
    }
}
