package dev.taskcast.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Objects;

/**
 * An immutable event of a task's history (model.md §4.1).
 *
 * <p>{@code data} distinguishes "absent" (Java {@code null}: no {@code data} key on the wire) from
 * JSON {@code null} ({@link NullNode}). {@code seriesSnapshot} is {@code true} only on snapshots and
 * {@code null} otherwise; snapshots are never stored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskEvent(
        String id,
        String taskId,
        long index,
        long timestamp,
        String type,
        Level level,
        JsonNode data,
        String seriesId,
        SeriesMode seriesMode,
        String seriesAccField,
        Boolean seriesSnapshot) {

    public static final String STATUS_TYPE = "taskcast:status";

    public TaskEvent {
        Objects.requireNonNull(id, "TaskEvent.id is required");
        Objects.requireNonNull(taskId, "TaskEvent.taskId is required");
        Objects.requireNonNull(type, "TaskEvent.type is required");
        Objects.requireNonNull(level, "TaskEvent.level is required");
        if (index < 0) {
            throw new IllegalArgumentException("TaskEvent.index must be >= 0, was " + index);
        }
        if (Boolean.FALSE.equals(seriesSnapshot)) {
            seriesSnapshot = null;
        }
    }

    /** True when the event takes part in a series: it has both a non-empty series id and a mode (§8). */
    public boolean inSeries() {
        return seriesId != null && !seriesId.isEmpty() && seriesMode != null;
    }

    /** The accumulation field of an accumulate series: {@code seriesAccField}, else {@code "delta"}. */
    public String accumulationField() {
        return seriesAccField != null ? seriesAccField : "delta";
    }

    @JsonIgnore
    public boolean isSnapshot() {
        return Boolean.TRUE.equals(seriesSnapshot);
    }

    /**
     * The terminal status this event announces, if it is a terminal status event (http-api.md §7.5):
     * type {@code taskcast:status} and {@code data.status} a terminal status, whoever published it.
     */
    public TaskStatus terminalStatus() {
        if (!STATUS_TYPE.equals(type) || data == null || !data.isObject()) {
            return null;
        }
        JsonNode status = data.get("status");
        if (status == null || !status.isTextual()) {
            return null;
        }
        return TaskStatus.parse(status.textValue()).filter(TaskStatus::isTerminal).orElse(null);
    }

    public TaskEvent withData(JsonNode newData) {
        return new TaskEvent(id, taskId, index, timestamp, type, level, newData, seriesId, seriesMode,
                seriesAccField, seriesSnapshot);
    }

    public TaskEvent asSnapshot() {
        return new TaskEvent(id, taskId, index, timestamp, type, level, data, seriesId, seriesMode,
                seriesAccField, Boolean.TRUE);
    }

    public TaskEvent withoutSnapshotFlag() {
        return seriesSnapshot == null ? this : new TaskEvent(id, taskId, index, timestamp, type, level, data,
                seriesId, seriesMode, seriesAccField, null);
    }
}
