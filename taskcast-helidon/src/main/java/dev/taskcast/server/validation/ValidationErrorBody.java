package dev.taskcast.server.validation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.api.TaskcastJson;
import java.util.List;

/** The two JSON bodies of a validation 400 (http-api.md §3.2). */
public final class ValidationErrorBody {
    private ValidationErrorBody() {
    }

    /**
     * The body for a failed request. The original validates query parameters and JSON-typed bodies
     * before its handler runs (shape (a)); a body sent without a JSON Content-Type is validated by
     * the handler itself, which answers zod's flattened form (shape (b)).
     *
     * @param requestContentType the request's Content-Type header value, {@code null} when absent
     */
    public static ObjectNode of(ValidationException failure, String requestContentType) {
        boolean preHandler = failure.source() == ValidationException.Source.QUERY
                || JsonBody.isJsonContentType(requestContentType);
        return preHandler ? zodError(failure.issues()) : flattened(failure.issues());
    }

    /** Shape (a): {@code {"success":false,"error":{"issues":[...],"name":"ZodError"}}}. */
    public static ObjectNode zodError(List<Issue> issues) {
        ObjectNode body = TaskcastJson.object();
        body.put("success", false);
        body.set("error", Issue.zodError(issues));
        return body;
    }

    /**
     * Shape (b), zod's {@code error.flatten()}: messages of root issues in {@code formErrors}, the
     * others grouped by the first segment of their path in {@code fieldErrors}.
     */
    public static ObjectNode flattened(List<Issue> issues) {
        ObjectNode body = TaskcastJson.object();
        ObjectNode error = body.putObject("error");
        ArrayNode formErrors = error.putArray("formErrors");
        ObjectNode fieldErrors = error.putObject("fieldErrors");
        for (Issue issue : issues) {
            if (issue.path().isRoot()) {
                formErrors.add(issue.message());
            } else {
                String field = issue.path().firstSegment();
                ArrayNode messages = fieldErrors.has(field) ? (ArrayNode) fieldErrors.get(field)
                        : fieldErrors.putArray(field);
                messages.add(issue.message());
            }
        }
        return body;
    }
}
