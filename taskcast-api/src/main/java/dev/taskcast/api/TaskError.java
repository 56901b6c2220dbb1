package dev.taskcast.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** The error a task failed with: {@code {code?, message, details?}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskError(String code, String message, JsonNode details) {
    public TaskError {
        Objects.requireNonNull(message, "TaskError.message is required");
    }
}
