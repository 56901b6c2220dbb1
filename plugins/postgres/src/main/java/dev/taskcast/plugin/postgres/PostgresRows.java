package dev.taskcast.plugin.postgres;

import static dev.taskcast.plugin.postgres.DbSupport.intValue;
import static dev.taskcast.plugin.postgres.DbSupport.longValue;
import static dev.taskcast.plugin.postgres.DbSupport.string;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskError;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.api.TaskcastJson;
import io.helidon.dbclient.DbRow;
import java.util.List;

/**
 * Row mapping of storage.md §5.1/§5.3/§5.4: which column holds which field, NULL for absent fields,
 * JSON columns as JSONB. JSONB travels as text both ways ({@code ?::jsonb} in, {@code col::text} out)
 * so that no driver-specific JSON type is involved.
 */
final class PostgresRows {
    static final String TASK_COLUMNS = "id, type, status, params::text AS params, result::text AS result,"
            + " error::text AS error, metadata::text AS metadata, auth_config::text AS auth_config,"
            + " webhooks::text AS webhooks, cleanup::text AS cleanup, created_at, updated_at, completed_at, ttl,"
            + " tags::text AS tags, assign_mode, cost, assigned_worker, disconnect_policy";

    static final String EVENT_COLUMNS = "id, task_id, idx, timestamp, type, level, data::text AS data,"
            + " series_id, series_mode, series_acc_field";

    /** Parameters for {@code VALUES (?, ?, ?, ?::jsonb × 7, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)} in §5.1 order. */
    static Object[] taskParams(Task t) {
        return new Object[] {
            t.id(), t.type(), t.status().wireName(),
            json(t.params()), json(t.result()), t.error() == null ? null : TaskcastJson.write(t.error()),
            json(t.metadata()), json(t.authConfig()), json(t.webhooks()), json(t.cleanup()),
            t.createdAt(), t.updatedAt(), t.completedAt(), t.ttl(),
            t.tags() == null ? null : TaskcastJson.write(t.tags()),
            t.assignMode(), t.cost(), t.assignedWorker(), t.disconnectPolicy(),
        };
    }

    /** Parameters for the ten event columns; {@code data} is NULL when absent or JSON {@code null}. */
    static Object[] eventParams(TaskEvent e) {
        return new Object[] {
            e.id(), e.taskId(), e.index(), e.timestamp(), e.type(), e.level().wireName(),
            eventData(e.data()), e.seriesId(), e.seriesMode() == null ? null : e.seriesMode().wireName(),
            e.seriesAccField(),
        };
    }

    /** The compaction UPDATE's parameters: timestamp, type, level, data, series fields (§5.4). */
    static Object[] contentParams(TaskEvent e) {
        return new Object[] {
            e.timestamp(), e.type(), e.level().wireName(), eventData(e.data()), e.seriesId(),
            e.seriesMode() == null ? null : e.seriesMode().wireName(), e.seriesAccField(),
        };
    }

    /** Every non-NULL column as its field; NULL columns are absent fields (§5.3). */
    static Task toTask(DbRow r) {
        return Task.builder(string(r, "id"), TaskStatus.fromWire(string(r, "status")), longValue(r, "created_at"))
                .type(string(r, "type"))
                .params(jsonColumn(r, "params"))
                .result(jsonColumn(r, "result"))
                .error(taskError(jsonColumn(r, "error")))
                .metadata(jsonColumn(r, "metadata"))
                .authConfig(jsonColumn(r, "auth_config"))
                .webhooks(jsonColumn(r, "webhooks"))
                .cleanup(jsonColumn(r, "cleanup"))
                .updatedAt(longValue(r, "updated_at"))
                .completedAt(longValue(r, "completed_at"))
                .ttl(intValue(r, "ttl"))
                .tags(tags(jsonColumn(r, "tags")))
                .assignMode(string(r, "assign_mode"))
                .cost(intValue(r, "cost"))
                .assignedWorker(string(r, "assigned_worker"))
                .disconnectPolicy(string(r, "disconnect_policy"))
                .build();
    }

    /** {@code data} is the JSONB value or JSON {@code null}, never absent; series fields only when set (§5.4). */
    static TaskEvent toEvent(DbRow r) {
        JsonNode data = jsonColumn(r, "data");
        String mode = string(r, "series_mode");
        return new TaskEvent(string(r, "id"), string(r, "task_id"), longValue(r, "idx"), longValue(r, "timestamp"),
                string(r, "type"), Level.fromWire(string(r, "level")), data == null ? NullNode.getInstance() : data,
                string(r, "series_id"), mode == null ? null : SeriesMode.fromWire(mode), string(r, "series_acc_field"),
                null);
    }

    /** The JSONB value of a column read as text; {@code null} for SQL NULL. */
    static JsonNode jsonColumn(DbRow r, String column) {
        String text = string(r, column);
        return text == null ? null : TaskcastJson.tree(text);
    }

    /**
     * A task's JSON field: absent → NULL; a present JSON {@code null} is kept as JSONB {@code null}
     * so that it reads back as present.
     */
    private static String json(JsonNode node) {
        return node == null ? null : TaskcastJson.write(node);
    }

    private static String eventData(JsonNode data) {
        return data == null || data.isNull() ? null : TaskcastJson.write(data);
    }

    private static TaskError taskError(JsonNode node) {
        return node == null || node.isNull() ? null : TaskcastJson.fromTree(node, TaskError.class);
    }

    private static List<String> tags(JsonNode node) {
        return node == null || node.isNull() ? null
                : TaskcastJson.mapper().convertValue(node, new TypeReference<List<String>>() { });
    }

    private PostgresRows() {
    }
}
