package dev.taskcast.engine.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.TaskError;
import dev.taskcast.api.TaskStatus;
import java.util.Objects;

/**
 * A validated transition request (http-api.md §5.5). {@code reason}, {@code ttl},
 * {@code resumeAfterMs} and {@code blockedRequest} belong to later extensions: validated, not acted on.
 */
public record StatusChange(
        TaskStatus to,
        JsonNode result,
        TaskError error,
        String reason,
        Integer ttl,
        Long resumeAfterMs,
        JsonNode blockedRequest) {

    public StatusChange {
        Objects.requireNonNull(to, "StatusChange.to is required");
    }

    public static StatusChange to(TaskStatus status) {
        return new StatusChange(status, null, null, null, null, null, null);
    }
}
