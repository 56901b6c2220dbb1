package dev.taskcast.server.validation;

import static dev.taskcast.server.validation.JsonAssertions.assertJson;
import static dev.taskcast.server.validation.JsonAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.engine.task.NewTask;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreateTaskSchemaTest {

    private static void assertIssues(String body, String expectedIssues) {
        JsonAssertions.assertIssues(CreateTaskSchema::validate, body, expectedIssues);
    }

    private static NewTask valid(String body) {
        return CreateTaskSchema.validate(json(body));
    }

    @Test
    void specExampleOfHttpApi32() {
        assertJson("""
                {"success":false,"error":{"issues":[
                 {"code":"invalid_type","expected":"object","received":"array","path":["params"],"message":"Expected object, received array"},
                 {"code":"too_small","minimum":0,"type":"number","inclusive":false,"exact":false,"message":"Number must be greater than 0","path":["ttl"]}],
                 "name":"ZodError"}}""",
                JsonAssertions.zodErrorOf(CreateTaskSchema::validate, "{\"ttl\":-1,\"params\":[]}"));
    }

    @Test
    void specExampleInTheFlattenedShape() {
        ValidationException failure = assertThrows(ValidationException.class, () -> valid("{\"ttl\":-1}"));
        assertJson("{\"error\":{\"formErrors\":[],\"fieldErrors\":{\"ttl\":[\"Number must be greater than 0\"]}}}",
                ValidationErrorBody.of(failure, null));
    }

    @Test
    void emptyBodyCreatesAnEmptyTask() {
        assertEquals(NewTask.empty(), valid("{}"));
    }

    @Test
    void everyFieldIsKeptAndUnknownFieldsIgnored() {
        NewTask task = valid("""
                {"id":"t1","type":"llm.chat","params":{"z":1,"a":[1,{"y":null,"b":2}]},"metadata":{},"ttl":60,
                 "webhooks":[{"url":"https://example.com/hook","extra":{"k":1},"retry":{"retries":0}}],
                 "cleanup":{"rules":[1,{"x":"y"}],"other":true},
                 "authConfig":{"rules":[{"match":{"scope":["event:subscribe"]},"require":{"sub":["alice"],"claims":{"org":"acme"}}}],"note":1},
                 "tags":["gpu",""],"assignMode":"ws-race","cost":3,"disconnectPolicy":"mark",
                 "status":"completed","createdAt":5,"unknown":{"deep":[]}}""");
        assertEquals("t1", task.id());
        assertEquals("llm.chat", task.type());
        assertEquals("{\"z\":1,\"a\":[1,{\"y\":null,\"b\":2}]}", task.params().toString());
        assertEquals(json("{}"), task.metadata());
        assertEquals(60, task.ttl());
        assertEquals("[{\"url\":\"https://example.com/hook\",\"extra\":{\"k\":1},\"retry\":{\"retries\":0}}]",
                task.webhooks().toString());
        assertEquals("{\"rules\":[1,{\"x\":\"y\"}]}", task.cleanup().toString());
        assertEquals("{\"rules\":[{\"match\":{\"scope\":[\"event:subscribe\"]},\"require\":{\"sub\":[\"alice\"],"
                + "\"claims\":{\"org\":\"acme\"}}}],\"note\":1}", task.authConfig().toString());
        assertEquals(List.of("gpu", ""), task.tags());
        assertEquals("ws-race", task.assignMode());
        assertEquals(3, task.cost());
        assertEquals("mark", task.disconnectPolicy());
    }

    @Test
    void jsonValuesAreNotCopied() {
        JsonNode body = json("{\"params\":{\"a\":1}}");
        assertSame(body.get("params"), CreateTaskSchema.validate(body).params());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "null", "\"x\"", "5", "true"})
    void bodyMustBeAnObject(String body) {
        String type = Issue.typeName(json(body));
        assertIssues(body, "[{\"code\":\"invalid_type\",\"expected\":\"object\",\"received\":\"" + type
                + "\",\"path\":[],\"message\":\"Expected object, received " + type + "\"}]");
    }

    @Test
    void ttlAcceptsIntegralNumbersInRange() {
        assertEquals(1, valid("{\"ttl\":1}").ttl());
        assertEquals(1, valid("{\"ttl\":1.0}").ttl());
        assertEquals(120, valid("{\"ttl\":1.2e2}").ttl());
        assertEquals(Integer.MAX_VALUE, valid("{\"ttl\":2147483647}").ttl());
    }

    @Test
    void ttlOfWrongType() {
        assertIssues("{\"ttl\":\"60\"}", "[{\"code\":\"invalid_type\",\"expected\":\"number\",\"received\":\"string\","
                + "\"path\":[\"ttl\"],\"message\":\"Expected number, received string\"}]");
        assertIssues("{\"ttl\":null}", "[{\"code\":\"invalid_type\",\"expected\":\"number\",\"received\":\"null\","
                + "\"path\":[\"ttl\"],\"message\":\"Expected number, received null\"}]");
    }

    @Test
    void ttlNotInteger() {
        assertIssues("{\"ttl\":1.5}", "[" + notInteger("ttl") + "]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "-0", "0.0", "1e-400"})
    void ttlNotPositive(String ttl) {
        assertIssues("{\"ttl\":" + ttl + "}", "[" + notPositive("ttl") + "]");
    }

    @Test
    void everyFailedNumberCheckIsReported() {
        assertIssues("{\"ttl\":-1.5}", "[" + notInteger("ttl") + "," + notPositive("ttl") + "]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "1e30", "100000000000000000000000000"})
    void ttlAboveInt32IsTooBig(String ttl) {
        assertIssues("{\"ttl\":" + ttl + "}", "[" + tooBig("ttl") + "]");
    }

    @Test
    void infiniteNumberIsNeitherIntegerNorInRange() {
        assertIssues("{\"ttl\":1e400}", "[" + notInteger("ttl") + "," + tooBig("ttl") + "]");
    }

    @Test
    void costFollowsTheSameRules() {
        assertEquals(2, valid("{\"cost\":2.0}").cost());
        assertIssues("{\"cost\":0}", "[" + notPositive("cost") + "]");
        assertIssues("{\"cost\":2.5}", "[" + notInteger("cost") + "]");
        assertIssues("{\"cost\":1e30}", "[" + tooBig("cost") + "]");
    }

    @Test
    void jsonObjectFields() {
        assertIssues("{\"params\":null,\"metadata\":\"m\"}", "["
                + typeIssue("[\"params\"]", "object", "null") + ","
                + typeIssue("[\"metadata\"]", "object", "string") + "]");
    }

    @Test
    void stringFields() {
        assertIssues("{\"id\":1,\"type\":false}", "["
                + typeIssue("[\"id\"]", "string", "number") + ","
                + typeIssue("[\"type\"]", "string", "boolean") + "]");
    }

    @Test
    void tagsMustBeAnArrayOfStrings() {
        assertIssues("{\"tags\":\"gpu\"}", "[" + typeIssue("[\"tags\"]", "array", "string") + "]");
        assertIssues("{\"tags\":[\"a\",1,null]}", "["
                + typeIssue("[\"tags\",1]", "string", "number") + ","
                + typeIssue("[\"tags\",2]", "string", "null") + "]");
    }

    @Test
    void enumFields() {
        assertIssues("{\"assignMode\":\"push\",\"disconnectPolicy\":5}", "["
                + "{\"received\":\"push\",\"code\":\"invalid_enum_value\",\"options\":[\"external\",\"pull\",\"ws-offer\","
                + "\"ws-race\"],\"path\":[\"assignMode\"],\"message\":\"Invalid enum value. Expected 'external' | 'pull' | "
                + "'ws-offer' | 'ws-race', received 'push'\"},"
                + typeIssue("[\"disconnectPolicy\"]", "'reassign' | 'mark' | 'fail'", "number") + "]");
    }

    @Test
    void cleanupNeedsARulesArray() {
        assertIssues("{\"cleanup\":[]}", "[" + typeIssue("[\"cleanup\"]", "object", "array") + "]");
        assertIssues("{\"cleanup\":{}}", "[" + required("[\"cleanup\",\"rules\"]", "array") + "]");
        assertIssues("{\"cleanup\":{\"rules\":{}}}", "[" + typeIssue("[\"cleanup\",\"rules\"]", "array", "object") + "]");
        assertEquals("{\"rules\":[]}", valid("{\"cleanup\":{\"rules\":[],\"x\":1}}").cleanup().toString());
    }

    @Test
    void issuesFollowTheOriginalSchemaFieldOrder() {
        assertIssues("""
                {"authConfig":1,"disconnectPolicy":1,"cost":"1","assignMode":1,"tags":1,"cleanup":1,"webhooks":1,
                 "ttl":"1","metadata":1,"params":1,"type":1,"id":1}""", "["
                + typeIssue("[\"id\"]", "string", "number") + ","
                + typeIssue("[\"type\"]", "string", "number") + ","
                + typeIssue("[\"params\"]", "object", "number") + ","
                + typeIssue("[\"metadata\"]", "object", "number") + ","
                + typeIssue("[\"ttl\"]", "number", "string") + ","
                + typeIssue("[\"webhooks\"]", "array", "number") + ","
                + typeIssue("[\"cleanup\"]", "object", "number") + ","
                + typeIssue("[\"tags\"]", "array", "number") + ","
                + typeIssue("[\"assignMode\"]", "'external' | 'pull' | 'ws-offer' | 'ws-race'", "number") + ","
                + typeIssue("[\"cost\"]", "number", "string") + ","
                + typeIssue("[\"disconnectPolicy\"]", "'reassign' | 'mark' | 'fail'", "number") + ","
                + typeIssue("[\"authConfig\"]", "object", "number") + "]");
    }

    @Test
    void absentOptionalFieldsStayNull() {
        NewTask task = valid("{\"type\":\"x\"}");
        assertNull(task.params());
        assertNull(task.webhooks());
        assertNull(task.cleanup());
        assertNull(task.tags());
    }

    static String typeIssue(String path, String expected, String received) {
        return "{\"code\":\"invalid_type\",\"expected\":\"" + expected + "\",\"received\":\"" + received
                + "\",\"path\":" + path + ",\"message\":\"Expected " + expected + ", received " + received + "\"}";
    }

    static String required(String path, String expected) {
        return "{\"code\":\"invalid_type\",\"expected\":\"" + expected + "\",\"received\":\"undefined\",\"path\":"
                + path + ",\"message\":\"Required\"}";
    }

    static String notInteger(String field) {
        return "{\"code\":\"invalid_type\",\"expected\":\"integer\",\"received\":\"float\","
                + "\"message\":\"Expected integer, received float\",\"path\":[\"" + field + "\"]}";
    }

    static String notPositive(String field) {
        return "{\"code\":\"too_small\",\"minimum\":0,\"type\":\"number\",\"inclusive\":false,\"exact\":false,"
                + "\"message\":\"Number must be greater than 0\",\"path\":[\"" + field + "\"]}";
    }

    static String tooBig(String field) {
        return "{\"code\":\"too_big\",\"maximum\":2147483647,\"type\":\"number\",\"inclusive\":true,\"exact\":false,"
                + "\"message\":\"Number must be less than or equal to 2147483647\",\"path\":[\"" + field + "\"]}";
    }
}
