package dev.taskcast.server.validation;

import static dev.taskcast.server.validation.JsonAssertions.assertJson;
import static dev.taskcast.server.validation.JsonAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.taskcast.server.validation.Issue.InvalidType;
import dev.taskcast.server.validation.Issue.InvalidUnion;
import dev.taskcast.server.validation.Issue.TooSmall;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationErrorBodyTest {
    private static final List<Issue> ISSUES = List.of(
            InvalidType.of(JsonPath.ROOT.key("params"), "object", json("[]")),
            new TooSmall(JsonPath.ROOT.key("ttl"), 0, false),
            InvalidType.notInteger(JsonPath.ROOT.key("ttl")),
            InvalidType.of(JsonPath.ROOT.key("error").key("message"), "string", null));

    @Test
    void zodErrorShape() {
        assertJson("{\"success\":false,\"error\":{\"issues\":["
                + "{\"code\":\"invalid_type\",\"expected\":\"object\",\"received\":\"array\",\"path\":[\"params\"],"
                + "\"message\":\"Expected object, received array\"},"
                + "{\"code\":\"too_small\",\"minimum\":0,\"type\":\"number\",\"inclusive\":false,\"exact\":false,"
                + "\"message\":\"Number must be greater than 0\",\"path\":[\"ttl\"]},"
                + "{\"code\":\"invalid_type\",\"expected\":\"integer\",\"received\":\"float\","
                + "\"message\":\"Expected integer, received float\",\"path\":[\"ttl\"]},"
                + "{\"code\":\"invalid_type\",\"expected\":\"string\",\"received\":\"undefined\","
                + "\"path\":[\"error\",\"message\"],\"message\":\"Required\"}],\"name\":\"ZodError\"}}",
                ValidationErrorBody.zodError(ISSUES));
    }

    @Test
    void flattenedShapeGroupsByFirstPathSegment() {
        assertJson("{\"error\":{\"formErrors\":[],\"fieldErrors\":{"
                + "\"params\":[\"Expected object, received array\"],"
                + "\"ttl\":[\"Number must be greater than 0\",\"Expected integer, received float\"],"
                + "\"error\":[\"Required\"]}}}", ValidationErrorBody.flattened(ISSUES));
    }

    @Test
    void flattenedShapePutsRootIssuesInFormErrors() {
        List<Issue> issues = List.of(InvalidType.of(JsonPath.ROOT, "object", json("[]")),
                new InvalidUnion(JsonPath.ROOT, List.of(List.of(), List.of())),
                InvalidType.of(JsonPath.ROOT.index(1).key("level"), "'debug'", null));
        assertJson("{\"error\":{\"formErrors\":[\"Expected object, received array\",\"Invalid input\"],"
                + "\"fieldErrors\":{\"1\":[\"Required\"]}}}", ValidationErrorBody.flattened(issues));
    }

    @Test
    void shapeFollowsContentTypeForBodies() {
        ValidationException failure = new ValidationException(ValidationException.Source.BODY, ISSUES);
        assertEquals(ValidationErrorBody.zodError(ISSUES), ValidationErrorBody.of(failure, "application/json"));
        assertEquals(ValidationErrorBody.zodError(ISSUES),
                ValidationErrorBody.of(failure, "application/vnd.x+json; charset=utf-8"));
        assertEquals(ValidationErrorBody.flattened(ISSUES), ValidationErrorBody.of(failure, null));
        assertEquals(ValidationErrorBody.flattened(ISSUES), ValidationErrorBody.of(failure, "text/plain"));
    }

    @Test
    void queryFailuresAlwaysUseTheZodErrorShape() {
        ValidationException failure = new ValidationException(ValidationException.Source.QUERY, ISSUES);
        assertEquals(ValidationErrorBody.zodError(ISSUES), ValidationErrorBody.of(failure, null));
        assertEquals(ValidationErrorBody.zodError(ISSUES), ValidationErrorBody.of(failure, "text/plain"));
    }

    @Test
    void exceptionNeedsIssuesAndSummarisesThem() {
        assertThrows(IllegalArgumentException.class,
                () -> new ValidationException(ValidationException.Source.BODY, List.of()));
        ValidationException failure = new ValidationException(ValidationException.Source.BODY, ISSUES);
        assertEquals("[params]: Expected object, received array (+3 more)", failure.getMessage());
        assertEquals(ISSUES, failure.issues());
    }
}
