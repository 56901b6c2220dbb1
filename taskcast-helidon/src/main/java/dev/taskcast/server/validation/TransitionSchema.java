package dev.taskcast.server.validation;

import static dev.taskcast.server.validation.Presence.OPTIONAL;
import static dev.taskcast.server.validation.Presence.REQUIRED;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.api.TaskError;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.task.StatusChange;
import java.util.ArrayList;
import java.util.List;

/** The body of {@code PATCH /tasks/{taskId}/status} (http-api.md §5.5). */
public final class TransitionSchema {
    private TransitionSchema() {
    }

    /**
     * Validates a transition body. {@code error} and {@code blockedRequest} keep only their
     * declared keys, as zod's output does.
     *
     * @throws ValidationException with every issue, in the original schema's field order
     */
    public static StatusChange validate(JsonNode body) {
        List<Issue> issues = new ArrayList<>();
        ObjectFields change = ObjectFields.of(body, JsonPath.ROOT, issues);
        if (change == null) {
            throw new ValidationException(ValidationException.Source.BODY, issues);
        }
        TaskStatus status = change.oneOf("status", TaskStatus.WIRE_NAMES, TaskStatus::fromWire, REQUIRED);
        JsonNode result = change.record("result");
        TaskError error = taskError(change.object("error", OPTIONAL));
        String reason = change.string("reason", OPTIONAL);
        Long ttl = change.integer("ttl", IntRange.POSITIVE_INT);
        Long resumeAfterMs = change.integer("resumeAfterMs", IntRange.POSITIVE_SAFE_INTEGER);
        JsonNode blockedRequest = blockedRequest(change.object("blockedRequest", OPTIONAL));
        if (!issues.isEmpty()) {
            throw new ValidationException(ValidationException.Source.BODY, issues);
        }
        return new StatusChange(status, result, error, reason, ttl == null ? null : Math.toIntExact(ttl),
                resumeAfterMs, blockedRequest);
    }

    /** {@code {code?: string, message: string, details?: object}}; {@code null} if invalid (reported). */
    private static TaskError taskError(ObjectFields error) {
        if (error == null) {
            return null;
        }
        String code = error.string("code", OPTIONAL);
        String message = error.string("message", REQUIRED);
        JsonNode details = error.record("details");
        return message == null ? null : new TaskError(code, message, details);
    }

    /** {@code {type: string, data: unknown}}; {@code data} stays absent when it was absent. */
    private static JsonNode blockedRequest(ObjectFields request) {
        if (request == null) {
            return null;
        }
        String type = request.string("type", REQUIRED);
        JsonNode data = request.any("data");
        ObjectNode kept = TaskcastJson.object();
        kept.put("type", type);
        if (data != null) {
            kept.set("data", data);
        }
        return kept;
    }
}
