package dev.taskcast.server.validation;

import static dev.taskcast.server.validation.JsonAssertions.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QueryRouteTest {

    private static String repeated(String name) {
        return "{\"code\":\"invalid_type\",\"expected\":\"string\",\"received\":\"array\",\"path\":[\"" + name
                + "\"],\"message\":\"Expected string, received array\"}";
    }

    @Test
    void repeatedDeclaredParameterIsReported() {
        ValidationException failure = assertThrows(ValidationException.class,
                () -> QueryRoute.EVENT_HISTORY.validate(Map.of("since.index", List.of("1", "2"))));
        assertEquals(ValidationException.Source.QUERY, failure.source());
        assertJson("{\"success\":false,\"error\":{\"issues\":[" + repeated("since.index") + "],\"name\":\"ZodError\"}}",
                ValidationErrorBody.of(failure, null));
    }

    @Test
    void everyRepeatedParameterIsReportedInDeclarationOrder() {
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("limit", List.of("1", "2"));
        query.put("wrap", List.of("false", "false"));
        query.put("types", List.of("a", "b", "c"));
        query.put("levels", List.of("info"));
        ValidationException failure = assertThrows(ValidationException.class, () -> QueryRoute.TASK_EVENTS.validate(query));
        assertJson("[" + repeated("types") + "," + repeated("wrap") + "," + repeated("limit") + "]",
                ValidationErrorBody.zodError(failure.issues()).get("error").get("issues"));
    }

    @Test
    void singleValuesAndUndeclaredRepeatsPass() {
        QueryRoute.LIST_TASKS.validate(Map.of("status", List.of("running,pending"), "type", List.of(""),
                "other", List.of("1", "2")));
        QueryRoute.GLOBAL_EVENTS.validate(Map.of("types", List.of("a"), "since.index", List.of("1", "2")));
        QueryRoute.EVENT_HISTORY.validate(Map.of());
    }

    @ParameterizedTest
    @EnumSource(QueryRoute.class)
    void everyDeclaredParameterMayNotRepeat(QueryRoute route) {
        for (String name : route.parameters()) {
            ValidationException failure = assertThrows(ValidationException.class,
                    () -> route.validate(Map.of(name, List.of("", ""))));
            assertEquals(1, failure.issues().size());
            assertEquals(List.of(name), failure.issues().getFirst().path().segments());
        }
    }

    @Test
    void declaredParameters() {
        assertEquals(List.of("status", "type"), QueryRoute.LIST_TASKS.parameters());
        assertEquals(List.of("since.id", "since.index", "since.timestamp", "limit", "seriesFormat", "types", "levels"),
                QueryRoute.EVENT_HISTORY.parameters());
        assertEquals(List.of("types", "levels", "includeStatus", "wrap", "seriesFormat", "since.id", "since.index",
                "since.timestamp", "limit"), QueryRoute.TASK_EVENTS.parameters());
        assertEquals(List.of("types", "levels"), QueryRoute.GLOBAL_EVENTS.parameters());
    }
}
