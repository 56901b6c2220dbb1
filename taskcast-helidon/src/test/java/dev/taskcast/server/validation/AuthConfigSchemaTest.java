package dev.taskcast.server.validation;

import static dev.taskcast.server.validation.CreateTaskSchemaTest.required;
import static dev.taskcast.server.validation.CreateTaskSchemaTest.typeIssue;
import static dev.taskcast.server.validation.JsonAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Java server's check of the {@code authConfig} shape (http-api.md §2.6). */
class AuthConfigSchemaTest {

    private static void assertIssues(String authConfig, String expectedIssues) {
        JsonAssertions.assertIssues(CreateTaskSchema::validate, "{\"authConfig\":" + authConfig + "}", expectedIssues);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"rules\":[]}",
            "{\"rules\":[{\"match\":{\"scope\":[]},\"require\":{}}]}",
            "{\"rules\":[{\"match\":{\"scope\":[\"*\"],\"x\":1},\"require\":{\"claims\":{\"a\":[1],\"b\":null}}}],\"y\":2}",
            "{\"rules\":[{\"match\":{\"scope\":[\"task:manage\"]},\"require\":{\"sub\":[\"alice\",\"bob\"]}}]}"})
    void wellFormedConfigsAreKeptVerbatim(String authConfig) {
        assertEquals(json(authConfig), CreateTaskSchema.validate(json("{\"authConfig\":" + authConfig + "}")).authConfig());
    }

    @Test
    void mustBeAnObjectWithRules() {
        assertIssues("[]", "[" + typeIssue("[\"authConfig\"]", "object", "array") + "]");
        assertIssues("null", "[" + typeIssue("[\"authConfig\"]", "object", "null") + "]");
        assertIssues("{}", "[" + required("[\"authConfig\",\"rules\"]", "array") + "]");
        assertIssues("{\"rules\":{}}", "[" + typeIssue("[\"authConfig\",\"rules\"]", "array", "object") + "]");
        assertIssues("{\"rules\":[\"r\"]}", "[" + typeIssue("[\"authConfig\",\"rules\",0]", "object", "string") + "]");
    }

    @Test
    void ruleNeedsMatchAndRequire() {
        assertIssues("{\"rules\":[{}]}", "["
                + required("[\"authConfig\",\"rules\",0,\"match\"]", "object") + ","
                + required("[\"authConfig\",\"rules\",0,\"require\"]", "object") + "]");
        assertIssues("{\"rules\":[{\"match\":{},\"require\":{}}]}",
                "[" + required("[\"authConfig\",\"rules\",0,\"match\",\"scope\"]", "array") + "]");
    }

    @Test
    void fieldTypesAreChecked() {
        assertIssues("""
                {"rules":[{"match":{"scope":"task:manage"},"require":{"claims":[],"sub":"alice"}},
                          {"match":{"scope":["ok",1]},"require":{"sub":[null]}}]}""", "["
                + typeIssue("[\"authConfig\",\"rules\",0,\"match\",\"scope\"]", "array", "string") + ","
                + typeIssue("[\"authConfig\",\"rules\",0,\"require\",\"claims\"]", "object", "array") + ","
                + typeIssue("[\"authConfig\",\"rules\",0,\"require\",\"sub\"]", "array", "string") + ","
                + typeIssue("[\"authConfig\",\"rules\",1,\"match\",\"scope\",1]", "string", "number") + ","
                + typeIssue("[\"authConfig\",\"rules\",1,\"require\",\"sub\",0]", "string", "null") + "]");
    }
}
