package dev.taskcast.engine.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A validated create request (http-api.md §5.2); {@code null} fields were not supplied. */
public record NewTask(
        String id,
        String type,
        JsonNode params,
        JsonNode metadata,
        Integer ttl,
        JsonNode authConfig,
        JsonNode webhooks,
        JsonNode cleanup,
        List<String> tags,
        String assignMode,
        Integer cost,
        String disconnectPolicy) {

    public static NewTask empty() {
        return new NewTask(null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
