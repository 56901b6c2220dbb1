package dev.taskcast.engine.storage.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.f4b6a3.ulid.UlidCreator;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.api.TaskcastJson;
import java.util.UUID;

/**
 * Test data for the storage contracts. Ids are unique per run so that the suites can share one
 * Redis or PostgreSQL with other runs and with each other.
 */
public final class StorageFixtures {
    /** A fixed, realistic epoch-ms base: the contracts assert on values, not on the clock. */
    public static final long T0 = 1_700_000_000_000L;

    private StorageFixtures() {
    }

    /** A prefix no other test run uses; task ids are built from it. */
    public static String uniquePrefix() {
        return "contract-" + UUID.randomUUID() + ":";
    }

    public static String newEventId() {
        return UlidCreator.getMonotonicUlid().toString();
    }

    public static JsonNode json(String text) {
        return TaskcastJson.tree(text);
    }

    public static Task task(String id, TaskStatus status) {
        return Task.builder(id, status, T0).build();
    }

    /** A plain {@code log} event at {@code index} with {@code timestamp = T0 + index} and data {@code {"n":index}}. */
    public static EventBuilder event(String taskId, long index) {
        return new EventBuilder(taskId, index);
    }

    /** Builds a {@link TaskEvent} field by field; starts as a plain info-level {@code log} event. */
    public static final class EventBuilder {
        private String id = newEventId();
        private final String taskId;
        private final long index;
        private long timestamp;
        private String type = "log";
        private Level level = Level.INFO;
        private JsonNode data;
        private String seriesId;
        private SeriesMode seriesMode;
        private String seriesAccField;

        private EventBuilder(String taskId, long index) {
            this.taskId = taskId;
            this.index = index;
            this.timestamp = T0 + index;
            this.data = json("{\"n\":" + index + "}");
        }

        public EventBuilder id(String v) {
            id = v;
            return this;
        }

        public EventBuilder timestamp(long v) {
            timestamp = v;
            return this;
        }

        public EventBuilder type(String v) {
            type = v;
            return this;
        }

        public EventBuilder level(Level v) {
            level = v;
            return this;
        }

        /** JSON text of the data; use {@link #noData()} for an absent {@code data} key. */
        public EventBuilder data(String jsonText) {
            data = json(jsonText);
            return this;
        }

        public EventBuilder data(JsonNode v) {
            data = v;
            return this;
        }

        public EventBuilder noData() {
            data = null;
            return this;
        }

        public EventBuilder series(String id, SeriesMode mode) {
            seriesId = id;
            seriesMode = mode;
            return this;
        }

        public EventBuilder accField(String v) {
            seriesAccField = v;
            return this;
        }

        /** An accumulate-series event whose data is {@code {"delta": <delta>}}. */
        public EventBuilder delta(String series, String delta) {
            series(series, SeriesMode.ACCUMULATE);
            data = TaskcastJson.object().put("delta", delta);
            return this;
        }

        public TaskEvent build() {
            return new TaskEvent(id, taskId, index, timestamp, type, level, data, seriesId, seriesMode,
                    seriesAccField, null);
        }
    }
}
