package dev.taskcast.engine.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import java.util.Objects;

/** A validated event to publish (http-api.md §6.1); {@code data == null} means no data key. */
public record NewEvent(String type, Level level, JsonNode data, String seriesId, SeriesMode seriesMode,
                       String seriesAccField) {
    public NewEvent {
        Objects.requireNonNull(type, "NewEvent.type is required");
        Objects.requireNonNull(level, "NewEvent.level is required");
    }

    public static NewEvent of(String type, Level level, JsonNode data) {
        return new NewEvent(type, level, data, null, null, null);
    }
}
