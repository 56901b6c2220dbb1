package dev.taskcast.server.validation;

import static dev.taskcast.server.validation.CreateTaskSchemaTest.required;
import static dev.taskcast.server.validation.CreateTaskSchemaTest.typeIssue;
import static dev.taskcast.server.validation.JsonAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Java server's extra checks of {@code webhooks} elements (webhooks-hooks-cleanup.md §1.2). */
class WebhooksSchemaTest {

    private static void assertIssues(String webhooks, String expectedIssues) {
        JsonAssertions.assertIssues(CreateTaskSchema::validate, "{\"webhooks\":" + webhooks + "}", expectedIssues);
    }

    private static String invalidUrl(int index) {
        return "{\"validation\":\"url\",\"code\":\"invalid_string\",\"message\":\"Invalid url\","
                + "\"path\":[\"webhooks\"," + index + ",\"url\"]}";
    }

    @Test
    void fullyConfiguredWebhookIsKeptVerbatim() {
        String webhooks = """
                [{"url":"https://example.com/hook","filter":{"types":["llm.*"],"levels":["info"],"includeStatus":false,
                  "since":{"index":1},"seriesFormat":"whatever"},"secret":"s3cret","wrap":true,
                  "retry":{"retries":0,"backoff":"linear","initialDelayMs":0,"maxDelayMs":10,"timeoutMs":2147483647},
                  "x-custom":[1,2]},{"url":"http://localhost:8080"}]""";
        assertEquals(json(webhooks), CreateTaskSchema.validate(json("{\"webhooks\":" + webhooks + "}")).webhooks());
    }

    @Test
    void emptyArrayIsValid() {
        assertEquals(json("[]"), CreateTaskSchema.validate(json("{\"webhooks\":[]}")).webhooks());
    }

    @Test
    void webhooksMustBeAnArrayOfObjects() {
        assertIssues("{}", "[" + typeIssue("[\"webhooks\"]", "array", "object") + "]");
        assertIssues("[1,null,[]]", "["
                + typeIssue("[\"webhooks\",0]", "object", "number") + ","
                + typeIssue("[\"webhooks\",1]", "object", "null") + ","
                + typeIssue("[\"webhooks\",2]", "object", "array") + "]");
    }

    @Test
    void urlIsRequired() {
        assertIssues("[{\"secret\":\"s\"}]", "[" + required("[\"webhooks\",0,\"url\"]", "string") + "]");
        assertIssues("[{\"url\":7}]", "[" + typeIssue("[\"webhooks\",0,\"url\"]", "string", "number") + "]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/hook", "HTTP://EXAMPLE.COM:8080/p?q=1#f", "http://[::1]:9000/x",
            "http://10.0.0.1", "https://user:pw@example.com/"})
    void httpUrlsAreAccepted(String url) {
        CreateTaskSchema.validate(json("{\"webhooks\":[{\"url\":\"" + url + "\"}]}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "example.com/hook", "/relative", "ftp://example.com", "file:///etc/passwd",
            "mailto:a@b.c", "http://", "http:///path", "http://exa mple.com", "javascript:alert(1)",
            "http://under_score:8080/"})
    void otherUrlsAreRejected(String url) {
        assertIssues("[{\"url\":\"" + url + "\"}]", "[" + invalidUrl(0) + "]");
    }

    @Test
    void knownFieldsMustHaveTheirTypes() {
        assertIssues("""
                [{"url":"https://ok.example"},
                 {"url":"https://ok.example","filter":{"types":"a","levels":[1],"includeStatus":"no"},"secret":1,
                  "wrap":"true","retry":{"retries":-1,"backoff":"random","initialDelayMs":1.5,"maxDelayMs":1e10,
                  "timeoutMs":null}}]""", "["
                + typeIssue("[\"webhooks\",1,\"filter\",\"types\"]", "array", "string") + ","
                + typeIssue("[\"webhooks\",1,\"filter\",\"levels\",0]", "string", "number") + ","
                + typeIssue("[\"webhooks\",1,\"filter\",\"includeStatus\"]", "boolean", "string") + ","
                + typeIssue("[\"webhooks\",1,\"secret\"]", "string", "number") + ","
                + typeIssue("[\"webhooks\",1,\"wrap\"]", "boolean", "string") + ","
                + "{\"code\":\"too_small\",\"minimum\":0,\"type\":\"number\",\"inclusive\":true,\"exact\":false,"
                + "\"message\":\"Number must be greater than or equal to 0\",\"path\":[\"webhooks\",1,\"retry\",\"retries\"]},"
                + "{\"received\":\"random\",\"code\":\"invalid_enum_value\",\"options\":[\"fixed\",\"exponential\",\"linear\"],"
                + "\"path\":[\"webhooks\",1,\"retry\",\"backoff\"],"
                + "\"message\":\"Invalid enum value. Expected 'fixed' | 'exponential' | 'linear', received 'random'\"},"
                + "{\"code\":\"invalid_type\",\"expected\":\"integer\",\"received\":\"float\","
                + "\"message\":\"Expected integer, received float\",\"path\":[\"webhooks\",1,\"retry\",\"initialDelayMs\"]},"
                + "{\"code\":\"too_big\",\"maximum\":2147483647,\"type\":\"number\",\"inclusive\":true,\"exact\":false,"
                + "\"message\":\"Number must be less than or equal to 2147483647\","
                + "\"path\":[\"webhooks\",1,\"retry\",\"maxDelayMs\"]},"
                + typeIssue("[\"webhooks\",1,\"retry\",\"timeoutMs\"]", "number", "null") + "]");
    }

    @Test
    void filterAndRetryMustBeObjects() {
        assertIssues("[{\"url\":\"http://h\",\"filter\":[],\"retry\":3}]", "["
                + typeIssue("[\"webhooks\",0,\"filter\"]", "object", "array") + ","
                + typeIssue("[\"webhooks\",0,\"retry\"]", "object", "number") + "]");
    }
}
