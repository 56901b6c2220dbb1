package dev.taskcast.server.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.TaskcastJson;
import java.util.function.Function;

/** Shared test helpers: JSON-tree comparison and capturing validation failures. */
final class JsonAssertions {
    private JsonAssertions() {
    }

    static JsonNode json(String text) {
        return TaskcastJson.tree(text);
    }

    /**
     * Compares as JSON trees (key order ignored). Both sides are re-read from text so that numeric
     * node types (int vs long) do not matter, only values do.
     */
    static void assertJson(String expected, JsonNode actual) {
        assertEquals(json(expected), json(actual.toString()));
    }

    /** The shape-(a) body the given validator answers for {@code body}. */
    static JsonNode zodErrorOf(Function<JsonNode, ?> validator, String body) {
        ValidationException failure = assertThrows(ValidationException.class, () -> validator.apply(json(body)));
        assertEquals(ValidationException.Source.BODY, failure.source());
        return ValidationErrorBody.zodError(failure.issues());
    }

    /** Asserts the issues (shape (a) {@code issues} array) that {@code validator} reports for {@code body}. */
    static void assertIssues(Function<JsonNode, ?> validator, String body, String expectedIssues) {
        assertJson("{\"success\":false,\"error\":{\"issues\":" + expectedIssues + ",\"name\":\"ZodError\"}}",
                zodErrorOf(validator, body));
    }
}
