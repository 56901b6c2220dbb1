package dev.taskcast.server.validation;

import dev.taskcast.server.validation.Issue.InvalidType;
import java.util.List;
import java.util.Map;

/**
 * The query parameters each GET route declares. The original's query schema declares each of them
 * as an optional string, so a repeated one (which arrives as an array) is a 400; undeclared
 * parameters are ignored (http-api.md §5.3, §6.2, §7.1, §8).
 */
public enum QueryRoute {
    /** {@code GET /tasks}. */
    LIST_TASKS("status", "type"),
    /** {@code GET /tasks/{taskId}/events/history}. */
    EVENT_HISTORY("since.id", "since.index", "since.timestamp", "limit", "seriesFormat", "types", "levels"),
    /** {@code GET /tasks/{taskId}/events} (SSE). */
    TASK_EVENTS("types", "levels", "includeStatus", "wrap", "seriesFormat", "since.id", "since.index",
            "since.timestamp", "limit"),
    /** {@code GET /events} (global SSE). */
    GLOBAL_EVENTS("types", "levels");

    private final List<String> parameters;

    QueryRoute(String... parameters) {
        this.parameters = List.of(parameters);
    }

    /** The declared names, in declaration order. */
    public List<String> parameters() {
        return parameters;
    }

    /**
     * Checks that no declared parameter appears more than once.
     *
     * @param query every query parameter name with all its values, in request order
     * @throws ValidationException (source {@code QUERY}) with one issue per repeated parameter
     */
    public void validate(Map<String, List<String>> query) {
        List<Issue> issues = parameters.stream()
                .filter(name -> query.getOrDefault(name, List.of()).size() > 1)
                .<Issue>map(name -> new InvalidType(JsonPath.ROOT.key(name), "string", "array"))
                .toList();
        if (!issues.isEmpty()) {
            throw new ValidationException(ValidationException.Source.QUERY, issues);
        }
    }
}
